/**
 * Shared rig for the HTTP handler tests: one local stack, signed requests per vendor exactly as
 * the vendor sends them, table scans and queue inspection, and the effects each event implies.
 */
import { readFileSync } from 'node:fs';
import { PurgeQueueCommand } from '@aws-sdk/client-sqs';
import { BatchWriteCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import {
  createWebhookHandler,
  type HttpEvent,
  type HttpResult,
  type WebhookDeps,
} from '@rebound/aws';
import { loadVendor, type NormalizedEvent, type OutboundHttp } from '@rebound/core';
import { parsePostmark, parseSendgrid, parseSes, signatureHeader } from '@rebound/core/vendors';
import { signMailgunRequest } from '../../packages/core/src/vendors/mailgun/replay.ts';
import { signingSecrets } from '../../packages/core/src/vendors/resend/meta.ts';
import { signResendRequest } from '../../packages/core/src/vendors/resend/replay.ts';
import { startSqs } from '../setup/servers.ts';
import { clientsFor, createStack, httpEvent, lambdaContext, type Stack } from './helpers.ts';
import {
  basicAuth,
  envelopeFor,
  sendgridHeaders,
  sendgridKeys,
  signSns,
  snsSigner,
  TEST_CERT_URL,
} from './signing.ts';

/** The allowlisted topic every SES request in the tests uses. */
export const TOPIC = 'arn:aws:sns:us-east-1:123456789012:ses-feedback';
export const PM_USER = 'postmark';
export const PM_PASS = 's3cret:with-colon';
export const MG_KEY = 'rebound-mailgun-test-signing-key';
export const RESEND_SECRET = 'whsec_cmVib3VuZC1zdml4LXRlc3Qtc2VjcmV0';

/** The signing secrets of the generic and raw mail endpoints in the tests. */
export const GENERIC_SECRET = 'generic-test-secret-0123456789abcdef';
export const MAIL_SECRET = 'mail-test-secret-0123456789abcdef0123';

/** Every source the rig posts to. */
export type RigVendor = 'sendgrid' | 'postmark' | 'ses' | 'mailgun' | 'resend' | 'generic' | 'mail';

/** The generic webhook handler of one vendor, with settings as its specs would parse them. */
export async function vendorHandler(
  base: WebhookDeps,
  vendor: RigVendor,
  settings: Record<string, unknown>,
  http?: OutboundHttp,
) {
  const adapter = await loadVendor(vendor);
  // The body limit the deployed config gives (functions/lib/config.ts): the adapter's own.
  const limit = adapter.maxBodyBytes ? { maxBodyBytes: adapter.maxBodyBytes } : {};
  return createWebhookHandler({ ...limit, ...base, adapter, settings, ...(http ? { http } : {}) });
}

/** A running rig. */
export type Rig = Awaited<ReturnType<typeof createRig>>;

/** Payload file contents. */
export const payload = (name: string): Buffer => readFileSync(`test/fixtures/payloads/${name}`);

/** Starts fauxqs (inspectable), makes tables/queues on the shared DynamoDB, builds the handlers. */
export async function createRig(
  opts: {
    ddbEndpoint?: string;
    sqsServer?: Awaited<ReturnType<typeof startSqs>>;
    stack?: Stack;
    tuning?: object;
  } = {},
) {
  let sqs = opts.sqsServer ?? (await startSqs());
  const stack =
    opts.stack ??
    (await createStack(clientsFor(opts.ddbEndpoint ?? process.env.DDB_ENDPOINT, sqs.endpoint)));
  const sg = sendgridKeys();
  const sns = snsSigner();
  // Real time (whole seconds): the test certificate openssl makes is valid from now on.
  const clock = { t: new Date(Math.floor(Date.now() / 1000) * 1000) };
  const now = () => clock.t;
  const confirmed: string[] = [];
  const base = {
    doc: stack.clients.doc,
    sqs: stack.clients.sqs,
    tables: stack.tables,
    retryQueueUrl: stack.retryQueueUrl,
    now,
    tuning: { random: () => 0.5, inflightWaitMs: 5_000, ...(opts.tuning ?? {}) },
  };
  const http: OutboundHttp = {
    get: async (url) => {
      if (url === TEST_CERT_URL) return sns.certPem;
      if (url.includes('Action=ConfirmSubscription')) {
        confirmed.push(url);
        return '';
      }
      throw new Error(`unexpected URL ${url}`);
    },
  };
  const handlers = {
    sendgrid: await vendorHandler(base, 'sendgrid', {
      publicKeys: [sg.publicKey],
      maxAgeSeconds: 90_000,
      maxFutureSeconds: 300,
    }),
    postmark: await vendorHandler(base, 'postmark', {
      credentials: [{ user: PM_USER, pass: PM_PASS }],
      allowedIps: [],
    }),
    ses: await vendorHandler(base, 'ses', { topicArns: [TOPIC], credentials: [] }, http),
    mailgun: await vendorHandler(base, 'mailgun', {
      signingKeys: [MG_KEY],
      maxAgeSeconds: 32_400,
      maxFutureSeconds: 300,
    }),
    resend: await vendorHandler(base, 'resend', { secrets: signingSecrets(RESEND_SECRET) }),
    generic: await vendorHandler(base, 'generic', { secrets: [GENERIC_SECRET] }),
    mail: await vendorHandler(base, 'mail', { secrets: [MAIL_SECRET] }),
  };
  const invoke = (h: (e: HttpEvent, c: never) => Promise<HttpResult>, e: HttpEvent) =>
    h(e, lambdaContext() as never);

  /** Builds the request a vendor would send for a stored payload file (or raw bytes). */
  function request(
    vendor: RigVendor,
    body: Buffer,
    msgId = 'b7c1f4a2-0000-4000-8000-000000000001',
  ) {
    if (vendor === 'mailgun') {
      // A fresh token per request, as Mailgun signs each post.
      const stored = JSON.parse(body.toString('utf8'));
      const signed = signMailgunRequest(stored['event-data'] ?? stored, MG_KEY, clock.t);
      return httpEvent({
        path: '/webhooks/mailgun',
        headers: signed.headers,
        body: Buffer.from(signed.body),
      });
    }
    if (vendor === 'resend') {
      const signed = signResendRequest(body, RESEND_SECRET, clock.t);
      return httpEvent({ path: '/webhooks/resend', headers: signed.headers, body });
    }
    if (vendor === 'generic' || vendor === 'mail') {
      const secret = vendor === 'generic' ? GENERIC_SECRET : MAIL_SECRET;
      return httpEvent({
        path: `/webhooks/${vendor}`,
        headers: {
          'content-type': vendor === 'generic' ? 'application/json' : 'message/rfc822',
          'rebound-signature': signatureHeader([secret], clock.t, body),
        },
        body,
        // A Function URL hands a binary (non-text) body over base64-encoded.
        ...(vendor === 'mail' ? { base64: true } : {}),
      });
    }
    if (vendor === 'sendgrid')
      return httpEvent({
        path: '/webhooks/sendgrid',
        headers: sendgridHeaders(body, sg.privateKey, clock.t),
        body,
      });
    if (vendor === 'postmark') {
      return httpEvent({
        path: '/webhooks/postmark',
        headers: { 'content-type': 'application/json', authorization: basicAuth(PM_USER, PM_PASS) },
        body,
      });
    }
    const json = JSON.parse(body.toString('utf8'));
    const env = json.Type
      ? { ...json, TopicArn: TOPIC, Timestamp: clock.t.toISOString() }
      : envelopeFor(json, TOPIC, msgId, clock.t.toISOString());
    if ('SubscribeURL' in env && env.SubscribeURL) {
      const q = `Action=ConfirmSubscription&TopicArn=${encodeURIComponent(TOPIC)}&Token=${env.Token}`;
      env.SubscribeURL = `https://sns.us-east-1.amazonaws.com/?${q}`;
    }
    const signed = signSns(env, sns.privateKey);
    return httpEvent({
      path: '/webhooks/ses',
      headers: {
        'content-type': 'text/plain; charset=UTF-8',
        'x-amz-sns-message-type': signed.Type,
        'x-amz-sns-message-id': signed.MessageId,
        'x-amz-sns-topic-arn': TOPIC,
      },
      body: JSON.stringify(signed),
    });
  }

  /** Posts a payload through the vendor's handler. */
  const post = (vendor: RigVendor, body: Buffer, msgId?: string) =>
    invoke(handlers[vendor], request(vendor, body, msgId));

  /** What core makes of a payload (the handler parses the same bytes). */
  async function parse(vendor: RigVendor, body: Buffer): Promise<NormalizedEvent[]> {
    if (vendor === 'sendgrid') return parseSendgrid(body, clock.t);
    if (vendor === 'postmark') return parsePostmark(body, clock.t);
    if (vendor === 'ses') return parseSes(body, clock.t);
    return (await loadVendor(vendor)).parse(body, clock.t);
  }

  const scan = async (table: string) =>
    ((await stack.clients.doc.send(new ScanCommand({ TableName: table, ConsistentRead: true })))
      .Items ?? []) as Record<string, unknown>[];

  /** Every message on a queue (ready, delayed, in flight), non-destructively. */
  const queued = (url: string) => {
    const q = sqs.server.inspectQueue(url.split('/').pop() as string);
    return [
      ...(q?.messages.ready ?? []),
      ...(q?.messages.delayed ?? []),
      ...(q?.messages.inflight ?? []).map((f) => f.message),
    ];
  };

  /** Empties both tables and both queues. */
  async function reset() {
    for (const [table, key] of [
      [stack.tables.suppressions, 'email'],
      [stack.tables.state, 'pk'],
    ] as const) {
      const items = await scan(table);
      for (let i = 0; i < items.length; i += 25) {
        const chunk = items
          .slice(i, i + 25)
          .map((it) => ({ DeleteRequest: { Key: { [key]: it[key] } } }));
        await stack.clients.doc.send(new BatchWriteCommand({ RequestItems: { [table]: chunk } }));
      }
    }
    for (const url of [stack.retryQueueUrl, stack.retryDueQueueUrl])
      await stack.clients.sqs.send(new PurgeQueueCommand({ QueueUrl: url }));
  }

  return {
    sqs,
    stack,
    clock,
    confirmed,
    snsCert: sns.certPem,
    snsKey: sns.privateKey,
    base,
    http,
    handlers,
    invoke,
    request,
    post,
    parse,
    scan,
    queued,
    reset,
    stop: () => sqs.stop(),
    /** Points queue inspection at a restarted fauxqs. */
    setSqsServer: (s: typeof sqs) => {
      sqs = s;
    },
  };
}

/**
 * A synthetic SendGrid batch as SendGrid formats it (CRLF after each event): per index, a hard
 * bounce, a 421 block (SendGrid does not retry blocks: Rebound schedules the retry), a delivery, an open, or a processed event, on `n / 2` recipients.
 */
export function sendgridBatch(
  n: number,
  tag = 'b',
  ts = Math.floor(Date.now() / 1000) - 3600,
): Buffer {
  const events = Array.from({ length: n }, (_, i) => {
    const email = `${tag}${i % Math.max(1, Math.floor(n / 2))}@example.com`;
    const common = {
      email,
      timestamp: ts + i,
      sg_event_id: `${tag}-ev-${i}`,
      sg_message_id: `${tag}-msg-${i}`,
      tenant: 't1',
    };
    switch (i % 5) {
      case 0:
        return {
          ...common,
          email: `hard-${email}`,
          event: 'bounce',
          type: 'bounce',
          status: '5.1.1',
          reason: '550 5.1.1 user unknown',
        };
      case 1:
        return {
          ...common,
          email: `soft-${email}`,
          event: 'bounce',
          type: 'blocked',
          status: '4.7.0',
          reason: '421 4.7.0 Try again later',
        };
      case 2:
        return { ...common, event: 'delivered', response: '250 OK' };
      case 3:
        return { ...common, event: 'open' };
      default:
        return { ...common, event: 'processed' };
    }
  });
  return Buffer.from(`[${events.map((e) => JSON.stringify(e)).join(',\r\n')}]\r\n`);
}

/** Items sorted by key, for comparing table contents. */
export function sorted(items: Record<string, unknown>[], key: string) {
  return [...items].sort((a, b) => String(a[key]).localeCompare(String(b[key])));
}
