/**
 * A local SendGrid v3 API for the Event Webhook settings, as documented in
 * https://www.twilio.com/docs/sendgrid/api-reference/webhooks — create (POST
 * /v3/user/webhooks/event/settings), list (GET …/settings/all → {max_allowed, webhooks}), update
 * (PATCH …/settings/{id}), toggle signing (PATCH …/settings/signed/{id} {enabled} → {id,
 * public_key}); bearer auth (401 {"errors":[{"field":null,"message":"authorization required"}]}),
 * a scope check (403) and rate limiting (429 with X-RateLimit-Reset) on demand.
 */
import { generateKeyPairSync, type KeyObject, randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';

/** One webhook as SendGrid keeps it. */
export interface FakeWebhook {
  id: string;
  url: string;
  enabled: boolean;
  friendly_name?: string;
  public_key?: string;
  [event: string]: unknown;
}

/** The fake, its state and its request log. */
export interface FakeSendgrid {
  url: string;
  webhooks: FakeWebhook[];
  requests: { method: string; path: string; body: unknown }[];
  /** Answer the next N requests with 429. */
  throttle: number;
  /** The key scopes allow Event Webhook settings. */
  scoped: boolean;
  /** The signing key SendGrid keeps for each signed webhook (by id), to sign test posts. */
  signingKeys: Map<string, KeyObject>;
  close(): Promise<void>;
}

/** Starts the fake on 127.0.0.1 with the one valid API key. */
export async function startFakeSendgrid(apiKey: string): Promise<FakeSendgrid> {
  const state = {
    webhooks: [] as FakeWebhook[],
    requests: [] as FakeSendgrid['requests'],
    throttle: 0,
    scoped: true,
    signingKeys: new Map<string, KeyObject>(),
  };
  const server: Server = createServer((req, res) => {
    let raw = '';
    req.on('data', (c) => {
      raw += c;
    });
    req.on('end', () => {
      const path = (req.url ?? '').split('?')[0] as string;
      const body = raw ? JSON.parse(raw) : undefined;
      state.requests.push({ method: req.method ?? '', path, body });
      const send = (status: number, v: unknown, headers: Record<string, string> = {}) => {
        res.writeHead(status, { 'content-type': 'application/json', ...headers });
        res.end(JSON.stringify(v));
      };
      if (req.headers.authorization !== `Bearer ${apiKey}`) {
        return send(401, { errors: [{ field: null, message: 'authorization required' }] });
      }
      if (!state.scoped)
        return send(403, { errors: [{ field: null, message: 'access forbidden' }] });
      if (state.throttle > 0) {
        state.throttle--;
        return send(
          429,
          { errors: [{ field: null, message: 'too many requests' }] },
          { 'x-ratelimit-reset': '1' },
        );
      }
      const m = /^\/v3\/user\/webhooks\/event\/settings(?:\/(signed))?(?:\/([^/]+))?$/.exec(path);
      if (req.method === 'GET' && path === '/v3/user/webhooks/event/settings/all') {
        return send(200, { max_allowed: 5, webhooks: state.webhooks });
      }
      if (req.method === 'POST' && path === '/v3/user/webhooks/event/settings') {
        const hook: FakeWebhook = { ...body, id: randomUUID(), enabled: body?.enabled ?? false };
        state.webhooks.push(hook);
        return send(201, hook);
      }
      const hook = m?.[2] ? state.webhooks.find((w) => w.id === m[2]) : undefined;
      if (req.method === 'PATCH' && m?.[1] === 'signed') {
        if (!hook) return send(404, { errors: [{ field: 'id', message: 'not found' }] });
        if (body?.enabled && !hook.public_key) {
          const { publicKey, privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
          state.signingKeys.set(hook.id, privateKey);
          hook.public_key = publicKey.export({ type: 'spki', format: 'der' }).toString('base64');
        }
        return send(200, { id: hook.id, public_key: hook.public_key ?? '' });
      }
      if (req.method === 'PATCH' && hook) {
        Object.assign(hook, body);
        return send(200, hook);
      }
      return send(404, { errors: [{ field: null, message: `no route ${req.method} ${path}` }] });
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as { port: number }).port;
  return Object.assign(state, {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((r) => server.close(() => r())),
  });
}
