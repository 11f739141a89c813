/**
 * Configuration fails loudly at cold start: every missing or malformed value is named (contract
 * name and variable) in one ConfigError, no secret value is ever printed, and a SendGrid key
 * given as PEM is read as PEM. No servers needed: loading config touches no network.
 */
import { generateKeyPairSync } from 'node:crypto';
import { COMMON_SPECS, readConfig } from '@rebound/aws';
import { ConfigError, VENDORS } from '@rebound/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadApiConfig, loadVendorConfig, loadWorkerConfig } from '../../functions/lib/config.ts';

const ec = () => generateKeyPairSync('ec', { namedCurve: 'prime256v1' }).publicKey;
const VALID: Record<string, string> = {
  REBOUND_SUPPRESSIONS_TABLE: 'suppressions',
  REBOUND_STATE_TABLE: 'state',
  REBOUND_RETRY_QUEUE_URL: 'http://127.0.0.1:9/000000000000/retry',
  REBOUND_RETRY_DUE_QUEUE_URL: 'http://127.0.0.1:9/000000000000/retry-due',
  REBOUND_SENDGRID_PUBLIC_KEYS: ec().export({ type: 'spki', format: 'der' }).toString('base64'),
  REBOUND_POSTMARK_CREDENTIALS: 'postmark:a-long-password',
  REBOUND_MAILGUN_SIGNING_KEYS: 'key-0p6mqbf74lb20gzq9f4dhpn9rg3zyk26',
  REBOUND_RESEND_SIGNING_SECRETS: 'whsec_cmVib3VuZC1zdml4LXRlc3Qtc2VjcmV0',
  REBOUND_SNS_TOPIC_ALLOWLIST: 'arn:aws:sns:us-east-1:123456789012:ses',
  REBOUND_API_KEY: 'an-api-key',
  REBOUND_GENERIC_SECRETS: 'generic-secret-0123456789abcdef0123456789',
  REBOUND_MAIL_SECRETS: 'mail-secret-0123456789abcdef0123456789abc',
};
const saved = { ...process.env };

beforeEach(() => {
  for (const k of Object.keys(process.env)) {
    if (k.startsWith('REBOUND_') || k.startsWith('SST_RESOURCE_')) delete process.env[k];
  }
  Object.assign(process.env, VALID);
});
afterEach(() => {
  process.env = { ...saved };
});

/** The ConfigError a loader throws (fails the test when it resolves). */
async function problemsOf(load: () => Promise<unknown>): Promise<readonly string[]> {
  const err = await load().then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(ConfigError);
  return (err as ConfigError).problems;
}

describe('cold-start configuration', () => {
  it('a complete environment loads every kind of function', async () => {
    for (const v of VENDORS) expect((await loadVendorConfig(v.id)).adapter.id).toBe(v.id);
    await expect(loadWorkerConfig()).resolves.toMatchObject({
      retryQueueUrl: VALID.REBOUND_RETRY_QUEUE_URL,
    });
    await expect(loadApiConfig()).resolves.toMatchObject({
      apiKeys: [{ name: 'default', key: 'an-api-key' }],
      keys: { hashKey: null, hashOnly: false },
    });
    // No stream settings: every suppression global, the documented metadata fields.
    await expect(loadVendorConfig('postmark')).resolves.toMatchObject({
      processConfig: {
        streams: {
          names: [],
          fields: ['stream', 'MessageStream', 'ses:configuration-set', 'category'],
          map: {},
          fallback: 'global',
        },
      },
      keys: { hashKey: null, hashOnly: false },
    });
  });

  it('streams, the erasure key and hash-only mode reach the webhook, the worker and the API', async () => {
    Object.assign(process.env, {
      REBOUND_STREAMS: 'marketing, transactional',
      REBOUND_STREAM_FIELDS: 'stream,MessageStream',
      REBOUND_STREAM_MAP: 'broadcast:marketing,outbound:transactional,urn:x:y:marketing',
      REBOUND_STREAM_FALLBACK: 'marketing',
      REBOUND_ERASURE_KEY: 'erasure-key-0123456789',
      REBOUND_HASH_ONLY: 'true',
      REBOUND_API_KEY: 'web:web-key-123,ops:ops-key-456',
    });
    const keys = { hashKey: 'erasure-key-0123456789', hashOnly: true };
    await expect(loadVendorConfig('sendgrid')).resolves.toMatchObject({
      processConfig: {
        streams: {
          names: ['marketing', 'transactional'],
          fields: ['stream', 'MessageStream'],
          map: { broadcast: 'marketing', outbound: 'transactional', 'urn:x:y': 'marketing' },
          fallback: 'marketing',
        },
      },
      keys,
    });
    await expect(loadVendorConfig('ses', 'direct')).resolves.toMatchObject({ keys });
    await expect(loadWorkerConfig()).resolves.toMatchObject({ keys });
    await expect(loadApiConfig()).resolves.toMatchObject({
      keys,
      apiKeys: [
        { name: 'web', key: 'web-key-123' },
        { name: 'ops', key: 'ops-key-456' },
      ],
    });
  });

  it('a stream setting that contradicts itself, or hash-only mode without a key, stops the cold start', async () => {
    process.env.REBOUND_STREAMS = 'marketing';
    process.env.REBOUND_STREAM_MAP = 'broadcast:newsletters';
    expect(await problemsOf(() => loadVendorConfig('sendgrid'))).toEqual([
      'streams (REBOUND_STREAM_*): stream map "broadcast" points to unknown stream "newsletters"',
    ]);
    process.env.REBOUND_STREAM_MAP = 'broadcast';
    expect(await problemsOf(() => loadVendorConfig('sendgrid'))).toEqual([
      'REBOUND_STREAM_MAP is malformed: must be raw:stream pairs, comma separated',
    ]);
    delete process.env.REBOUND_STREAM_MAP;
    process.env.REBOUND_STREAMS = 'Marketing Mail';
    expect((await problemsOf(() => loadVendorConfig('sendgrid')))[0]).toMatch(
      /stream name "Marketing Mail" is not/,
    );
    delete process.env.REBOUND_STREAMS;
    process.env.REBOUND_HASH_ONLY = 'true';
    expect(await problemsOf(loadWorkerConfig)).toEqual([
      'REBOUND_HASH_ONLY=true needs the ErasureKey secret (REBOUND_ERASURE_KEY)',
    ]);
    process.env.REBOUND_HASH_ONLY = 'yes';
    process.env.REBOUND_ERASURE_KEY = 'short';
    expect(await problemsOf(loadApiConfig)).toEqual([
      'ErasureKey (REBOUND_ERASURE_KEY) is malformed: must be at least 16 characters',
      'REBOUND_HASH_ONLY is malformed: must be true or false',
    ]);
  });

  it('REBOUND_RETRY_POLICY overrides parts of the schedule; a bad one is named', async () => {
    process.env.REBOUND_RETRY_POLICY = JSON.stringify({
      schedules: [{ id: 'slow-421', codes: [421], delays_s: [600, 3600] }],
      window_s: 86_400,
    });
    const { processConfig } = await loadVendorConfig('sendgrid');
    expect(processConfig.retryPolicy).toMatchObject({
      schedules: [
        {
          id: 'slow-421',
          match: { codes: [421] },
          delays_s: [600, 3600],
          source: 'REBOUND_RETRY_POLICY',
        },
      ],
      window_s: 86_400,
      max_hint_s: 6 * 3600,
    });
    for (const [value, problem] of [
      ['{not json', 'must be JSON'],
      ['{"window_s": 9999999}', 'window_s'],
      [
        '{"schedules": [{"id": "x", "reasons": ["sadness"], "delays_s": [60]}]}',
        'an unknown reason',
      ],
      ['{"schedules": [{"id": "x", "codes": [550], "delays_s": [60]}]}', 'schedules.0.codes.0'],
      ['{"speed": 1}', 'the value'],
    ] as const) {
      process.env.REBOUND_RETRY_POLICY = value;
      const [message] = await problemsOf(() => loadVendorConfig('sendgrid'));
      expect(message).toMatch(/^REBOUND_RETRY_POLICY is malformed: /);
      expect(message).toContain(problem);
    }
  });

  it('API keys: named, unique, never printed', async () => {
    process.env.REBOUND_API_KEY = 'web:secret-one,web:secret-two';
    const twice = await problemsOf(loadApiConfig);
    expect(twice).toEqual([
      'SuppressionApiKey (REBOUND_API_KEY) is malformed: the key name "web" is given twice',
    ]);
    process.env.REBOUND_API_KEY = 'web team:secret-one';
    const named = await problemsOf(loadApiConfig);
    expect(named[0]).toMatch(/key names are letters/);
    process.env.REBOUND_API_KEY = 'web:';
    const empty = await problemsOf(loadApiConfig);
    expect(empty[0]).toMatch(/the key named "web" is empty/);
    expect([...twice, ...named, ...empty].join(' ')).not.toMatch(/secret-one|secret-two/);
  });

  it('a missing secret is named, with its variable', async () => {
    delete process.env.REBOUND_SENDGRID_PUBLIC_KEYS;
    expect(await problemsOf(() => loadVendorConfig('sendgrid'))).toEqual([
      'SendgridPublicKeys (REBOUND_SENDGRID_PUBLIC_KEYS) is missing',
    ]);
  });

  it('an empty value counts as missing (it used to become "" and fail later as 403s)', async () => {
    process.env.REBOUND_POSTMARK_CREDENTIALS = '  ';
    expect(await problemsOf(() => loadVendorConfig('postmark'))).toEqual([
      'PostmarkCredentials (REBOUND_POSTMARK_CREDENTIALS) is missing',
    ]);
  });

  it('every problem is listed at once, and no value is printed', async () => {
    const secret = 'not-a-key-but-a-secret-Zq81';
    process.env.REBOUND_SENDGRID_PUBLIC_KEYS = secret;
    process.env.REBOUND_SENDGRID_MAX_AGE_SECONDS = 'a day';
    delete process.env.REBOUND_STATE_TABLE;
    const err = await loadVendorConfig('sendgrid').catch((e: unknown) => e as ConfigError);
    expect(err).toBeInstanceOf(ConfigError);
    expect((err as ConfigError).problems).toEqual([
      'State (REBOUND_STATE_TABLE) is missing',
      'SendgridPublicKeys (REBOUND_SENDGRID_PUBLIC_KEYS) is malformed: the key is not an EC P-256 public key (base64 SPKI or PEM)',
      'REBOUND_SENDGRID_MAX_AGE_SECONDS is malformed: must be a whole number of seconds (≥ 1)',
    ]);
    expect((err as Error).message).not.toContain(secret);
    expect((err as Error).message).not.toContain('a day');
  });

  it('a SendGrid key given as PEM is accepted as one PEM key (not split on whitespace)', async () => {
    const pem = ec().export({ type: 'spki', format: 'pem' }).toString();
    process.env.REBOUND_SENDGRID_PUBLIC_KEYS = pem;
    const c = await loadVendorConfig('sendgrid');
    expect(c.settings.publicKeys).toEqual([pem.trim()]);
    // …and with escaped line breaks, as some secret stores keep it, plus a base64 key.
    process.env.REBOUND_SENDGRID_PUBLIC_KEYS = `${pem.trim().replace(/\n/g, '\\n')},${VALID.REBOUND_SENDGRID_PUBLIC_KEYS}`;
    expect((await loadVendorConfig('sendgrid')).settings.publicKeys).toHaveLength(2);
  });

  it('the `pending` placeholder is an explicit "no key yet": the webhook starts, verifies nothing', async () => {
    process.env.REBOUND_SENDGRID_PUBLIC_KEYS = 'pending';
    expect((await loadVendorConfig('sendgrid')).settings.publicKeys).toEqual([]);
  });

  it('Mailgun and Resend: a missing key is named; `pending` verifies nothing; a bad secret by position', async () => {
    delete process.env.REBOUND_MAILGUN_SIGNING_KEYS;
    expect(await problemsOf(() => loadVendorConfig('mailgun'))).toEqual([
      'MailgunSigningKeys (REBOUND_MAILGUN_SIGNING_KEYS) is missing',
    ]);
    process.env.REBOUND_MAILGUN_SIGNING_KEYS = 'pending';
    expect((await loadVendorConfig('mailgun')).settings.signingKeys).toEqual([]);
    process.env.REBOUND_RESEND_SIGNING_SECRETS = `${VALID.REBOUND_RESEND_SIGNING_SECRETS}, whsec_@@`;
    expect(await problemsOf(() => loadVendorConfig('resend'))).toEqual([
      'ResendSigningSecrets (REBOUND_RESEND_SIGNING_SECRETS) is malformed: secret 2 of 2 is not a signing secret (whsec_ + base64 of 16–128 bytes)',
    ]);
    process.env.REBOUND_RESEND_SIGNING_SECRETS = 'pending';
    expect((await loadVendorConfig('resend')).settings.secrets).toEqual([]);
  });

  it('malformed Postmark pairs and SNS topics are named by position', async () => {
    process.env.REBOUND_POSTMARK_CREDENTIALS = 'a:b, nocolon';
    expect(await problemsOf(() => loadVendorConfig('postmark'))).toEqual([
      'PostmarkCredentials (REBOUND_POSTMARK_CREDENTIALS) is malformed: pair 2 of 2 is not user:password',
    ]);
    process.env.REBOUND_SNS_TOPIC_ALLOWLIST = 'arn:aws:sns:us-east-1:123456789012:a, topic-b';
    expect(await problemsOf(() => loadVendorConfig('ses'))).toEqual([
      'SnsTopicAllowlist (REBOUND_SNS_TOPIC_ALLOWLIST) is malformed: entry 2 is not an SNS topic ARN',
    ]);
  });

  it('REBOUND_VENDOR must name a registered vendor', async () => {
    delete process.env.REBOUND_VENDOR;
    expect((await problemsOf(() => loadVendorConfig()))[0]).toMatch(/^REBOUND_VENDOR is missing/);
    expect((await problemsOf(() => loadVendorConfig('__proto__')))[0]).toMatch(
      /^REBOUND_VENDOR names no registered vendor/,
    );
  });

  it('a direct subscription reads none of the webhook secrets', async () => {
    delete process.env.REBOUND_SNS_TOPIC_ALLOWLIST;
    await expect(loadVendorConfig('ses', 'direct')).resolves.toMatchObject({ settings: {} });
    await expect(loadVendorConfig('ses')).rejects.toBeInstanceOf(ConfigError);
  });

  it('the signed sources: several secrets, each long enough, named by position and never printed', async () => {
    process.env.REBOUND_GENERIC_SECRETS = `${VALID.REBOUND_GENERIC_SECRETS}, old-secret-0123456789abcdef0123456789`;
    expect((await loadVendorConfig('generic')).settings.secrets).toHaveLength(2);
    process.env.REBOUND_MAIL_SECRETS = `${VALID.REBOUND_MAIL_SECRETS},tooShort-Zq`;
    const problems = await problemsOf(() => loadVendorConfig('mail'));
    expect(problems).toEqual([
      'MailWebhookSecrets (REBOUND_MAIL_SECRETS) is malformed: secret 2 of 2 is shorter than 32 characters',
    ]);
    expect(problems.join()).not.toContain('tooShort');
  });

  it('the raw mail webhook takes mails up to 4 MB; others keep the default limit', async () => {
    expect((await loadVendorConfig('mail')).maxBodyBytes).toBe(4 * 1024 * 1024);
    expect((await loadVendorConfig('generic')).maxBodyBytes).toBeUndefined();
  });

  it('the inbound mail receiver reads no secret, only its bucket (named, checked) and gets a reader', async () => {
    delete process.env.REBOUND_MAIL_SECRETS;
    expect(await problemsOf(() => loadVendorConfig('mail', 'direct'))).toEqual([
      'REBOUND_INBOUND_MAIL_BUCKET is missing',
    ]);
    process.env.REBOUND_INBOUND_MAIL_BUCKET = 'Not_A_Bucket';
    expect(await problemsOf(() => loadVendorConfig('mail', 'direct'))).toEqual([
      'REBOUND_INBOUND_MAIL_BUCKET is malformed: must be an S3 bucket name',
    ]);
    process.env.REBOUND_INBOUND_MAIL_BUCKET = 'rebound-dev-inbound-mail';
    const config = await loadVendorConfig('mail', 'direct');
    expect(config.settings).toEqual({});
    expect(typeof config.io?.readObject).toBe('function');
    // SES's direct subscriber reads no objects.
    expect((await loadVendorConfig('ses', 'direct')).io).toBeUndefined();
  });

  it('the worker needs the RetryDueQueue, the API its key; a queue URL must be a URL', async () => {
    delete process.env.REBOUND_RETRY_DUE_QUEUE_URL;
    expect(await problemsOf(loadWorkerConfig)).toEqual([
      'RetryDueQueue (REBOUND_RETRY_DUE_QUEUE_URL) is missing',
    ]);
    delete process.env.REBOUND_API_KEY;
    expect(await problemsOf(loadApiConfig)).toEqual([
      'SuppressionApiKey (REBOUND_API_KEY) is missing',
    ]);
    expect(() =>
      readConfig(COMMON_SPECS.webhook, (s) => (s.key === 'retryQueueUrl' ? 'retry' : 'x')),
    ).toThrow('RetryQueue (REBOUND_RETRY_QUEUE_URL) is malformed: must be a queue URL');
    // Local SQS servers answer region-prefixed IP hosts, which WHATWG URL parsing rejects.
    const local = 'http://sqs.us-east-1.127.0.0.1:4566/000000000000/rebound-local-retry';
    expect(
      readConfig(COMMON_SPECS.webhook, (s) =>
        s.key === 'retryQueueUrl' ? local : s.required ? 'x' : undefined,
      ),
    ).toMatchObject({ retryQueueUrl: local });
  });
});
