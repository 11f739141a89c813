/** The HTTP probes `rebound doctor` sends: bounded in time, never following redirects. */
import type { Probe } from './findings.ts';

/** Sends one request; a network failure or a timeout becomes `{ error }`. */
export async function probe(
  url: string,
  init: { method: string; headers?: Record<string, string>; body?: string },
  timeoutMs = 10_000,
): Promise<Probe> {
  try {
    const res = await fetch(url, {
      ...init,
      redirect: 'manual',
      signal: AbortSignal.timeout(timeoutMs),
    });
    const text = await res.text();
    let body: Record<string, unknown> | null = null;
    try {
      const v = JSON.parse(text);
      body = v && typeof v === 'object' && !Array.isArray(v) ? v : null;
    } catch {
      body = null;
    }
    return { status: res.status, body };
  } catch (err) {
    const e = err as Error & { cause?: { code?: string } };
    return {
      error:
        e.name === 'TimeoutError'
          ? `no answer in ${timeoutMs / 1000} s`
          : (e.cause?.code ?? e.message),
    };
  }
}
