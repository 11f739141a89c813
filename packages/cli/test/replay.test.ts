/**
 * `rebound replay`: the requests it builds verify the way each vendor's are verified
 * (SendGrid ECDSA over timestamp+raw body, Postmark basic auth, SNS v1/v2 RSA), and `run`
 * posts them to a real local HTTP server.
 */
import { createPublicKey, verify, X509Certificate } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import { createServer, type IncomingMessage } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadOrCreateCredentials } from '../../../scripts/local/credentials.ts';
import {
  buildReplayRequest,
  endpointFor,
  freshen,
  type LocalCredentials,
  run,
  snsStringToSign,
} from '../src/commands/replay.ts';

const FIXTURES = join(import.meta.dirname, '../../../test/fixtures/payloads');
const fixture = (name: string) => readFileSync(join(FIXTURES, name));
const NOW = new Date('2026-11-28T09:00:00Z');
let dir: string;
let creds: LocalCredentials;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'rebound-replay-'));
  creds = loadOrCreateCredentials(dir).credentials;
});

/** Verifies an SNS envelope the way the SES handler must (vendor-formats §3.7). */
function snsVerifies(msg: Record<string, string>, certPem: string): boolean {
  const algo = msg.SignatureVersion === '2' ? 'sha256' : 'sha1';
  const key = new X509Certificate(certPem).publicKey;
  return verify(
    algo,
    Buffer.from(snsStringToSign(msg)),
    key,
    Buffer.from(msg.Signature ?? '', 'base64'),
  );
}

describe('buildReplayRequest', () => {
  it.each([
    'sendgrid-bounce-hard.json',
    'sendgrid-batch-mixed.json',
    'sendgrid-signature-testvector-batch.json',
  ])('SendGrid %s: CRLF wire body, ECDSA-DER signature over timestamp + raw bytes', (name) => {
    const req = buildReplayRequest('sendgrid', fixture(name), creds, { now: NOW });
    const ts = req.headers['x-twilio-email-event-webhook-timestamp'];
    expect(ts).toBe(String(NOW.getTime() / 1000));
    const key = createPublicKey({
      key: Buffer.from(creds.sendgrid.publicKey, 'base64'),
      format: 'der',
      type: 'spki',
    });
    const sig = Buffer.from(req.headers['x-twilio-email-event-webhook-signature'] ?? '', 'base64');
    const data = Buffer.concat([Buffer.from(ts ?? ''), req.body]);
    expect(verify('sha256', data, { key, dsaEncoding: 'der' }, sig)).toBe(true);
    expect(
      verify('sha256', Buffer.concat([data, Buffer.from(' ')]), { key, dsaEncoding: 'der' }, sig),
    ).toBe(false);
    expect(req.body.toString().endsWith('\r\n')).toBe(true);
    expect(Array.isArray(JSON.parse(req.body.toString()))).toBe(true);
  });
  it('SendGrid test vectors are sent as their exact raw bytes', () => {
    const vector = JSON.parse(fixture('sendgrid-signature-testvector-single.json').toString());
    const req = buildReplayRequest(
      'sendgrid',
      fixture('sendgrid-signature-testvector-single.json'),
      creds,
    );
    expect(req.body.toString('base64')).toBe(vector.rawBodyBase64);
  });
  it('Postmark: the JSON body with basic auth of the local credentials', () => {
    const req = buildReplayRequest('postmark', fixture('postmark-bounce-hardbounce.json'), creds);
    const basic = Buffer.from(
      (req.headers.authorization ?? '').replace(/^Basic /, ''),
      'base64',
    ).toString();
    expect(basic).toBe(`${creds.postmark.user}:${creds.postmark.pass}`);
    expect(JSON.parse(req.body.toString())).toEqual(
      JSON.parse(fixture('postmark-bounce-hardbounce.json').toString()),
    );
  });
  it.each(['1', '2'] as const)('SES: a bare document wrapped in a signed v%s SNS envelope', (v) => {
    const doc = fixture('ses-notification-bounce-permanent-general-simulator.json');
    const req = buildReplayRequest('ses', doc, creds, { now: NOW, sigVersion: v });
    const msg = JSON.parse(req.body.toString()) as Record<string, string>;
    expect(msg).toMatchObject({
      Type: 'Notification',
      TopicArn: creds.sns.topicArn,
      SignatureVersion: v,
    });
    expect(msg).toMatchObject({ SigningCertURL: creds.sns.certUrl, Timestamp: NOW.toISOString() });
    expect(JSON.parse(msg.Message ?? '')).toEqual(JSON.parse(doc.toString()));
    expect(snsVerifies(msg, creds.sns.certificatePem)).toBe(true);
    expect(snsVerifies({ ...msg, Message: `${msg.Message} ` }, creds.sns.certificatePem)).toBe(
      false,
    );
    expect(req.headers).toMatchObject({
      'content-type': 'text/plain; charset=UTF-8',
      'x-amz-sns-message-type': 'Notification',
      'x-amz-sns-message-id': msg.MessageId,
      'x-amz-sns-topic-arn': creds.sns.topicArn,
    });
  });
  it('SES: a stored SNS envelope is re-addressed to the local topic, message kept', () => {
    const file = fixture('ses-notification-bounce-permanent-general-sns.json');
    const original = JSON.parse(file.toString());
    const msg = JSON.parse(buildReplayRequest('ses', file, creds).body.toString());
    expect(msg.Message).toBe(original.Message);
    expect(msg.MessageId).toBe(original.MessageId);
    expect(msg.TopicArn).toBe(creds.sns.topicArn);
    expect(snsVerifies(msg, creds.sns.certificatePem)).toBe(true);
  });
});

describe('--fresh', () => {
  type Doc = Record<string, Record<string, unknown>>;
  it.each([
    [
      'sendgrid',
      'sendgrid-batch-mixed.json',
      (b: unknown) => (b as { timestamp: number }[]).map((e) => e.timestamp),
      NOW.getTime() / 1000,
    ],
    [
      'postmark',
      'postmark-bounce-hardbounce.json',
      (b: unknown) => [(b as Doc).BouncedAt],
      NOW.toISOString(),
    ],
    [
      'ses',
      'ses-notification-bounce-permanent-general-simulator.json',
      (b: unknown) => [(b as Doc).mail?.timestamp, (b as Doc).bounce?.timestamp],
      NOW.toISOString(),
    ],
  ] as const)(
    '%s: every event time becomes now, nothing else changes',
    (vendor, name, times, expected) => {
      const original = JSON.parse(fixture(name).toString());
      const fresh = freshen(vendor, original, NOW);
      expect(new Set(times(fresh))).toEqual(new Set([expected]));
      expect(times(original)).not.toContain(expected);
      const strip = (x: unknown) =>
        JSON.stringify(x).replace(/"(timestamp|BouncedAt)":("[^"]*"|\d+)/g, '');
      expect(strip(fresh)).toBe(strip(original));
    },
  );
  it('SES envelopes are freshened inside their Message', () => {
    const req = buildReplayRequest(
      'ses',
      fixture('ses-notification-bounce-permanent-general-sns.json'),
      creds,
      { now: NOW, fresh: true },
    );
    const inner = JSON.parse(JSON.parse(req.body.toString()).Message);
    expect(inner.bounce.timestamp).toBe(NOW.toISOString());
  });
});

describe('snsStringToSign', () => {
  const vectors = JSON.parse(fixture('sns-signature-testvectors.json').toString());
  it.each(vectors.vectors.map((v: { message: object }, i: number) => [i, v]))(
    'AWS vector %i: same string, and the real signature verifies',
    (_i, v: { message: Record<string, string>; expectedStringToSign: string }) => {
      expect(snsStringToSign(v.message)).toBe(v.expectedStringToSign);
      expect(snsVerifies(v.message, vectors.signingCertificatePem)).toBe(true);
    },
  );
});

describe('run', () => {
  it('endpointFor appends the vendor route to a bare base URL only', () => {
    expect(endpointFor('http://localhost:3000', 'ses')).toBe('http://localhost:3000/webhooks/ses');
    expect(endpointFor('https://x.on.aws/webhooks/sendgrid', 'sendgrid')).toBe(
      'https://x.on.aws/webhooks/sendgrid',
    );
  });
  it('bad usage exits 2; missing credentials exit 1', async () => {
    expect(await run(['--vendor', 'mailgun', 'x.json'])).toBe(2);
    expect(await run(['--vendor', 'ses'])).toBe(2);
    const empty = mkdtempSync(join(tmpdir(), 'rebound-empty-'));
    const file = join(FIXTURES, 'postmark-bounce-hardbounce.json');
    expect(await run(['--vendor', 'postmark', file, '--dir', empty])).toBe(1);
  });
  it('posts to the vendor route and exits 0 on 2xx, 1 otherwise', async () => {
    const seen: { url?: string; headers: IncomingMessage['headers'] }[] = [];
    let status = 200;
    const server = createServer((req, res) => {
      seen.push({ url: req.url, headers: req.headers });
      req.resume().on('end', () => res.writeHead(status).end('{}'));
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
    const file = join(FIXTURES, 'ses-notification-bounce-permanent-general-simulator.json');
    try {
      expect(
        await run(['--vendor', 'ses', file, '--url', url, '--dir', dir, '--sig-version', '2']),
      ).toBe(0);
      status = 401;
      expect(await run(['--vendor', 'ses', file, '--url', url, '--dir', dir])).toBe(1);
    } finally {
      server.close();
    }
    expect(seen[0]?.url).toBe('/webhooks/ses');
    expect(seen[0]?.headers['x-amz-sns-message-type']).toBe('Notification');
  });
  it('--fresh posts the events with times of now, plain runs with the stored times', async () => {
    const bodies: string[] = [];
    const server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        bodies.push(Buffer.concat(chunks).toString('utf8'));
        res.writeHead(200).end('{}');
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
    const file = join(FIXTURES, 'postmark-bounce-hardbounce.json');
    try {
      expect(await run(['--vendor', 'postmark', file, '--url', url, '--dir', dir])).toBe(0);
      expect(await run(['--vendor', 'postmark', file, '--url', url, '--dir', dir, '--fresh'])).toBe(
        0,
      );
    } finally {
      server.close();
    }
    const [plain, fresh] = bodies.map((b) => Date.parse(JSON.parse(b).BouncedAt));
    expect(plain).toBe(
      Date.parse(JSON.parse(fixture('postmark-bounce-hardbounce.json').toString()).BouncedAt),
    );
    expect(Math.abs((fresh ?? 0) - Date.now())).toBeLessThan(60_000);
  });
});
