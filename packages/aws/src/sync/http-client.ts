/**
 * The JSON-over-HTTPS client the SendGrid and Postmark adapters share: base URL and auth
 * headers, rate-limit handling (429 → wait `Retry-After` or `X-RateLimit-Reset`, and a pause
 * before the next request when `X-RateLimit-Remaining` hits 0), retries on 5xx and network
 * errors, and one typed error per thing the operator can act on.
 */

import { backoffMs, type RetryPolicy, resetMs, retryAfterMs, retryPolicy } from './rate-limit.ts';
import { SyncAuthError, SyncRateLimitError, SyncVendorError } from './sync-errors.ts';

/** How to reach one vendor. */
export interface HttpClientOptions {
  /** `sendgrid`, `postmark`: used in every message. */
  vendor: string;
  /** E.g. `https://api.sendgrid.com`; a path prefix is kept. */
  baseUrl: string;
  /** Auth and accept headers sent with every request. */
  headers: Record<string, string>;
  /** What to tell the operator on 401/403, e.g. `check the API key (SENDGRID_API_KEY)`. */
  authHint: string;
  policy?: RetryPolicy;
  /** Per-request timeout (default 30 s). */
  timeoutMs?: number;
}

/** One answer: status and parsed JSON body (null when empty). */
export interface HttpAnswer {
  status: number;
  body: unknown;
}

/** A request's options. */
export interface RequestOptions {
  query?: Record<string, string | number | undefined>;
  body?: unknown;
  /** Statuses answered as data instead of an error (e.g. 404 for "not on this list"). */
  accept?: readonly number[];
}

/** The client. */
export interface HttpClient {
  request(method: string, path: string, opts?: RequestOptions): Promise<HttpAnswer>;
  /** Waits for rate limits so far. */
  readonly rateLimitWaits: number;
}

/** The vendor's own words in an error body: SendGrid `errors[].message`, Postmark `Message`. */
export function errorMessage(body: unknown, text: string): string {
  const b = body as {
    errors?: { message?: unknown }[];
    Message?: unknown;
    message?: unknown;
    ErrorCode?: unknown;
  } | null;
  const sendgrid = Array.isArray(b?.errors)
    ? b.errors.map((e) => e?.message).filter((m) => typeof m === 'string')
    : [];
  if (sendgrid.length) return sendgrid.join('; ');
  if (typeof b?.Message === 'string') {
    return b.ErrorCode === undefined
      ? b.Message
      : `${b.Message} (ErrorCode ${String(b.ErrorCode)})`;
  }
  if (typeof b?.message === 'string') return b.message;
  return text.slice(0, 200).trim() || 'no details';
}

function parse(text: string): unknown {
  if (!text) return null;
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

/** What a failed `fetch` says about the connection (`ECONNREFUSED`, a timeout, …). */
function networkCause(err: unknown): string {
  const cause = (err as { cause?: { code?: string; message?: string } }).cause;
  return cause?.code ?? cause?.message ?? (err as Error).message;
}

/** Creates the client. */
export function createHttpClient(opts: HttpClientOptions): HttpClient {
  const policy = opts.policy ?? retryPolicy();
  const timeoutMs = opts.timeoutMs ?? 30_000;
  let waits = 0;
  /** Set when the last answer said no requests remain: the next request waits until then. */
  let pauseUntil = 0;

  const wait = async (ms: number, why: 'rate-limit' | 'failure') => {
    if (why === 'rate-limit') waits++;
    policy.onWait?.(ms, why);
    await policy.sleep(ms);
  };

  function urlOf(path: string, query: RequestOptions['query']): URL {
    const base = opts.baseUrl.endsWith('/') ? opts.baseUrl : `${opts.baseUrl}/`;
    const url = new URL(path.replace(/^\//, ''), base);
    for (const [k, v] of Object.entries(query ?? {})) {
      if (v !== undefined) url.searchParams.set(k, String(v));
    }
    return url;
  }

  async function request(
    method: string,
    path: string,
    ro: RequestOptions = {},
  ): Promise<HttpAnswer> {
    const url = urlOf(path, ro.query);
    const label = `${opts.vendor} ${method} ${url.pathname}`;
    let limited = 0;
    let failed = 0;
    for (;;) {
      const pause = pauseUntil - policy.now();
      if (pause > 0) {
        pauseUntil = 0;
        await wait(Math.min(pause, policy.maxWaitMs), 'rate-limit');
      }
      let res: Response;
      let text: string;
      try {
        res = await fetch(url, {
          method,
          headers: {
            ...opts.headers,
            ...(ro.body === undefined ? {} : { 'content-type': 'application/json' }),
          },
          ...(ro.body === undefined ? {} : { body: JSON.stringify(ro.body) }),
          signal: AbortSignal.timeout(timeoutMs),
          redirect: 'error',
        });
        text = await res.text();
      } catch (err) {
        if (++failed >= policy.failureAttempts) {
          throw new SyncVendorError(
            opts.vendor,
            null,
            `cannot reach ${opts.vendor} at ${url.origin}: ${networkCause(err)}`,
            { cause: err },
          );
        }
        await wait(backoffMs(failed, policy), 'failure');
        continue;
      }
      const body = parse(text);
      const now = policy.now();
      if (res.headers.get('x-ratelimit-remaining') === '0') {
        const reset = resetMs(res.headers.get('x-ratelimit-reset'), now);
        if (reset !== null && reset > 0) pauseUntil = now + reset;
      }
      if ((res.status >= 200 && res.status < 300) || ro.accept?.includes(res.status)) {
        return { status: res.status, body };
      }
      if (res.status === 401 || res.status === 403) {
        throw new SyncAuthError(
          opts.vendor,
          res.status,
          `${opts.vendor} answered ${res.status} (${errorMessage(body, text)}): ${opts.authHint}`,
        );
      }
      if (res.status === 429) {
        pauseUntil = 0;
        const asked =
          retryAfterMs(res.headers.get('retry-after'), now) ??
          resetMs(res.headers.get('x-ratelimit-reset'), now);
        if (asked !== null && asked > policy.maxWaitMs) {
          throw new SyncRateLimitError(
            opts.vendor,
            `${label}: rate limited; ${opts.vendor} asks to wait ${Math.ceil(asked / 1000)} s, more than ${policy.maxWaitMs / 1000} s: run again later (the sync resumes where it stopped)`,
          );
        }
        if (++limited >= policy.rateLimitAttempts) {
          throw new SyncRateLimitError(
            opts.vendor,
            `${label}: still rate limited after ${limited} tries: run again later (the sync resumes where it stopped)`,
          );
        }
        await wait(asked ?? backoffMs(limited, policy), 'rate-limit');
        continue;
      }
      if (res.status >= 500) {
        if (++failed >= policy.failureAttempts) {
          throw new SyncVendorError(
            opts.vendor,
            res.status,
            `${label} answered ${res.status} ${failed} times (${errorMessage(body, text)})`,
          );
        }
        await wait(backoffMs(failed, policy), 'failure');
        continue;
      }
      throw new SyncVendorError(
        opts.vendor,
        res.status,
        `${label} answered ${res.status}: ${errorMessage(body, text)}`,
      );
    }
  }

  return {
    request,
    get rateLimitWaits() {
      return waits;
    },
  };
}
