/**
 * A local HTTP server for the vendor fakes (loopback only): records every request, answers
 * through the fake's router, and lets a test inject faults in front of it (a 429 storm, an
 * outage, a crash after N requests) without touching the fake's own behaviour.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request as received. */
export interface FakeRequest {
  method: string;
  /** The path exactly as sent (still percent-encoded). */
  rawPath: string;
  /** The path, percent-decoded segment by segment. */
  path: string;
  /** The query string exactly as sent (without `?`). */
  rawQuery: string;
  query: URLSearchParams;
  /** Lower-cased names. */
  headers: Record<string, string>;
  body: string;
  /** Epoch ms when it arrived. */
  at: number;
  /** The status it was answered with (set once answered). */
  status?: number;
}

/** An answer. */
export interface FakeResponse {
  status: number;
  headers?: Record<string, string>;
  /** Serialized as JSON unless it is a string; absent: no body. */
  body?: unknown;
}

/** A fault: answers instead of the fake when it returns a response. */
export type Fault = (req: FakeRequest, index: number) => FakeResponse | undefined;

/** A running fake. */
export interface FakeServer {
  url: string;
  requests: FakeRequest[];
  /** The fault in front of the router (undefined: none). */
  fault: Fault | undefined;
  close(): Promise<void>;
}

function headersOf(req: IncomingMessage): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(req.headers)) {
    if (v !== undefined) out[k.toLowerCase()] = Array.isArray(v) ? v.join(', ') : v;
  }
  return out;
}

/** Starts a fake on 127.0.0.1 with a free port. */
export async function startFake(
  route: (req: FakeRequest) => FakeResponse | Promise<FakeResponse>,
): Promise<FakeServer> {
  const fake: FakeServer = {
    url: '',
    requests: [],
    fault: undefined,
    close: async () => undefined,
  };
  const server: Server = createServer(async (req, res) => {
    let body = '';
    for await (const chunk of req) body += chunk;
    const raw = req.url ?? '/';
    const q = raw.indexOf('?');
    const rawPath = q < 0 ? raw : raw.slice(0, q);
    const rawQuery = q < 0 ? '' : raw.slice(q + 1);
    const request: FakeRequest = {
      method: req.method ?? 'GET',
      rawPath,
      path: rawPath
        .split('/')
        .map((s) => {
          try {
            return decodeURIComponent(s);
          } catch {
            return s;
          }
        })
        .join('/'),
      rawQuery,
      query: new URLSearchParams(rawQuery),
      headers: headersOf(req),
      body,
      at: Date.now(),
    };
    fake.requests.push(request);
    let answer: FakeResponse;
    try {
      answer = fake.fault?.(request, fake.requests.length - 1) ?? (await route(request));
    } catch (err) {
      answer = { status: 500, body: { message: (err as Error).message } };
    }
    request.status = answer.status;
    const text =
      answer.body === undefined
        ? ''
        : typeof answer.body === 'string'
          ? answer.body
          : JSON.stringify(answer.body);
    res.writeHead(answer.status, {
      ...(text ? { 'content-type': 'application/json' } : {}),
      ...answer.headers,
    });
    res.end(text);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  fake.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  fake.close = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return fake;
}

/** A fault answering 429 (with `Retry-After: seconds`) to every `every`-th request, `times` times. */
export function rateLimitStorm(opts: {
  every: number;
  times: number;
  retryAfter?: number;
  body: unknown;
  headers?: Record<string, string>;
}): Fault {
  let left = opts.times;
  return (_req, index) => {
    if (left <= 0 || index % opts.every !== 0) return undefined;
    left--;
    return {
      status: 429,
      headers: {
        ...(opts.retryAfter === undefined ? {} : { 'retry-after': String(opts.retryAfter) }),
        ...opts.headers,
      },
      body: opts.body,
    };
  };
}
