/**
 * `rebound doctor` and `rebound connect ses` against a stage built from the real handlers: the
 * generic webhook (SendGrid with a key, Postmark still `pending`), the suppression API with a
 * named key, served over HTTP as Function URLs would be, with deploy outputs in a temporary
 * `.sst/outputs.json`; SES and SNS are local servers speaking the SDK's protocols
 * (fake-ses-wiring.ts). Also the local stack, checked with `--local`.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createSuppressionApiHandler, createWebhookHandler } from '@rebound/aws';
import { loadVendor } from '@rebound/core';
import { SES_EVENT_TYPES } from '@rebound/core/vendors';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run as connect } from '../../packages/cli/src/commands/connect.ts';
import { run as doctor } from '../../packages/cli/src/commands/doctor.ts';
import { createLambdaServer, type HttpLambda } from '../../scripts/local/serve-lambda.ts';
import { createStack, type Stack } from '../aws/helpers.ts';
import { sendgridKeys } from '../aws/signing.ts';
import { type SesWiringFake, startSesWiringFake, WIRING_CREDENTIALS } from './fake-ses-wiring.ts';

const TOPIC = 'arn:aws:sns:us-east-1:123456789012:rebound-ses';
const SET = 'rebound-dev';
let stack: Stack;
let fake: SesWiringFake;
let server: Server;
let base: string;
let cwd: string;
const saved = { cwd: process.cwd(), env: { ...process.env } };

async function buildHandlers(): Promise<HttpLambda[]> {
  const deps = {
    doc: stack.clients.doc,
    sqs: stack.clients.sqs,
    tables: stack.tables,
    retryQueueUrl: stack.retryQueueUrl,
  };
  const sendgrid = createWebhookHandler({
    ...deps,
    adapter: await loadVendor('sendgrid'),
    settings: {
      publicKeys: [sendgridKeys().publicKey],
      maxAgeSeconds: 90_000,
      maxFutureSeconds: 300,
    },
  });
  // Deployed with the placeholder and never connected.
  const postmark = createWebhookHandler({
    ...deps,
    adapter: await loadVendor('postmark'),
    settings: { credentials: [], allowedIps: [] },
  });
  const api = createSuppressionApiHandler({
    doc: stack.clients.doc,
    suppressionsTable: stack.tables.suppressions,
    apiKeys: [{ name: 'ops', key: 'ops-key-0123456789' }],
  });
  return [sendgrid, postmark, api] as unknown as HttpLambda[];
}

function io() {
  const out: string[] = [];
  const err: string[] = [];
  return { out, err, io: { out: (s: string) => out.push(s), err: (s: string) => err.push(s) } };
}

beforeAll(async () => {
  process.env.POWERTOOLS_LOG_LEVEL = 'SILENT';
  process.env.POWERTOOLS_METRICS_DISABLED = 'true';
  stack = await createStack();
  fake = await startSesWiringFake();
  const [sendgrid, postmark, api] = await buildHandlers();
  server = createLambdaServer(
    () => [
      {
        method: 'POST',
        path: /^\/sg\/webhooks\/sendgrid$/,
        functionName: 'SendgridWebhook',
        handler: sendgrid!,
      },
      {
        method: 'POST',
        path: /^\/pm\/webhooks\/postmark$/,
        functionName: 'PostmarkWebhook',
        handler: postmark!,
      },
      {
        method: 'GET',
        path: /^\/api\/suppressions\/[^/]+$/,
        functionName: 'SuppressionApi',
        handler: api!,
      },
    ],
    () => {},
  );
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  cwd = mkdtempSync(join(tmpdir(), 'rebound-doctor-'));
  mkdirSync(join(cwd, '.sst'));
  writeFileSync(
    join(cwd, '.sst', 'outputs.json'),
    JSON.stringify({
      SendgridWebhookUrl: `${base}/sg/webhooks/sendgrid`,
      PostmarkWebhookUrl: `${base}/pm/webhooks/postmark`,
      SuppressionApiUrl: `${base}/api/`,
      SesTopicArn: TOPIC,
      SesConfigurationSet: SET,
    }),
  );
  process.chdir(cwd);
  Object.assign(process.env, {
    AWS_ACCESS_KEY_ID: WIRING_CREDENTIALS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: WIRING_CREDENTIALS.secretAccessKey,
    AWS_ENDPOINT_URL_SNS: fake.url,
    AWS_ENDPOINT_URL_SESV2: fake.url,
  });
  delete process.env.REBOUND_API_KEY;
  delete process.env.AWS_PROFILE;
  fake.configurationSets.set(SET, [
    {
      Name: 'rebound',
      Enabled: true,
      MatchingEventTypes: [...SES_EVENT_TYPES],
      SnsDestination: { TopicArn: TOPIC },
    },
  ]);
  fake.topics.set(TOPIC, [
    {
      SubscriptionArn: `${TOPIC}:1`,
      Protocol: 'lambda',
      Endpoint: 'arn:aws:lambda:us-east-1:123456789012:function:SesSnsSubscriber',
    },
    {
      SubscriptionArn: 'PendingConfirmation',
      Protocol: 'https',
      Endpoint: 'https://abc.lambda-url.us-east-1.on.aws/webhooks/ses',
    },
  ]);
  fake.identities.set('example.com', { verified: true });
  fake.identities.set('news.example.com', { verified: true, configurationSet: 'marketing-set' });
  fake.identities.set('unverified.example.org', { verified: false });
}, 60_000);

afterAll(async () => {
  process.chdir(saved.cwd);
  for (const k of Object.keys(process.env)) if (!(k in saved.env)) delete process.env[k];
  Object.assign(process.env, saved.env);
  await new Promise<void>((r) => server?.close(() => r()));
  await fake?.close();
});

describe('rebound doctor', () => {
  it('names each problem with its fix, and exits 1', async () => {
    const o = io();
    const code = await doctor(['--api-key', 'wrong-key', '--identity', 'example.com'], o.io);
    const text = o.out.join('');
    expect(code).toBe(1);
    expect(text).toContain(
      '✓ SendGrid webhook: refuses an unsigned post (401): verification is on',
    );
    expect(text).toMatch(
      /✗ Postmark webhook: is not connected yet \(PostmarkCredentials is pending\)/,
    );
    expect(text).toContain('fix: run `rebound connect postmark`');
    expect(text).toContain('✗ Suppression API: refuses the key given (401)');
    expect(text).toContain(`✓ SES configuration set ${SET}: publishes BOUNCE`);
    expect(text).toContain('✓ SNS → Lambda');
    expect(text).toContain(
      '✗ SNS → HTTPS abc.lambda-url.us-east-1.on.aws: is still pending confirmation',
    );
    expect(text).toMatch(/✗ SES identity example\.com: has no default configuration set/);
    expect(text).toMatch(/doctor: 7 checks, 3 in order, 4 to fix\n$/);
  });

  it('--json: one object per finding, the summary on stderr', async () => {
    const o = io();
    await doctor(['--json', '--api-key', 'ops-key-0123456789'], o.io);
    const findings = o.out.map((l) => JSON.parse(l) as { name: string; ok: boolean });
    expect(findings.find((f) => f.name === 'Suppression API')?.ok).toBe(true);
    expect(o.err.join('')).toMatch(/^doctor: \d+ checks/);
  });

  it('a destination missing event types, or disabled, is named', async () => {
    const dest = fake.configurationSets.get(SET)![0]!;
    dest.MatchingEventTypes = ['BOUNCE', 'COMPLAINT'];
    let o = io();
    await doctor([], o.io);
    expect(o.out.join('')).toContain(
      'does not publish DELIVERY, DELIVERY_DELAY, REJECT, RENDERING_FAILURE, SUBSCRIPTION',
    );
    dest.Enabled = false;
    o = io();
    await doctor([], o.io);
    expect(o.out.join('')).toContain('its destination to Rebound’s topic is disabled');
    dest.Enabled = true;
    dest.MatchingEventTypes = [...SES_EVENT_TYPES];
  });

  it('without deploy outputs it says where to run it (exit 2), no stack trace', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'rebound-doctor-empty-'));
    process.chdir(empty);
    const o = io();
    try {
      expect(await doctor([], o.io)).toBe(2);
    } finally {
      process.chdir(cwd);
    }
    expect(o.err.join('')).toMatch(/no deploy outputs in \.sst\/outputs\.json/);
    expect(o.err.join('')).not.toMatch(/\n\s+at /);
  });
});

describe('rebound connect ses', () => {
  it('--dry-run says what it would set and changes nothing', async () => {
    const o = io();
    await connect(['ses', '--identity', 'example.com', '--dry-run'], o.io);
    expect(o.out.join('')).toContain(
      `would set the default configuration set of example.com to ${SET} (SESv2 PutEmailIdentityConfigurationSetAttributes)`,
    );
    expect(fake.identities.get('example.com')?.configurationSet).toBeUndefined();
  });

  it('sets the set on an identity without one, keeps another tool’s default, skips an unverified one', async () => {
    const o = io();
    const code = await connect(
      [
        'ses',
        '--identity',
        'example.com',
        '--identity',
        'news.example.com',
        '--identity',
        'unverified.example.org',
      ],
      o.io,
    );
    const text = o.out.join('');
    expect(fake.identities.get('example.com')?.configurationSet).toBe(SET);
    expect(fake.identities.get('news.example.com')?.configurationSet).toBe('marketing-set');
    expect(text).toContain(`✓ SES identity example.com: sends with ${SET} by default`);
    expect(text).toContain('fix: deploy with REBOUND_SES_CONFIGURATION_SET=marketing-set');
    expect(text).toContain('✗ SES identity unverified.example.org: is not verified for sending');
    expect(code).toBe(1);
  });

  it('--replace-default replaces another default set, saying what it was', async () => {
    const o = io();
    await connect(['ses', '--identity', 'news.example.com', '--replace-default'], o.io);
    expect(fake.identities.get('news.example.com')?.configurationSet).toBe(SET);
    expect(o.out.join('')).toContain(`(was marketing-set)`);
  });

  it('every SES and SNS request was signed with the caller’s credentials', () => {
    const aws = fake.requests.filter((r) => r.path.startsWith('/v2/') || r.method === 'POST');
    expect(aws.length).toBeGreaterThan(5);
    expect(aws.every((r) => r.status !== 403)).toBe(true);
  });
});
