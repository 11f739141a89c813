/**
 * `rebound replay`: the requests it builds verify the way each vendor's are verified
 * (SendGrid ECDSA over timestamp+raw body, Postmark basic auth, SNS v1/v2 RSA), and `run`
 * posts them to a real local HTTP server.
 */
import { createPublicKey, verify, X509Certificate } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { loadOrCreateCredentials } from '../../../scripts/local/credentials.ts';
import { stringToSign as snsStringToSign } from '../../core/src/vendors/ses/sns.ts';
import {
  buildReplayRequest,
  endpointFor,
  type LocalCredentials,
  postWhenReady,
  run,
} from '../src/commands/replay.ts';

const FIXTURES = join(import.meta.dirname, '../../../test/fixtures/payloads');
const fixture = (name: string) => readFileSync(join(FIXTURES, name));
const NOW = new Date('2026-11-28T09:00:00Z');
let dir: string;
let creds: LocalCredentials;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'rebound-replay-'));
  creds = (await loadOrCreateCredentials(dir)).credentials;
});
/** One vendor's local credentials. */
const own = (id: 'sendgrid' | 'postmark' | 'ses') => creds.vendors[id] as Record<string, string>;

/** Verifies an SNS envelope the way the SES handler must (docs/vendor-formats.md §3.7). */
function snsVerifies(msg: Record<string, string>, certPem: string | undefined): boolean {
  const algo = msg.SignatureVersion === '2' ? 'sha256' : 'sha1';
  const key = new X509Certificate(certPem ?? '').publicKey;
  return verify(
    algo,
    Buffer.from(snsStringToSign(msg as never)),
    key,
    Buffer.from(msg.Signature ?? '', 'base64'),
  );
}

describe('buildReplayRequest', () => {
  it.each([
    'sendgrid-bounce-hard.json',
    'sendgrid-batch-mixed.json',
    'sendgrid-signature-testvector-batch.json',
  ])(
    'SendGrid %s: CRLF wire body, ECDSA-DER signature over timestamp + raw bytes',
    async (name) => {
      const req = await buildReplayRequest('sendgrid', fixture(name), creds, { now: NOW });
      const ts = req.headers['x-twilio-email-event-webhook-timestamp'];
      expect(ts).toBe(String(NOW.getTime() / 1000));
      const key = createPublicKey({
        key: Buffer.from(own('sendgrid').publicKey, 'base64'),
        format: 'der',
        type: 'spki',
      });
      const sig = Buffer.from(
        req.headers['x-twilio-email-event-webhook-signature'] ?? '',
        'base64',
      );
      const data = Buffer.concat([Buffer.from(ts ?? ''), req.body]);
      expect(verify('sha256', data, { key, dsaEncoding: 'der' }, sig)).toBe(true);
      expect(
        verify('sha256', Buffer.concat([data, Buffer.from(' ')]), { key, dsaEncoding: 'der' }, sig),
      ).toBe(false);
      expect(Buffer.from(req.body).toString().endsWith('\r\n')).toBe(true);
      expect(Array.isArray(JSON.parse(Buffer.from(req.body).toString()))).toBe(true);
    },
  );
  it('SendGrid test vectors are sent as their exact raw bytes', async () => {
    const vector = JSON.parse(fixture('sendgrid-signature-testvector-single.json').toString());
    const req = await buildReplayRequest(
      'sendgrid',
      fixture('sendgrid-signature-testvector-single.json'),
      creds,
    );
    expect(Buffer.from(req.body).toString('base64')).toBe(vector.rawBodyBase64);
  });
  it('Postmark: the JSON body with basic auth of the local credentials', async () => {
    const req = await buildReplayRequest(
      'postmark',
      fixture('postmark-bounce-hardbounce.json'),
      creds,
    );
    const basic = Buffer.from(
      (req.headers.authorization ?? '').replace(/^Basic /, ''),
      'base64',
    ).toString();
    expect(basic).toBe(`${own('postmark').user}:${own('postmark').pass}`);
    expect(JSON.parse(Buffer.from(req.body).toString())).toEqual(
      JSON.parse(fixture('postmark-bounce-hardbounce.json').toString()),
    );
  });
  it.each(['1', '2'] as const)(
    'SES: a bare document wrapped in a signed v%s SNS envelope',
    async (v) => {
      const doc = fixture('ses-notification-bounce-permanent-general-simulator.json');
      const req = await buildReplayRequest('ses', doc, creds, { now: NOW, sigVersion: v });
      const msg = JSON.parse(Buffer.from(req.body).toString()) as Record<string, string>;
      expect(msg).toMatchObject({
        Type: 'Notification',
        TopicArn: own('ses').topicArn,
        SignatureVersion: v,
      });
      expect(msg).toMatchObject({
        SigningCertURL: own('ses').certUrl,
        Timestamp: NOW.toISOString(),
      });
      expect(JSON.parse(msg.Message ?? '')).toEqual(JSON.parse(doc.toString()));
      expect(snsVerifies(msg, own('ses').certificatePem)).toBe(true);
      expect(snsVerifies({ ...msg, Message: `${msg.Message} ` }, own('ses').certificatePem)).toBe(
        false,
      );
      expect(req.headers).toMatchObject({
        'content-type': 'text/plain; charset=UTF-8',
        'x-amz-sns-message-type': 'Notification',
        'x-amz-sns-message-id': msg.MessageId,
        'x-amz-sns-topic-arn': own('ses').topicArn,
      });
    },
  );
  it('SES: a stored SNS envelope is re-addressed to the local topic, message kept', async () => {
    const file = fixture('ses-notification-bounce-permanent-general-sns.json');
    const original = JSON.parse(file.toString());
    const msg = JSON.parse(
      Buffer.from((await buildReplayRequest('ses', file, creds)).body).toString(),
    );
    expect(msg.Message).toBe(original.Message);
    expect(msg.MessageId).toBe(original.MessageId);
    expect(msg.TopicArn).toBe(own('ses').topicArn);
    expect(snsVerifies(msg, own('ses').certificatePem)).toBe(true);
  });
});

describe('--fresh', () => {
  type Doc = Record<string, Record<string, unknown>>;
  const bodyOf = async (vendor: 'sendgrid' | 'postmark' | 'ses', name: string, fresh: boolean) => {
    const req = await buildReplayRequest(vendor, fixture(name), creds, { now: NOW, fresh });
    const json = JSON.parse(Buffer.from(req.body).toString());
    return vendor === 'ses' ? JSON.parse(json.Message) : json;
  };
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
    async (vendor, name, times, expected) => {
      const original = await bodyOf(vendor, name, false);
      const fresh = await bodyOf(vendor, name, true);
      expect(new Set(times(fresh))).toEqual(new Set([expected]));
      expect(times(original)).not.toContain(expected);
      const strip = (x: unknown) =>
        JSON.stringify(x).replace(/"(timestamp|BouncedAt)":("[^"]*"|\d+)/g, '');
      expect(strip(fresh)).toBe(strip(original));
    },
  );
  it('SES envelopes are freshened inside their Message', async () => {
    const req = await buildReplayRequest(
      'ses',
      fixture('ses-notification-bounce-permanent-general-sns.json'),
      creds,
      { now: NOW, fresh: true },
    );
    const inner = JSON.parse(JSON.parse(Buffer.from(req.body).toString()).Message);
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

/** Runs `fn` with standard error captured. */
async function stderrOf(fn: () => Promise<number>) {
  let text = '';
  const spy = vi.spyOn(process.stderr, 'write').mockImplementation((s) => {
    text += String(s);
    return true;
  });
  try {
    return { code: await fn(), text };
  } finally {
    spy.mockRestore();
  }
}

describe('run', () => {
  it('waits for a stack that answers 503 "starting" (Retry-After), within --wait', async () => {
    let calls = 0;
    const server = createServer((req, res) => {
      calls++;
      req.resume().on('end', () => {
        if (calls < 3) res.writeHead(503, { 'retry-after': '1' }).end('{"message":"starting"}');
        else res.writeHead(200).end('{}');
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const url = `http://127.0.0.1:${(server.address() as { port: number }).port}/webhooks/postmark`;
    const slept: number[] = [];
    const sleep = async (ms: number) => {
      slept.push(ms);
    };
    const req = { headers: {}, body: Buffer.from('{}') };
    try {
      expect((await postWhenReady(url, req, 30_000, sleep)).status).toBe(200);
      expect(slept).toEqual([1000, 1000]);
      calls = 0;
      // A budget of nothing: the first 503 is the answer.
      expect((await postWhenReady(url, req, 0, sleep)).status).toBe(503);
    } finally {
      server.close();
    }
  });

  it('endpointFor appends the vendor route to a bare base URL only', async () => {
    expect(endpointFor('http://localhost:3000', 'ses')).toBe('http://localhost:3000/webhooks/ses');
    expect(endpointFor('https://x.on.aws/webhooks/sendgrid', 'sendgrid')).toBe(
      'https://x.on.aws/webhooks/sendgrid',
    );
  });
  it('bad usage exits 2 and says which and why; missing credentials exit 1', async () => {
    const err = await stderrOf(() => run(['--vendor', 'acme-mail', 'x.json']));
    expect(err.code).toBe(2);
    expect(err.text).toContain('"acme-mail" is not one of them');
    expect(await run(['--vendor', 'ses'])).toBe(2);
    const missing = await stderrOf(() => run(['--vendor', 'ses', '/nonexistent.json']));
    expect([missing.code, missing.text]).toEqual([
      2,
      'rebound replay: cannot read /nonexistent.json: no such file\n',
    ]);
    const notJson = join(mkdtempSync(join(tmpdir(), 'rebound-nj-')), 'x.json');
    writeFileSync(notJson, 'From: a@b.c\n');
    const nj = await stderrOf(() => run(['--vendor', 'ses', notJson, '--dir', dir]));
    expect(nj.code).toBe(2);
    expect(nj.text).toContain('ses payload file: body is not JSON');
    const badUrl = await stderrOf(() =>
      run(['--vendor', 'ses', notJson, '--url', 'localhost:3000']),
    );
    expect(badUrl.code).toBe(2);
    expect(badUrl.text).toContain('--url must be http:// or https://');
    for (const r of [err, missing, nj, badUrl]) expect(r.text).not.toMatch(/\n\s+at /);
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
