/**
 * The connect journey end to end: a stage deployed with the `pending` placeholders rejects
 * every post; `rebound connect` stores SendGrid's key (or Postmark's hashed credentials) in the
 * State table on DynamoDB Local; the webhook, built by the deployed config loader, then accepts
 * exactly the posts the vendor signs, without a redeploy. Vendor APIs are the local fakes.
 */

import { createWebhookHandler } from '@rebound/aws';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { loadVendorConfig } from '../../functions/lib/config.ts';
import { run } from '../../packages/cli/src/commands/connect.ts';
import {
  createStack,
  HAS_TRANSACTIONS,
  httpEvent,
  lambdaContext,
  type Stack,
} from '../aws/helpers.ts';
import { basicAuth, sendgridHeaders, sendgridKeys } from '../aws/signing.ts';
import { type FakePostmark, startFakePostmark } from './fake-postmark.ts';
import { type FakeSendgrid, startFakeSendgrid } from './fake-sendgrid.ts';

const KEY = 'SG.journey-key';
const TOKEN = 'pm-journey-token';
const SG_HOOK = 'https://abc.lambda-url.us-east-1.on.aws/webhooks/sendgrid';
const PM_HOOK = 'https://def.lambda-url.us-east-1.on.aws/webhooks/postmark';
const NOW = new Date();
const SG_BODY = Buffer.from(
  JSON.stringify([
    {
      email: 'gone@example.com',
      timestamp: Math.floor(NOW.getTime() / 1000),
      event: 'bounce',
      type: 'bounce',
      reason: '550 5.1.1 The email account that you tried to reach does not exist',
      sg_event_id: 'journey-1',
      sg_message_id: 'm1',
    },
  ]),
);
const PM_BODY = JSON.stringify({
  RecordType: 'Bounce',
  ID: 42,
  Type: 'HardBounce',
  TypeCode: 1,
  MessageID: 'pm-journey',
  Email: 'gone2@example.com',
  BouncedAt: NOW.toISOString(),
  Details: 'smtp;550 5.1.1 The email account that you tried to reach does not exist',
  Inactive: true,
  MessageStream: 'outbound',
});

let stack: Stack;
let sg: FakeSendgrid;
let pm: FakePostmark;
const saved = { ...process.env };

const connect = (args: string[]) =>
  run(
    [...args, '--state-table', stack.tables.state, '--endpoint', String(process.env.DDB_ENDPOINT)],
    { out: () => {}, err: () => {} },
  );

/** The webhook exactly as `functions/webhook.ts` builds it, with `pending` secrets. */
async function webhook(vendor: 'sendgrid' | 'postmark') {
  const config = await loadVendorConfig(vendor);
  const handler = createWebhookHandler(config);
  return async (headers: Record<string, string>, body: string | Buffer) => {
    const res = await handler(
      httpEvent({ path: `/webhooks/${vendor}`, headers, body }) as never,
      lambdaContext() as never,
    );
    return {
      status: res.statusCode,
      body: JSON.parse(res.body) as Record<string, unknown>,
      retryAfter: res.headers?.['retry-after'],
    };
  };
}

beforeAll(async () => {
  stack = await createStack();
  sg = await startFakeSendgrid(KEY);
  pm = await startFakePostmark(TOKEN);
});
afterAll(async () => {
  await sg.close();
  await pm.close();
});
beforeEach(() => {
  Object.assign(process.env, {
    REBOUND_SUPPRESSIONS_TABLE: stack.tables.suppressions,
    REBOUND_STATE_TABLE: stack.tables.state,
    REBOUND_RETRY_QUEUE_URL: stack.retryQueueUrl,
    REBOUND_SENDGRID_PUBLIC_KEYS: 'pending',
    REBOUND_POSTMARK_CREDENTIALS: 'pending',
    AWS_ENDPOINT_URL_DYNAMODB: String(process.env.DDB_ENDPOINT),
    AWS_ENDPOINT_URL_SQS: String(process.env.SQS_ENDPOINT),
    AWS_ACCESS_KEY_ID: 'local',
    AWS_SECRET_ACCESS_KEY: 'local',
    AWS_REGION: 'us-east-1',
    POWERTOOLS_LOG_LEVEL: 'SILENT',
    POWERTOOLS_METRICS_DISABLED: 'true',
  });
});
afterEach(() => {
  for (const k of Object.keys(process.env)) if (!(k in saved)) delete process.env[k];
  Object.assign(process.env, saved);
});

describe.runIf(HAS_TRANSACTIONS)('deploy with placeholders, then rebound connect', () => {
  it('SendGrid: 503 not-configured while pending (SendGrid retries); after connect, the key SendGrid signs with verifies, another does not', async () => {
    const post = await webhook('sendgrid');
    const hookKey = () => sg.signingKeys.get(sg.webhooks[0]?.id ?? '');
    const stranger = sendgridKeys();
    const pending = await post(sendgridHeaders(SG_BODY, stranger.privateKey, NOW), SG_BODY);
    expect(pending).toMatchObject({ status: 503, body: { error: 'not-configured' } });
    expect(await connect(['sendgrid', '--api-key', KEY, '--url', SG_HOOK, '--api', sg.url])).toBe(
      0,
    );
    // A function started before connect picks the key up on its next read (cache ≤ 60 s):
    // a fresh cold start reads it at once.
    const fresh = await webhook('sendgrid');
    expect(await fresh(sendgridHeaders(SG_BODY, hookKey()!, NOW), SG_BODY)).toMatchObject({
      status: 200,
    });
    expect(await fresh(sendgridHeaders(SG_BODY, stranger.privateKey, NOW), SG_BODY)).toMatchObject({
      status: 403,
    });
  });

  it('Postmark: 503 not-configured while pending (Postmark retries a 503, not a 401); after connect, the password Postmark was given verifies, a guess does not', async () => {
    const post = await webhook('postmark');
    const json = { 'content-type': 'application/json' };
    expect(
      await post({ ...json, authorization: basicAuth('rebound', 'guess') }, PM_BODY),
    ).toMatchObject({
      status: 503,
      body: { error: 'not-configured', setting: 'PostmarkCredentials' },
      retryAfter: '300',
    });
    expect(
      await connect(['postmark', '--server-token', TOKEN, '--url', PM_HOOK, '--api', pm.url]),
    ).toBe(0);
    const pass = pm.webhooks[0]?.HttpAuth?.Password ?? '';
    const fresh = await webhook('postmark');
    const status = async (auth: string) =>
      (await fresh({ ...json, authorization: auth }, PM_BODY)).status;
    expect(await status(basicAuth('rebound', pass))).toBe(200);
    expect(await status(basicAuth('rebound', 'guess'))).toBe(401);
    expect(await status(basicAuth('other', pass))).toBe(401);
  });

  it('a State table that cannot be read answers 503 (the vendor retries), never a rejection', async () => {
    process.env.REBOUND_STATE_TABLE = 'no-such-table';
    const post = await webhook('postmark');
    const res = await post(
      { 'content-type': 'application/json', authorization: basicAuth('rebound', 'x') },
      PM_BODY,
    );
    expect(res).toMatchObject({ status: 503, body: { error: 'dependency unavailable' } });
  });
});
