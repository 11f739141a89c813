/**
 * Turns AWS SDK failures into Rebound's `DependencyError` so SDK types never leave this package.
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
