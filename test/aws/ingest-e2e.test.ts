/**
 * The new ingestion paths end to end on DynamoDB Local and fauxqs (SQS and S3): the generic
 * endpoint and the raw mail endpoint through the one webhook handler, and SES receiving (the
 * documented Lambda event, the mail read from a real local S3 bucket) through the direct handler
 * wired by the deployed config loader. Each: effects written before the 2xx, a redelivery changes
 * nothing, 4xx only for what can never succeed (nothing written), 5xx / a throw when our side
 * failed.
 */
import { readFileSync } from 'node:fs';
import {
  CreateBucketCommand,
  DeleteObjectCommand,
  PutObjectCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import { createDirectHandler } from '@rebound/aws';
import { planEvent } from '@rebound/core';
import { signatureHeader } from '@rebound/core/vendors';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { loadVendorConfig } from '../../functions/lib/config.ts';
import { createS3Client } from '../../packages/aws/src/ingest/s3-objects.ts';
import { createRig, GENERIC_SECRET, payload, type Rig, vendorHandler } from './e2e.ts';
import { clientsFor, HAS_TRANSACTIONS, httpEvent, lambdaContext } from './helpers.ts';

const eml = (name: string) => readFileSync(`test/fixtures/mail/${name}`);
const RECEIPT = JSON.parse(readFileSync('test/fixtures/ses-receiving/lambda-event.json', 'utf8'));
const MESSAGE_ID = RECEIPT.Records[0].ses.mail.messageId as string;
const BUCKET = 'rebound-test-inbound';

let rig: Rig;
beforeAll(async () => {
  rig = await createRig();
});
afterAll(async () => rig?.stop());

const body = (res: { body: string }) => JSON.parse(res.body);
const records = async () => rig.scan(rig.stack.tables.suppressions);
const written = async () =>
  (await records()).length + (await rig.scan(rig.stack.tables.state)).length;

describe.skipIf(!HAS_TRANSACTIONS)('POST /webhooks/generic', () => {
  beforeEach(async () => rig.reset());

  it('applies a mixed batch: suppressions, a retry message, nothing for the unproven bounce', async () => {
    const file = payload('generic-batch-mixed.json');
    const events = await rig.parse('generic', file);
    const res = await rig.post('generic', file);
    expect(res.statusCode).toBe(200);
    expect(body(res).received).toBe(events.length);
    const rows = await records();
    const suppressed = rows.filter((r) => r.status === 'suppressed').map((r) => r.email);
    expect(suppressed.sort()).toEqual(['leaver@example.org', 'reader@example.org']);
    // The bare 550 with the client's "permanent" is only on probation (policy.md).
    expect(rows.find((r) => r.email === 'bare@example.org')?.status).toBe('probation');
    const retries = rig.queued(rig.stack.retryQueueUrl).map((m) => JSON.parse(m.body).eventId);
    const soft = events.filter((e) => planEvent(e).type === 'soft-bounce').map((e) => e.id);
    expect(retries.sort()).toEqual(soft.sort());
  });

  it('a redelivery (signed again, later) changes nothing; nor does one rebuilt with the same eventId', async () => {
    const file = payload('generic-bounce-diagnostic.json');
    expect((await rig.post('generic', file)).statusCode).toBe(200);
    const before = await records();
    rig.clock.t = new Date(rig.clock.t.getTime() + 60_000);
    const again = await rig.post('generic', file);
    expect(body(again).outcomes.duplicate).toBe(1);
    const rebuilt = JSON.parse(file.toString('utf8'));
    rebuilt.reply = { code: 550, enhanced: '5.1.1', text: 'no such user' };
    rebuilt.occurredAt = '2026-03-02T10:15:09Z';
    const third = await rig.post('generic', Buffer.from(JSON.stringify(rebuilt)));
    expect(body(third).outcomes.duplicate).toBe(1);
    expect(await records()).toEqual(before);
  });

  // biome-ignore format: one row per case
  it.each([
    ['unsigned', (_b: Buffer) => ({ 'content-type': 'application/json' }), 401, 'missing-header'],
    ['signed with another secret', (b: Buffer) => ({ 'rebound-signature': signatureHeader(['another-secret-0123456789abcdef012345'], rig.clock.t, b) }), 403, 'signature'],
    ['signed 10 minutes ago', (b: Buffer) => ({ 'rebound-signature': signatureHeader([GENERIC_SECRET], new Date(rig.clock.t.getTime() - 600_000), b) }), 403, 'timestamp'],
  ])('%s → 4xx, nothing written', async (_name, headers, status, check) => {
    const file = payload('generic-bounce-diagnostic.json');
    const res = await rig.invoke(rig.handlers.generic, httpEvent({ path: '/webhooks/generic', headers: headers(file) as Record<string, string>, body: file }));
    expect([res.statusCode, body(res).check]).toEqual([status, check]);
    expect(await written()).toBe(0);
  });

  it.each([
    ['not JSON', Buffer.from('{')],
    [
      'an action field',
      Buffer.from(
        JSON.stringify({
          recipient: 'a@example.com',
          kind: 'bounce',
          occurredAt: '2026-03-02T10:00:00Z',
          action: 'suppress',
        }),
      ),
    ],
    [
      '101 events',
      Buffer.from(
        JSON.stringify(
          Array.from({ length: 101 }, () => ({
            recipient: 'a@example.com',
            kind: 'complaint',
            occurredAt: '2026-03-02T10:00:00Z',
          })),
        ),
      ),
    ],
  ])('%s → 400 (can never succeed), nothing written', async (_name, raw) => {
    const res = await rig.post('generic', raw);
    expect(res.statusCode).toBe(400);
    expect(await written()).toBe(0);
  });

  it('DynamoDB down → 503 (the sender retries), and the retry succeeds', async () => {
    const down = clientsFor('http://127.0.0.1:9', undefined, 1);
    const broken = await vendorHandler({ ...rig.base, doc: down.doc }, 'generic', {
      secrets: [GENERIC_SECRET],
    });
    const file = payload('generic-bounce-config.json');
    const res = await rig.invoke(broken, rig.request('generic', file));
    expect(res.statusCode).toBe(503);
    expect((await rig.post('generic', file)).statusCode).toBe(200);
  });
});

describe.skipIf(!HAS_TRANSACTIONS)('POST /webhooks/mail', () => {
  beforeEach(async () => rig.reset());

  it('a DSN suppresses the failed recipient, with the mail parser’s reply; a redelivery changes nothing', async () => {
    const mail = eml('postfix-dsn-user-unknown.eml');
    const res = await rig.post('mail', mail);
    expect([res.statusCode, body(res).received]).toEqual([200, 1]);
    const [rec] = await records();
    expect(rec).toMatchObject({
      email: 'dave@partner.example',
      status: 'suppressed',
      vendor: 'mail',
      reason: 'user-unknown',
    });
    const again = await rig.post('mail', mail);
    expect(body(again).outcomes.duplicate).toBe(1);
    expect(await records()).toEqual([rec]);
  });

  it('a zip-bomb attachment is never inflated: its bounce is read', async () => {
    const res = await rig.post('mail', eml('zip-bomb-attachment.eml'));
    expect(res.statusCode).toBe(200);
    expect(body(res).received).toBeGreaterThan(0);
  });

  it('a valid mail that is not a bounce → 200 "not-a-bounce" (never retried), nothing written', async () => {
    const res = await rig.post('mail', eml('not-a-bounce-newsletter.eml'));
    expect([res.statusCode, body(res)]).toEqual([
      200,
      { ok: true, received: 0, report: 'not-a-bounce' },
    ]);
    expect(await written()).toBe(0);
  });

  it.each([
    ['binary garbage', eml('garbage-bytes.eml'), 400],
    ['JSON, not a mail', eml('not-a-mail-json.eml'), 400],
    [
      'a 10 MB mail',
      Buffer.concat([eml('postfix-dsn-user-unknown.eml'), Buffer.alloc(10 * 1024 * 1024, 0x41)]),
      413,
    ],
    [
      'a mail just over the 4 MB a Function URL can carry',
      Buffer.concat([eml('postfix-dsn-user-unknown.eml'), Buffer.alloc(4 * 1024 * 1024, 0x41)]),
      413,
    ],
  ])('%s → 4xx, nothing written', async (_name, raw, status) => {
    const res = await rig.post('mail', raw);
    expect(res.statusCode).toBe(status);
    expect(await written()).toBe(0);
  });

  it('unsigned → 401, nothing written', async () => {
    const mail = eml('postfix-dsn-user-unknown.eml');
    const res = await rig.invoke(
      rig.handlers.mail,
      httpEvent({ path: '/webhooks/mail', body: mail, base64: true }),
    );
    expect(res.statusCode).toBe(401);
    expect(await written()).toBe(0);
  });
});

describe.skipIf(!HAS_TRANSACTIONS)(
  'SES receiving: S3 → the direct handler (deployed wiring)',
  () => {
    let s3: S3Client;
    const saved = { ...process.env };
    const receiver = async () => createDirectHandler(await loadVendorConfig('mail', 'direct'));
    const invoke = async (event: unknown) => (await receiver())(event, lambdaContext() as never);

    beforeAll(async () => {
      s3 = createS3Client({
        endpoint: rig.sqs.endpoint,
        credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
      });
      await s3.send(new CreateBucketCommand({ Bucket: BUCKET }));
    });
    beforeEach(async () => {
      await rig.reset();
      Object.assign(process.env, {
        REBOUND_VENDOR: 'mail',
        REBOUND_SUPPRESSIONS_TABLE: rig.stack.tables.suppressions,
        REBOUND_STATE_TABLE: rig.stack.tables.state,
        REBOUND_RETRY_QUEUE_URL: rig.stack.retryQueueUrl,
        REBOUND_INBOUND_MAIL_BUCKET: BUCKET,
        AWS_ENDPOINT_URL_DYNAMODB: process.env.DDB_ENDPOINT,
        AWS_ENDPOINT_URL_SQS: rig.sqs.endpoint,
        AWS_ENDPOINT_URL_S3: rig.sqs.endpoint,
      });
    });
    afterEach(() => {
      process.env = { ...saved };
    });
    const store = (bytes: Buffer) =>
      s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: `inbound/${MESSAGE_ID}`, Body: bytes }));

    it('reads inbound/<messageId> and applies its events; the event delivered again changes nothing', async () => {
      await store(eml('exim-two-recipients.eml'));
      expect(await invoke(RECEIPT)).toEqual({ received: 2 });
      const byEmail = new Map((await records()).map((r) => [r.email, r]));
      expect(byEmail.get('lou@partner.example')).toMatchObject({
        status: 'suppressed',
        vendor: 'mail',
      });
      // 550 5.7.1 is a policy block: no record for that one.
      expect(byEmail.has('max@strict.example')).toBe(false);
      const before = await records();
      expect(await invoke(RECEIPT)).toEqual({ received: 2 });
      expect(await records()).toEqual(before);
    });

    it.each([
      [
        'the object is gone',
        async () =>
          s3.send(new DeleteObjectCommand({ Bucket: BUCKET, Key: `inbound/${MESSAGE_ID}` })),
      ],
      ['the object is over 10 MB', async () => store(Buffer.alloc(10 * 1024 * 1024 + 1, 0x41))],
      ['the object is not a mail', async () => store(eml('garbage-bytes.eml'))],
    ])('%s → dropped (it can never succeed), nothing written', async (_name, setup) => {
      await setup();
      expect(await invoke(RECEIPT)).toEqual({ received: 0 });
      expect(await written()).toBe(0);
    });

    it('an event that is not an SES receipt → dropped', async () => {
      expect(await invoke({ Records: [{ eventSource: 'aws:s3' }] })).toEqual({ received: 0 });
    });

    it('S3 unreachable → the invocation fails, so Lambda retries (then the on-failure queue)', async () => {
      await store(eml('postfix-dsn-user-unknown.eml'));
      process.env.AWS_ENDPOINT_URL_S3 = 'http://127.0.0.1:9';
      await expect(invoke(RECEIPT)).rejects.toThrow(/s3/);
      expect(await written()).toBe(0);
    });
  },
);
