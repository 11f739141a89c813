/**
 * A local Postmark Webhooks API as documented in https://postmarkapp.com/developer/api/webhooks-api
 * — list (GET /webhooks?MessageStream= → {"Webhooks": […]}), create (POST /webhooks), edit
 * (PUT /webhooks/{ID}); the `X-Postmark-Server-Token` header (401 {"ErrorCode":10,"Message":…}),
 * 422 for an unknown message stream.
 */
import { createServer, type Server } from 'node:http';

/** One webhook as Postmark keeps it. */
export interface FakePostmarkWebhook {
  ID: number;
  Url: string;
  MessageStream: string;
  HttpAuth?: { Username: string; Password: string };
  Triggers?: Record<string, { Enabled: boolean }>;
}

/** The fake, its state and its request log. */
export interface FakePostmark {
  url: string;
  webhooks: FakePostmarkWebhook[];
  requests: { method: string; path: string; body: unknown }[];
  close(): Promise<void>;
}

/** Starts the fake on 127.0.0.1 with one valid server token and the given message streams. */
export async function startFakePostmark(
  token: string,
  streams = ['outbound', 'broadcast'],
): Promise<FakePostmark> {
  const state = { webhooks: [] as FakePostmarkWebhook[], requests: [] as FakePostmark['requests'] };
  let next = 1;
  const server: Server = createServer((req, res) => {
    let raw = '';
    req.on('data', (c) => {
      raw += c;
    });
    req.on('end', () => {
      const u = new URL(req.url ?? '/', 'http://x');
      const body = raw ? JSON.parse(raw) : undefined;
      state.requests.push({ method: req.method ?? '', path: u.pathname + u.search, body });
      const send = (status: number, v: unknown) => {
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(v));
      };
      if (req.headers['x-postmark-server-token'] !== token) {
        return send(401, {
          ErrorCode: 10,
          Message: 'No Account or Server API tokens were supplied in the HTTP headers.',
        });
      }
      const stream = body?.MessageStream ?? u.searchParams.get('MessageStream') ?? 'outbound';
      if (!streams.includes(stream))
        return send(422, {
          ErrorCode: 1226,
          Message: `The message stream '${stream}' was not found.`,
        });
      if (req.method === 'GET' && u.pathname === '/webhooks') {
        return send(200, { Webhooks: state.webhooks.filter((w) => w.MessageStream === stream) });
      }
      if (req.method === 'POST' && u.pathname === '/webhooks') {
        const hook = { ...body, ID: next++ };
        state.webhooks.push(hook);
        return send(200, hook);
      }
      const m = /^\/webhooks\/(\d+)$/.exec(u.pathname);
      const hook = m ? state.webhooks.find((w) => w.ID === Number(m[1])) : undefined;
      if (req.method === 'PUT' && hook) {
        Object.assign(hook, body);
        return send(200, hook);
      }
      return send(404, { ErrorCode: 1400, Message: 'Not found' });
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as { port: number }).port;
  return Object.assign(state, {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((r) => server.close(() => r())),
  });
}
