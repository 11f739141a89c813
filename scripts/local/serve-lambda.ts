/**
 * A `node:http` server that invokes Lambda handlers the way a Function URL does: request →
 * payload-v2 event (`routeKey: $default`, base64 for non-text bodies) → response.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';

/** A payload-v2 HTTP handler (what `functions/*.handler` export). */
export type HttpLambda = (
  event: Record<string, unknown>,
  context: LambdaContext,
) => Promise<unknown>;

/** The Lambda context fields handlers and Powertools read. */
export interface LambdaContext {
  functionName: string;
  functionVersion: string;
  invokedFunctionArn: string;
  memoryLimitInMB: string;
  awsRequestId: string;
  logGroupName: string;
  logStreamName: string;
  callbackWaitsForEmptyEventLoop: boolean;
  getRemainingTimeInMillis(): number;
  done(): void;
  fail(): void;
  succeed(): void;
}

/** A route: method + exact path or pattern, and the function behind it. */
export interface Route {
  method: string;
  path: RegExp;
  functionName: string;
  handler: HttpLambda;
}

const TEXT = /^(text\/|application\/(json|xml|x-www-form-urlencoded|[\w.+-]*\+json|javascript))/;

/** A deployed Function URL refuses request bodies over 6 MB (Lambda's payload limit). */
export const MAX_REQUEST_BYTES = 6 * 1024 * 1024;

/** Whether `buf` is valid UTF-8 (decoding it as text would lose nothing). */
function isUtf8(buf: Buffer): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(buf);
    return true;
  } catch {
    return false;
  }
}

/** A Lambda context with a deadline of `timeoutMs` from now. */
export function lambdaContext(functionName: string, timeoutMs = 30_000): LambdaContext {
  const deadline = Date.now() + timeoutMs;
  const noop = () => {};
  return {
    functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:us-east-1:000000000000:function:${functionName}`,
    memoryLimitInMB: '256',
    awsRequestId: randomUUID(),
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: 'local',
    callbackWaitsForEmptyEventLoop: false,
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    done: noop,
    fail: noop,
    succeed: noop,
  };
}

/** Builds the payload-v2 event a Function URL would deliver for this request. */
export function toEvent(req: IncomingMessage, buf: Buffer): Record<string, unknown> {
  const url = new URL(req.url ?? '/', 'http://localhost');
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(req.headers)) {
    if (v !== undefined) headers[k.toLowerCase()] = Array.isArray(v) ? v.join(',') : v;
  }
  // Raw bytes reach the handler: a body is passed as text only when it is text and valid
  // UTF-8 (lossless), else base64, so the handler's own UTF-8 check sees bad bytes.
  const isText = !buf.length || (TEXT.test(headers['content-type'] ?? 'text/plain') && isUtf8(buf));
  const query = url.search.slice(1);
  const params: Record<string, string> = {};
  for (const [k, v] of url.searchParams)
    params[k] = params[k] === undefined ? v : `${params[k]},${v}`;
  const now = new Date();
  return {
    version: '2.0',
    routeKey: '$default',
    rawPath: url.pathname,
    rawQueryString: query,
    ...(query ? { queryStringParameters: params } : {}),
    headers,
    ...(headers.cookie ? { cookies: headers.cookie.split(/;\s*/) } : {}),
    requestContext: {
      accountId: 'anonymous',
      apiId: 'local',
      domainName: headers.host ?? 'localhost',
      http: {
        method: req.method ?? 'GET',
        path: url.pathname,
        protocol: `HTTP/${req.httpVersion}`,
        sourceIp: req.socket.remoteAddress ?? '127.0.0.1',
        userAgent: headers['user-agent'] ?? '',
      },
      requestId: randomUUID(),
      routeKey: '$default',
      stage: '$default',
      time: now.toUTCString(),
      timeEpoch: now.getTime(),
    },
    ...(buf.length ? { body: buf.toString(isText ? 'utf8' : 'base64') } : {}),
    isBase64Encoded: !isText,
  };
}

/** Writes a Lambda result as Function URLs do (non-response objects become 200 JSON). */
function respond(res: ServerResponse, result: unknown): void {
  const r = result as { statusCode?: number; headers?: Record<string, string>; body?: string };
  if (!r || typeof r !== 'object' || typeof r.statusCode !== 'number') {
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(result ?? null));
    return;
  }
  const { cookies, isBase64Encoded } = result as { cookies?: string[]; isBase64Encoded?: boolean };
  const headers: Record<string, string | string[]> = { ...(r.headers ?? {}) };
  if (cookies?.length) headers['set-cookie'] = cookies;
  res.writeHead(r.statusCode, headers);
  res.end(r.body === undefined ? '' : Buffer.from(r.body, isBase64Encoded ? 'base64' : 'utf8'));
}

/**
 * An HTTP server routing to Lambda handlers: 503 while `routes()` is undefined (booting),
 * 404 for unknown routes, 413 for a body over 6 MB, 502 when a handler throws (as a Function
 * URL answers).
 */
export function createLambdaServer(
  routes: () => Route[] | undefined,
  log = console.error,
  maxBytes = MAX_REQUEST_BYTES,
): Server {
  return createServer((req, res) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = false;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > maxBytes) {
        // Stop buffering at the limit; drain the rest and answer 413 once it is read.
        tooLarge = true;
        chunks.length = 0;
        return;
      }
      chunks.push(c);
    });
    req.on('end', async () => {
      if (tooLarge) {
        res.writeHead(413, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ message: 'Request Entity Too Large' }));
        return;
      }
      const path = new URL(req.url ?? '/', 'http://localhost').pathname;
      const table = routes();
      if (!table) {
        res.writeHead(503, { 'content-type': 'application/json', 'retry-after': '1' });
        res.end(JSON.stringify({ message: 'local stack is starting' }));
        return;
      }
      const route = table.find((r) => r.method === req.method && r.path.test(path));
      if (!route) {
        res.writeHead(404, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ message: `no route for ${req.method} ${path}` }));
        return;
      }
      try {
        const event = toEvent(req, Buffer.concat(chunks));
        respond(res, await route.handler(event, lambdaContext(route.functionName)));
      } catch (err) {
        log(`local: ${route.functionName} threw: ${(err as Error).stack ?? String(err)}`);
        res.writeHead(502, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ message: 'Internal Server Error' }));
      }
    });
  });
}
