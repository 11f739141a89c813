/**
 * The HTTP calls `rebound connect` makes to a vendor's API: JSON in and out, the secret header
 * redacted in dry-run prints, 429 retried after Retry-After (bounded), and every failure turned
 * into a ConnectError that says what to fix.
 */

/** A failure the user can act on (exit 1, one line, no stack trace). */
export class ConnectError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConnectError';
  }
}

/** One request, as printed by `--dry-run`. */
export interface PlannedRequest {
  method: 'GET' | 'POST' | 'PATCH' | 'PUT';
  url: string;
  body?: unknown;
}

/** How requests go out: for real, or printed (dry run: nothing is sent, reads answer `dryAnswer`). */
export interface Transport {
  dryRun: boolean;
  print: (line: string) => void;
  /** Secret header for every request (name and value; the value is never printed). */
  auth: { header: string; value: string };
  /** What a vendor is called in messages. */
  vendor: string;
  /** Extra advice per status (401/403/…). */
  advice: Partial<Record<number, string>>;
  /** Waits between 429 retries (tests shorten it). */
  sleep?: (ms: number) => Promise<void>;
}

/** Sends one request (or prints it); returns the parsed JSON answer. */
export async function call<T>(t: Transport, req: PlannedRequest, dryAnswer: T): Promise<T> {
  const shown = `${req.method} ${req.url}${req.body === undefined ? '' : ` ${JSON.stringify(req.body)}`}`;
  if (t.dryRun) {
    t.print(`would send: ${shown}  (${t.auth.header}: ***)`);
    return dryAnswer;
  }
  const sleep = t.sleep ?? ((ms: number) => new Promise((r) => setTimeout(r, ms)));
  for (let attempt = 0; ; attempt++) {
    let res: Response;
    try {
      res = await fetch(req.url, {
        method: req.method,
        headers: {
          [t.auth.header]: t.auth.value,
          accept: 'application/json',
          ...(req.body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        ...(req.body === undefined ? {} : { body: JSON.stringify(req.body) }),
      });
    } catch (err) {
      const cause = (err as { cause?: { code?: string } }).cause?.code ?? (err as Error).message;
      throw new ConnectError(
        `cannot reach the ${t.vendor} API at ${new URL(req.url).origin}: ${cause}`,
      );
    }
    const text = await res.text();
    if (res.status === 429 && attempt < 4) {
      const after = Number(res.headers.get('retry-after') ?? res.headers.get('x-ratelimit-reset'));
      const waitS = Number.isFinite(after) && after > 0 && after < 120 ? after : 2 ** attempt;
      t.print(`${t.vendor} asks us to slow down (429): waiting ${waitS} s`);
      await sleep(waitS * 1000);
      continue;
    }
    if (!res.ok) {
      const advice = t.advice[res.status] ?? '';
      throw new ConnectError(
        `${t.vendor} answered ${res.status} to ${req.method} ${new URL(req.url).pathname}${advice ? `: ${advice}` : ''} (${text.slice(0, 200).replace(/\s+/g, ' ')})`,
      );
    }
    try {
      return (text ? JSON.parse(text) : {}) as T;
    } catch {
      throw new ConnectError(
        `${t.vendor} answered something that is not JSON to ${req.method} ${req.url}`,
      );
    }
  }
}
