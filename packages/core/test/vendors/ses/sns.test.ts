/**
 * SNS verification: the real signed vectors (expired certificate: date check skipped), and
 * envelopes signed here with a generated key and certificate, each test breaking one thing.
 */
import { readFileSync } from 'node:fs';
import { beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { DependencyError, PayloadError, WebhookVerificationError } from '../../../src/errors.ts';
import { parseSnsLambdaEvent } from '../../../src/vendors/ses/parse.ts';
import { handleSnsEnvelope } from '../../../src/vendors/ses/receive.ts';
import { type SnsEnvelope, stringToSign, verifySnsEnvelope } from '../../../src/vendors/ses/sns.ts';
import {
  CERTIFICATE_CACHE_SIZE,
  CERTIFICATE_FETCH_TIMEOUT_MS,
  clearCertificateCache,
} from '../../../src/vendors/ses/sns-certificate.ts';
import { makeSigner, notification, signEnvelope, type TestSigner } from '../helpers/sns-signer.ts';

const PAYLOADS = new URL('../../../../../test/fixtures/payloads/', import.meta.url);
const read = (name: string) => readFileSync(new URL(name, PAYLOADS), 'utf8');

interface Vector {
  message: SnsEnvelope;
  expectedStringToSign: string;
}
const VECTORS = JSON.parse(read('sns-signature-testvectors.json')) as {
  signingCertificatePem: string;
  vectors: Vector[];
};

/** Expects a WebhookVerificationError with this check. */
async function rejectsWith(p: Promise<unknown>, check: string): Promise<void> {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(WebhookVerificationError);
  expect((err as WebhookVerificationError).check).toBe(check);
}

beforeEach(() => clearCertificateCache());

describe('SNS: real signed vectors', () => {
  const fetchCertificate = vi.fn(async () => VECTORS.signingCertificatePem);
  const topics = VECTORS.vectors.map((v) => v.message.TopicArn);

  it.each(VECTORS.vectors.map((v, i) => [i, v] as const))('vector %i verifies', async (_i, v) => {
    // Prepare
    const deps = { fetchCertificate, now: () => new Date(v.message.Timestamp) };
    // Act
    const env = await verifySnsEnvelope(
      v.message,
      {},
      { topicArns: topics, skipCertificateDateCheck: true },
      deps,
    );
    // Assess
    expect(stringToSign(env)).toBe(v.expectedStringToSign);
  });

  it('the SubscriptionConfirmation vector yields a confirm URL built from region, topic and token', async () => {
    const body = read('sns-subscriptionconfirmation-signed.json');
    const msg = JSON.parse(body) as SnsEnvelope;
    const out = await handleSnsEnvelope(
      body,
      { 'x-amz-sns-message-type': 'SubscriptionConfirmation' },
      { topicArns: [msg.TopicArn], skipCertificateDateCheck: true },
      { fetchCertificate, now: () => new Date(msg.Timestamp) },
    );
    expect(out.type).toBe('subscription-confirmation');
    if (out.type !== 'subscription-confirmation') return;
    const url = new URL(out.confirmUrl);
    expect(url.origin).toBe('https://sns.us-east-1.amazonaws.com');
    expect(url.searchParams.get('Action')).toBe('ConfirmSubscription');
    expect(url.searchParams.get('TopicArn')).toBe(msg.TopicArn);
    expect(url.searchParams.get('Token')).toBe(msg.Token);
  });

  it('the expired certificate fails when the date check is not skipped', async () => {
    // Prepare: a window wide enough that only the certificate's dates (2021-09 → 2022-08) fail.
    const v = VECTORS.vectors[0]!;
    const config = { topicArns: topics, toleranceSeconds: 20 * 365 * 86400 };
    const deps = { fetchCertificate, now: () => new Date('2026-01-01T00:00:00Z') };
    // Act + Assess
    await rejectsWith(verifySnsEnvelope(v.message, {}, config, deps), 'certificate');
    await expect(
      verifySnsEnvelope(v.message, {}, { ...config, skipCertificateDateCheck: true }, deps),
    ).resolves.toMatchObject({ MessageId: v.message.MessageId });
  });

  it.each([
    ['Message', 'Hello world!'],
    ['MessageId', '792cda85-518f-5dd3-9163-81d851212f3b'],
    ['Timestamp', '2022-07-28T21:23:58.318Z'],
  ] as const)('changing %s breaks the signature', async (field, value) => {
    const v = VECTORS.vectors[0]!;
    const msg = { ...v.message, [field]: value };
    await rejectsWith(
      verifySnsEnvelope(
        msg,
        {},
        { topicArns: topics, skipCertificateDateCheck: true },
        { fetchCertificate, now: () => new Date(v.message.Timestamp) },
      ),
      'signature',
    );
  });

  it('a v1 vector relabelled as v2 fails (hash follows SignatureVersion)', async () => {
    const v = VECTORS.vectors[0]!;
    await rejectsWith(
      verifySnsEnvelope(
        { ...v.message, SignatureVersion: '2' },
        {},
        { topicArns: topics, skipCertificateDateCheck: true },
        { fetchCertificate, now: () => new Date(v.message.Timestamp) },
      ),
      'signature',
    );
  });
});

describe('SNS: envelopes signed with a test certificate', () => {
  let signer: TestSigner;
  let other: TestSigner;
  // Set after the certificates exist: their notBefore is the second they were made.
  let NOW = new Date();
  const sesDoc = JSON.stringify(JSON.parse(read('ses-event-bounce-permanent-general.json')));
  const TOPIC = 'arn:aws:sns:eu-west-1:123456789012:rebound-ses';
  const config = { topicArns: [TOPIC] };

  beforeAll(() => {
    signer = makeSigner();
    other = makeSigner();
    NOW = new Date();
  });

  function deps(pem?: string) {
    const fetchCertificate = vi.fn(async (_url: string) => pem ?? signer.certPem);
    return { fetchCertificate, now: () => NOW };
  }
  const signed = (over: Partial<SnsEnvelope> = {}, key = signer.privateKey) =>
    signEnvelope(notification(sesDoc, { Timestamp: NOW.toISOString(), ...over }), key);

  it.each(['1', '2'])('SignatureVersion %s notification yields the SES events', async (version) => {
    const d = deps();
    const out = await handleSnsEnvelope(
      JSON.stringify(signed({ SignatureVersion: version })),
      { 'x-amz-sns-message-type': 'Notification' },
      config,
      d,
    );
    expect(out.type).toBe('notification');
    if (out.type !== 'notification') return;
    expect(out.events.map((e) => [e.kind, e.recipient])).toEqual([
      ['bounce', 'recipient@example.com'],
    ]);
    expect(d.fetchCertificate).toHaveBeenCalledWith(
      'https://sns.eu-west-1.amazonaws.com/SimpleNotificationService-0123456789abcdef0123456789abcdef.pem',
    );
  });

  it('the certificate is fetched once per URL and cached', async () => {
    const d = deps();
    await handleSnsEnvelope(JSON.stringify(signed()), {}, config, d);
    await handleSnsEnvelope(JSON.stringify(signed({ MessageId: 'another' })), {}, config, d);
    expect(d.fetchCertificate).toHaveBeenCalledTimes(1);
  });

  it('a certificate for another key fails the signature', async () => {
    await rejectsWith(
      handleSnsEnvelope(JSON.stringify(signed({}, other.privateKey)), {}, config, deps()),
      'signature',
    );
  });

  it('a body changed by one byte fails the signature', async () => {
    const body = JSON.stringify(signed()).replace('recipient@example.com', 'recipienT@example.com');
    await rejectsWith(handleSnsEnvelope(body, {}, config, deps()), 'signature');
  });

  it('a re-serialized inner Message fails the signature', async () => {
    const env = signed();
    const reserialized = { ...env, Message: JSON.stringify(JSON.parse(env.Message), null, 2) };
    await rejectsWith(
      handleSnsEnvelope(JSON.stringify(reserialized), {}, config, deps()),
      'signature',
    );
  });

  it.each([
    ['stale (older than 1 h + skew)', -3600 - 301],
    ['in the future beyond the skew', 301],
  ])('a %s Timestamp fails before any fetch', async (_label, offset) => {
    const d = deps();
    const ts = new Date(NOW.getTime() + offset * 1000).toISOString();
    await rejectsWith(
      handleSnsEnvelope(JSON.stringify(signed({ Timestamp: ts })), {}, config, d),
      'timestamp',
    );
    expect(d.fetchCertificate).not.toHaveBeenCalled();
  });

  it('an hour-old Timestamp (SNS retries) is accepted', async () => {
    const ts = new Date(NOW.getTime() - 3600 * 1000).toISOString();
    const out = await handleSnsEnvelope(
      JSON.stringify(signed({ Timestamp: ts })),
      {},
      config,
      deps(),
    );
    expect(out.type).toBe('notification');
  });

  it.each([
    ['another host suffix', 'https://sns.eu-west-1.amazonaws.com.evil.com/cert.pem'],
    ['an S3 host', 'https://s3.amazonaws.com/bucket/cert.pem'],
    ['a bucket host under amazonaws.com', 'https://sns-certs.s3.amazonaws.com/cert.pem'],
    ['plain http', 'http://sns.eu-west-1.amazonaws.com/cert.pem'],
    ['a path not ending in .pem', 'https://sns.eu-west-1.amazonaws.com/cert.txt'],
    ['credentials in the URL', 'https://a:b@sns.eu-west-1.amazonaws.com/cert.pem'],
    ['a port', 'https://sns.eu-west-1.amazonaws.com:8443/cert.pem'],
    ['another region than the topic', 'https://sns.us-east-1.amazonaws.com/cert.pem'],
    ['not a URL', 'sns.eu-west-1.amazonaws.com/cert.pem'],
  ])('SigningCertURL on %s is refused before any fetch', async (_label, url) => {
    const d = deps();
    await rejectsWith(
      handleSnsEnvelope(JSON.stringify(signed({ SigningCertURL: url })), {}, config, d),
      'certificate-url',
    );
    expect(d.fetchCertificate).not.toHaveBeenCalled();
  });

  it('a topic not allowlisted is refused before anything else', async () => {
    const d = deps();
    const env = signed({
      TopicArn: 'arn:aws:sns:eu-west-1:999999999999:someone-else',
      SigningCertURL: 'http://evil.example/x.pem',
    });
    await rejectsWith(handleSnsEnvelope(JSON.stringify(env), {}, config, d), 'topic');
    expect(d.fetchCertificate).not.toHaveBeenCalled();
  });

  it('an x-amz-sns-message-type header that disagrees with Type is refused', async () => {
    await rejectsWith(
      handleSnsEnvelope(
        JSON.stringify(signed()),
        { 'x-amz-sns-message-type': 'SubscriptionConfirmation' },
        config,
        deps(),
      ),
      'message-type',
    );
  });

  it('an unknown SignatureVersion is refused', async () => {
    await rejectsWith(
      handleSnsEnvelope(JSON.stringify(signed({ SignatureVersion: '3' })), {}, config, deps()),
      'signature',
    );
  });

  it('a certificate whose subject is not SNS is refused', async () => {
    const wrong = makeSigner({ subject: '/CN=evil.example' });
    const env = signEnvelope(
      notification(sesDoc, { Timestamp: NOW.toISOString() }),
      wrong.privateKey,
    );
    await rejectsWith(
      handleSnsEnvelope(JSON.stringify(env), {}, config, deps(wrong.certPem)),
      'certificate',
    );
  });

  it('a certificate outside its validity dates is refused unless the date check is skipped', async () => {
    const later = new Date(NOW.getTime() + 5 * 86400 * 1000);
    const env = JSON.stringify(signed({ Timestamp: later.toISOString() }));
    const d = { fetchCertificate: async () => signer.certPem, now: () => later };
    await rejectsWith(handleSnsEnvelope(env, {}, config, d), 'certificate');
    const out = await handleSnsEnvelope(env, {}, { ...config, skipCertificateDateCheck: true }, d);
    expect(out.type).toBe('notification');
  });

  it('a failed certificate fetch is a DependencyError (retryable) and is not cached', async () => {
    const fetchCertificate = vi.fn(async () => {
      throw new Error('network down');
    });
    const env = JSON.stringify(signed());
    await expect(
      handleSnsEnvelope(env, {}, config, { fetchCertificate, now: () => NOW }),
    ).rejects.toBeInstanceOf(DependencyError);
    const out = await handleSnsEnvelope(env, {}, config, deps());
    expect(out.type).toBe('notification');
  });

  it('a failed fetch is a verify-phase DependencyError (counted as a verification failure)', async () => {
    const fetchCertificate = async () => {
      throw new Error('503 from SNS');
    };
    const err = await handleSnsEnvelope(JSON.stringify(signed()), {}, config, {
      fetchCertificate,
      now: () => NOW,
    }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DependencyError);
    expect(err).toMatchObject({ dependency: 'sns-certificate', phase: 'verify' });
  });

  it('a certificate fetch that never answers fails within its time limit (default 2 s)', async () => {
    expect(CERTIFICATE_FETCH_TIMEOUT_MS).toBe(2_000);
    const hang = vi.fn(() => new Promise<string>(() => {}));
    const started = Date.now();
    const err = await handleSnsEnvelope(JSON.stringify(signed()), {}, config, {
      fetchCertificate: hang,
      now: () => NOW,
      certificateTimeoutMs: 50,
    }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DependencyError);
    expect(Date.now() - started).toBeLessThan(1_500);
    // Not cached: the next delivery fetches again.
    await handleSnsEnvelope(JSON.stringify(signed()), {}, config, deps());
    expect(hang).toHaveBeenCalledTimes(1);
  });

  it(`the cache keeps at most ${CERTIFICATE_CACHE_SIZE} certificates, least recently used out`, async () => {
    const fetch = vi.fn(async (_url: string) => signer.certPem);
    const url = (i: number) =>
      `https://sns.eu-west-1.amazonaws.com/SimpleNotificationService-${i.toString(16).padStart(32, '0')}.pem`;
    const load = (i: number) =>
      handleSnsEnvelope(JSON.stringify(signed({ SigningCertURL: url(i) })), {}, config, {
        fetchCertificate: fetch,
        now: () => NOW,
      });
    for (let i = 0; i < CERTIFICATE_CACHE_SIZE; i++) await load(i);
    await load(0); // used again: now the most recent
    expect(fetch).toHaveBeenCalledTimes(CERTIFICATE_CACHE_SIZE);
    await load(CERTIFICATE_CACHE_SIZE); // one more: evicts the least recently used (1)
    await load(0);
    expect(fetch).toHaveBeenCalledTimes(CERTIFICATE_CACHE_SIZE + 1);
    await load(1);
    expect(fetch).toHaveBeenCalledTimes(CERTIFICATE_CACHE_SIZE + 2);
    expect(fetch.mock.calls.at(-1)?.[0]).toBe(url(1));
  });

  it.each([
    ['a file not named after a hash', '/SimpleNotificationService-test.pem'],
    ['another file name', '/certificate.pem'],
    [
      'a hash in a subdirectory',
      '/x/SimpleNotificationService-0123456789abcdef0123456789abcdef.pem',
    ],
    ['a short hash', '/SimpleNotificationService-12345abcde.pem'],
    ['upper-case hex', '/SimpleNotificationService-0123456789ABCDEF0123456789ABCDEF.pem'],
  ])('SigningCertURL path: %s is refused before any fetch', async (_label, path) => {
    const d = deps();
    await rejectsWith(
      handleSnsEnvelope(
        JSON.stringify(signed({ SigningCertURL: `https://sns.eu-west-1.amazonaws.com${path}` })),
        {},
        config,
        d,
      ),
      'certificate-url',
    );
    expect(d.fetchCertificate).not.toHaveBeenCalled();
  });

  it.each([
    [
      'an aws topic with a .cn host',
      'arn:aws:sns:eu-west-1:123456789012:t',
      'sns.eu-west-1.amazonaws.com.cn',
      false,
    ],
    [
      'an aws-cn topic on the .cn host',
      'arn:aws-cn:sns:cn-north-1:123456789012:t',
      'sns.cn-north-1.amazonaws.com.cn',
      true,
    ],
    [
      'an aws-cn topic without .cn',
      'arn:aws-cn:sns:cn-north-1:123456789012:t',
      'sns.cn-north-1.amazonaws.com',
      false,
    ],
    [
      'an aws-us-gov topic on its regional host',
      'arn:aws-us-gov:sns:us-gov-west-1:123456789012:t',
      'sns.us-gov-west-1.amazonaws.com',
      true,
    ],
  ])('%s: certificate host accepted = %s', async (_label, topic, host, ok) => {
    const d = deps();
    const env = signed({
      TopicArn: topic,
      SigningCertURL: `https://${host}/SimpleNotificationService-0123456789abcdef0123456789abcdef.pem`,
    });
    const run = handleSnsEnvelope(JSON.stringify(env), {}, { topicArns: [topic] }, d);
    if (ok) {
      expect((await run).type).toBe('notification');
    } else {
      await rejectsWith(run, 'certificate-url');
      expect(d.fetchCertificate).not.toHaveBeenCalled();
    }
  });

  it('the SES validation message yields no events', async () => {
    const env = signEnvelope(
      notification('Successfully validated SNS topic for Amazon SES event publishing.', {
        Timestamp: NOW.toISOString(),
      }),
      signer.privateKey,
    );
    const out = await handleSnsEnvelope(JSON.stringify(env), {}, config, deps());
    expect(out).toMatchObject({ type: 'notification', events: [] });
  });

  it('a verified Notification whose Message is not SES JSON is a PayloadError', async () => {
    const env = signEnvelope(
      notification('Hello world', { Timestamp: NOW.toISOString() }),
      signer.privateKey,
    );
    await expect(handleSnsEnvelope(JSON.stringify(env), {}, config, deps())).rejects.toBeInstanceOf(
      PayloadError,
    );
  });

  const confirmation = (over: Partial<SnsEnvelope> = {}) =>
    signEnvelope(
      {
        Type: 'SubscriptionConfirmation',
        MessageId: 'c0c0c0c0-0000-4000-8000-000000000001',
        Token: 'tok123',
        TopicArn: TOPIC,
        Message: 'You have chosen to subscribe to the topic.',
        SubscribeURL: `https://sns.eu-west-1.amazonaws.com/?Action=ConfirmSubscription&TopicArn=${TOPIC}&Token=tok123`,
        Timestamp: NOW.toISOString(),
        SignatureVersion: '1',
        SigningCertURL:
          'https://sns.eu-west-1.amazonaws.com/SimpleNotificationService-0123456789abcdef0123456789abcdef.pem',
        ...over,
      },
      signer.privateKey,
    );

  it('a SubscriptionConfirmation returns the URL we built', async () => {
    const out = await handleSnsEnvelope(JSON.stringify(confirmation()), {}, config, deps());
    expect(out).toEqual({
      type: 'subscription-confirmation',
      topicArn: TOPIC,
      confirmUrl: `https://sns.eu-west-1.amazonaws.com/?Action=ConfirmSubscription&TopicArn=${encodeURIComponent(TOPIC)}&Token=tok123`,
    });
  });

  it.each([
    ['another host', 'https://evil.example/?Action=ConfirmSubscription&TopicArn=x&Token=tok123'],
    [
      'a look-alike host',
      `https://sns.eu-west-1.amazonaws.com.evil.com/?Action=ConfirmSubscription&TopicArn=${TOPIC}&Token=tok123`,
    ],
    [
      'another action',
      `https://sns.eu-west-1.amazonaws.com/?Action=Unsubscribe&TopicArn=${TOPIC}&Token=tok123`,
    ],
    [
      'another token',
      `https://sns.eu-west-1.amazonaws.com/?Action=ConfirmSubscription&TopicArn=${TOPIC}&Token=other`,
    ],
  ])('a signed SubscribeURL pointing to %s is refused', async (_label, url) => {
    await rejectsWith(
      handleSnsEnvelope(JSON.stringify(confirmation({ SubscribeURL: url })), {}, config, deps()),
      'subscribe-url',
    );
  });

  it('a SubscriptionConfirmation for a topic not allowlisted is refused even though validly signed', async () => {
    const env = confirmation({ TopicArn: 'arn:aws:sns:eu-west-1:999999999999:attacker' });
    await rejectsWith(handleSnsEnvelope(JSON.stringify(env), {}, config, deps()), 'topic');
  });

  it('an UnsubscribeConfirmation is verified (Token is signed) and is a no-op', async () => {
    const env = confirmation({ Type: 'UnsubscribeConfirmation' });
    const out = await handleSnsEnvelope(JSON.stringify(env), {}, config, deps());
    expect(out).toEqual({ type: 'unsubscribe-confirmation', topicArn: TOPIC });
    const tampered = { ...env, Token: 'other' };
    await rejectsWith(handleSnsEnvelope(JSON.stringify(tampered), {}, config, deps()), 'signature');
  });

  it('raw delivery (unsigned) is refused unless enabled, then needs an allowlisted topic header', async () => {
    const headers = { 'x-amz-sns-rawdelivery': 'true', 'x-amz-sns-topic-arn': TOPIC };
    await rejectsWith(handleSnsEnvelope(sesDoc, headers, config, deps()), 'signature');
    await rejectsWith(
      handleSnsEnvelope(
        sesDoc,
        { ...headers, 'x-amz-sns-topic-arn': 'arn:aws:sns:eu-west-1:1:x' },
        { ...config, allowRawDelivery: true },
        deps(),
      ),
      'topic',
    );
    const out = await handleSnsEnvelope(
      sesDoc,
      headers,
      { ...config, allowRawDelivery: true },
      deps(),
    );
    expect(out.type === 'notification' && out.events.length).toBe(1);
  });

  it('a body that is not JSON is a PayloadError', async () => {
    await expect(handleSnsEnvelope('not json', {}, config, deps())).rejects.toBeInstanceOf(
      PayloadError,
    );
  });
});

describe('SNS → Lambda event', () => {
  it('parses Records[].Sns (SigningCertUrl spelling) without a signature check', () => {
    const env = JSON.parse(read('ses-notification-bounce-permanent-general-sns.json')) as Record<
      string,
      unknown
    >;
    const { SigningCertURL, UnsubscribeURL, ...rest } = env;
    const event = {
      Records: [
        {
          EventSource: 'aws:sns',
          Sns: {
            ...rest,
            SigningCertUrl: SigningCertURL,
            UnsubscribeUrl: UnsubscribeURL,
            Subject: null,
            MessageAttributes: {},
          },
        },
      ],
    };
    const events = parseSnsLambdaEvent(event);
    expect(events.map((e) => [e.kind, e.recipient, e.vendorEventId])).toEqual([
      [
        'bounce',
        'jane@example.com',
        '00000138111222aa-33322211-cccc-cccc-cccc-ddddaaaa068a-000000',
      ],
    ]);
  });

  it('an event without Records is a PayloadError', () => {
    expect(() => parseSnsLambdaEvent({})).toThrow(PayloadError);
  });
});
