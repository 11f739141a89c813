/**
 * Waiting politely: how long a vendor asks us to wait (`Retry-After` as seconds or an HTTP
 * date, SendGrid's `X-RateLimit-Reset` epoch seconds), a jittered backoff when it does not
 * say, and the retry policy every vendor client shares (patience, clock, sleep).
 */

/** How a client retries: attempts, the longest single wait it accepts, and its clock. */
export interface RetryPolicy {
  /** Tries per request when the vendor rate-limits (429) before giving up (default 12). */
  rateLimitAttempts: number;
  /** Tries per request on 5xx answers and network errors (default 4). */
  failureAttempts: number;
  /** The longest single wait; a vendor asking for more ends the run, resumable (default 60 s). */
  maxWaitMs: number;
  /** First backoff step when the vendor gives no hint (default 500 ms). */
  baseMs: number;
  sleep(ms: number): Promise<void>;
  now(): number;
  random(): number;
  /** Called before every wait (the run counts rate-limit waits). */
  onWait?(ms: number, why: 'rate-limit' | 'failure'): void;
}

/** The default policy, with any field replaced. */
export function retryPolicy(over: Partial<RetryPolicy> = {}): RetryPolicy {
  return {
    rateLimitAttempts: 12,
    failureAttempts: 4,
    maxWaitMs: 60_000,
    baseMs: 500,
    sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
    now: () => Date.now(),
    random: Math.random,
    ...over,
  };
}

/**
 * Milliseconds a `Retry-After` header asks for (RFC 9110 §10.2.3: delay-seconds or an
 * HTTP-date), or null when absent or unreadable. A date in the past is 0.
 *
 * @example retryAfterMs('2', 0) // 2000
 */
export function retryAfterMs(value: string | null | undefined, nowMs: number): number | null {
  const v = value?.trim();
  if (!v) return null;
  if (/^\d+$/.test(v)) return Number(v) * 1000;
  const at = Date.parse(v);
  return Number.isNaN(at) ? null : Math.max(0, at - nowMs);
}

/**
 * Milliseconds until an epoch-seconds reset time (SendGrid's `X-RateLimit-Reset`), or null.
 *
 * @example resetMs('1700000010', 1_700_000_000_000) // 10000
 */
export function resetMs(value: string | null | undefined, nowMs: number): number | null {
  const v = value?.trim();
  if (!v || !/^\d+$/.test(v)) return null;
  return Math.max(0, Number(v) * 1000 - nowMs);
}

/** Full-jitter exponential backoff for attempt `n` (0-based), capped at `maxWaitMs`. */
export function backoffMs(n: number, policy: RetryPolicy): number {
  const ceiling = Math.min(policy.maxWaitMs, policy.baseMs * 2 ** n);
  return Math.round(policy.baseMs / 2 + policy.random() * Math.max(0, ceiling - policy.baseMs / 2));
}
