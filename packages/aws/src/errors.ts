/**
 * Turns AWS SDK failures into Rebound's `DependencyError` so SDK types never leave this package,
 * plus a small jittered backoff used by every retry loop here.
 */
import { DependencyError } from '@rebound/core';

/** Wraps any thrown value as a DependencyError naming the dependency (`dynamodb`, `sqs`). */
export function dependencyError(dependency: string, err: unknown): DependencyError {
  if (err instanceof DependencyError) return err;
  const name = err instanceof Error ? err.name : 'Error';
  const message = err instanceof Error ? err.message : String(err);
  return new DependencyError(dependency, `${dependency}: ${name}: ${message}`, { cause: err });
}

/** Runs `fn`, translating failures into DependencyError. */
export async function guard<T>(dependency: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    throw dependencyError(dependency, err);
  }
}

/** Sleeps with full jitter: a random time up to `base * 2^attempt` ms, capped. */
export function backoff(attempt: number, baseMs = 25, capMs = 1_000): Promise<void> {
  const ms = Math.random() * Math.min(capMs, baseMs * 2 ** attempt);
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Maps over items with at most `limit` promises in flight. */
export async function mapLimit<T, R>(
  items: readonly T[],
  limit: number,
  fn: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i] as T, i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}
