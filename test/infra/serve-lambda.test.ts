/**
 * The Function-URL-style adapter: payload-v2 events (text vs base64 bodies, query, headers,
 * cookies), response mapping, and the 503/404/502 answers of the local server.
 */
import type { Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createLambdaServer,
  lambdaContext,
  MAX_REQUEST_BYTES,
  type Route,
} from '../../scripts/local/serve-lambda.ts';

let server: Server;
let base: string;
let routes: Route[] | undefined;
let last: Record<string, unknown> = {};

beforeAll(async () => {
  server = createLambdaServer(
    () => routes,
    () => {},
  );
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

const echo: Route['handler'] = async (event) => {
  last = event;
  return {
    statusCode: 201,
    headers: { 'x-echo': 'yes' },
    body: Buffer.from('hi').toString('base64'),
    isBase64Encoded: true,
  };
};

describe('createLambdaServer', () => {
  it('answers 503 while the stack boots, then 404 for unknown routes', async () => {
    routes = undefined;
    expect((await fetch(`${base}/webhooks/ses`, { method: 'POST' })).status).toBe(503);
    routes = [{ method: 'POST', path: /^\/in$/, functionName: 'Echo', handler: echo }];
    expect((await fetch(`${base}/other`, { method: 'POST' })).status).toBe(404);
    expect((await fetch(`${base}/in`, { method: 'GET' })).status).toBe(404);
  });
  it.each([
    ['text/plain; charset=UTF-8', '{"a":1}', false],
    ['application/json', '[1,2]\r\n', false],
    ['application/octet-stream', '\u0000\u00ff', true],
  ])('a %s body arrives as Function URLs send it', async (type, body, base64) => {
    routes = [{ method: 'POST', path: /^\/in$/, functionName: 'Echo', handler: echo }];
    const res = await fetch(`${base}/in?x=1&x=2&y=3`, {
      method: 'POST',
      headers: { 'content-type': type, 'X-Mixed-Case': 'v', cookie: 'a=1; b=2' },
      body: Buffer.from(body, base64 ? 'latin1' : 'utf8'),
    });
    expect(res.status).toBe(201);
    expect(res.headers.get('x-echo')).toBe('yes');
    expect(await res.text()).toBe('hi');
    expect(last).toMatchObject({
      version: '2.0',
      routeKey: '$default',
      rawPath: '/in',
      rawQueryString: 'x=1&x=2&y=3',
      queryStringParameters: { x: '1,2', y: '3' },
      cookies: ['a=1', 'b=2'],
      isBase64Encoded: base64,
      requestContext: { http: { method: 'POST', path: '/in' } },
    });
    expect((last.headers as Record<string, string>)['x-mixed-case']).toBe('v');
    const raw = Buffer.from(String(last.body), base64 ? 'base64' : 'utf8');
    expect(raw.equals(Buffer.from(body, base64 ? 'latin1' : 'utf8'))).toBe(true);
  });
  it('a thrown handler is a 502; a non-response result becomes 200 JSON', async () => {
    routes = [
      {
        method: 'GET',
        path: /^\/boom$/,
        functionName: 'Boom',
        handler: async () => {
          throw new Error('x');
        },
      },
      { method: 'GET', path: /^\/plain$/, functionName: 'Plain', handler: async () => ({ ok: 1 }) },
    ];
    expect((await fetch(`${base}/boom`)).status).toBe(502);
    const plain = await fetch(`${base}/plain`);
    expect([plain.status, await plain.json()]).toEqual([200, { ok: 1 }]);
  });
});

describe('the local Function URL limits and bytes', () => {
  it('a body over 6 MB is answered 413 and never reaches the handler', async () => {
    let called = false;
    routes = [
      {
        method: 'POST',
        path: /^\/in$/,
        functionName: 'Echo',
        handler: async (e) => {
          called = true;
          return echo(e, lambdaContext('Echo'));
        },
      },
    ];
    const res = await fetch(`${base}/in`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: Buffer.alloc(MAX_REQUEST_BYTES + 1, 0x20),
    });
    expect(res.status).toBe(413);
    expect(called).toBe(false);
    const ok = await fetch(`${base}/in`, { method: 'POST', body: Buffer.alloc(1024, 0x20) });
    expect(ok.status).toBe(201);
  });

  it('text with invalid UTF-8 arrives as its exact bytes (base64), not decoded', async () => {
    routes = [{ method: 'POST', path: /^\/in$/, functionName: 'Echo', handler: echo }];
    const bytes = Buffer.from([0x5b, 0x22, 0xff, 0xfe, 0x22, 0x5d]); // ["\xff\xfe"]
    await fetch(`${base}/in`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: bytes,
    });
    expect(last.isBase64Encoded).toBe(true);
    expect(Buffer.from(String(last.body), 'base64').equals(bytes)).toBe(true);
  });
});
