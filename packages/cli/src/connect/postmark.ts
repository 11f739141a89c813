/**
 * `rebound connect postmark`: creates (or finds by URL and updates) the Postmark webhook for a
 * message stream with HTTP basic auth and the Bounce, SpamComplaint, SubscriptionChange and
 * Delivery triggers. The new credentials are stored (as a salted hash) where the deployed
 * function reads them before the webhook carries them — running it again is safe.
 * API: https://postmarkapp.com/developer/api/webhooks-api
 */
import { call, type Transport } from './vendor-http.ts';

/** The triggers Rebound reads (opens and clicks are not bounces). */
export const POSTMARK_TRIGGERS = {
  Open: { Enabled: false, PostFirstOpenOnly: false },
  Click: { Enabled: false },
  Delivery: { Enabled: true },
  Bounce: { Enabled: true, IncludeContent: true },
  SpamComplaint: { Enabled: true, IncludeContent: false },
  SubscriptionChange: { Enabled: true },
} as const;

interface Webhook {
  ID: number;
  Url: string;
  MessageStream: string;
}

/** What connecting did. */
export interface PostmarkConnected {
  webhookId: number | string;
  created: boolean;
}

/** The URL without credentials or a trailing slash (how an existing webhook is recognized). */
function bare(url: string): string {
  const u = new URL(url);
  u.username = '';
  u.password = '';
  return u.toString().replace(/\/$/, '');
}

/**
 * Connects the webhook of `stream` at `url` with `credentials`; `storeCredentials` saves them
 * (hashed) before the webhook uses them.
 */
export async function connectPostmark(
  t: Transport,
  api: string,
  url: string,
  stream: string,
  credentials: { user: string; pass: string },
  storeCredentials: () => Promise<void>,
): Promise<PostmarkConnected> {
  const listed = await call<{ Webhooks?: Webhook[] }>(
    t,
    { method: 'GET', url: `${api}/webhooks?MessageStream=${encodeURIComponent(stream)}` },
    { Webhooks: [] },
  );
  const existing = (listed.Webhooks ?? []).find((w) => bare(w.Url) === bare(url));
  await storeCredentials();
  const body = {
    Url: bare(url),
    MessageStream: stream,
    HttpAuth: { Username: credentials.user, Password: credentials.pass },
    HttpHeaders: [],
    Triggers: POSTMARK_TRIGGERS,
  };
  const shown = { ...body, HttpAuth: { Username: credentials.user, Password: '***' } };
  if (t.dryRun) {
    t.print(
      `would send: ${existing ? `PUT ${api}/webhooks/${existing.ID}` : `POST ${api}/webhooks`} ${JSON.stringify(shown)}`,
    );
    return { webhookId: existing?.ID ?? '<new webhook id>', created: !existing };
  }
  const hook = existing
    ? await call<Webhook>(
        t,
        { method: 'PUT', url: `${api}/webhooks/${existing.ID}`, body },
        existing,
      )
    : await call<Webhook>(
        t,
        { method: 'POST', url: `${api}/webhooks`, body },
        { ID: 0, Url: body.Url, MessageStream: stream },
      );
  return { webhookId: hook.ID, created: !existing };
}
