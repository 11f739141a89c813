/**
 * `rebound replay`: sign a stored payload with the local credentials in `.rebound/` (written by
 * `npm start`) and POST it to a running Rebound exactly as SendGrid, Postmark or SNS would.
 */
import { createPrivateKey, randomUUID, sign } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';

/** The local credentials file (`.rebound/credentials.json`), as `npm start` writes it. */
export interface LocalCredentials {
  /** SendGrid-style P-256 pair: base64 SPKI DER public key, PKCS#8 PEM private key. */
  sendgrid: { publicKey: string; privateKeyPem: string };
  postmark: { user: string; pass: string };
  /** The allowlisted topic and the self-signed certificate the local SES handler trusts. */
  sns: { topicArn: string; certUrl: string; certificatePem: string; privateKeyPem: string };
  /** Bearer key of the local suppression API. */
  apiKey: string;
}

/** The vendors replay speaks for. */
export type Vendor = 'sendgrid' | 'postmark' | 'ses';

/** A request ready to send. */
export interface SignedRequest {
  headers: Record<string, string>;
  body: Buffer;
}

/** Reads `<dir>/credentials.json`. */
export function readCredentials(dir: string): LocalCredentials {
  return JSON.parse(readFileSync(join(dir, 'credentials.json'), 'utf8')) as LocalCredentials;
}

/** Event-time fields per vendor, for `--fresh` (stored fixtures are years old). */
const POSTMARK_TIMES = ['BouncedAt', 'ReceivedAt', 'DeliveredAt', 'ChangedAt'];

/** Moves a payload's event times to `now` (SendGrid unix seconds, others ISO strings). */
export function freshen(vendor: Vendor, payload: unknown, now: Date): unknown {
  const iso = now.toISOString();
  if (Array.isArray(payload)) return payload.map((p) => freshen(vendor, p, now));
  if (!payload || typeof payload !== 'object') return payload;
  const out: Record<string, unknown> = { ...(payload as Record<string, unknown>) };
  if (vendor === 'sendgrid' && 'timestamp' in out) out.timestamp = Math.floor(now.getTime() / 1000);
  if (vendor === 'postmark') for (const k of POSTMARK_TIMES) if (k in out) out[k] = iso;
  if (vendor === 'ses') {
    // Bare SES document: `mail.timestamp` and the event part's (`bounce`, `complaint`, ...).
    for (const [k, v] of Object.entries(out)) {
      if (v && typeof v === 'object' && !Array.isArray(v) && 'timestamp' in v)
        out[k] = { ...v, timestamp: iso };
    }
    if (typeof out.Message === 'string' && out.Message.startsWith('{')) {
      out.Message = JSON.stringify(freshen('ses', JSON.parse(out.Message), now));
    }
  }
  return out;
}

/** Parses a payload file, freshened when asked. */
function load(vendor: Vendor, file: Buffer, fresh: Date | undefined): unknown {
  const parsed = JSON.parse(file.toString('utf8')) as unknown;
  return fresh ? freshen(vendor, parsed, fresh) : parsed;
}

/** SendGrid's wire format: compact events, CRLF after each (test vectors: their raw bytes). */
function sendgridBody(parsed: unknown): Buffer {
  if (!Array.isArray(parsed) && typeof parsed === 'object' && parsed && 'rawBodyBase64' in parsed) {
    return Buffer.from(String(parsed.rawBodyBase64), 'base64');
  }
  const events = Array.isArray(parsed) ? parsed : [parsed];
  return Buffer.from(`[${events.map((e) => JSON.stringify(e)).join(',\r\n')}]\r\n`, 'utf8');
}

/** The SNS string to sign (vendor-formats §3.7): fixed key order, present keys only. */
export function snsStringToSign(msg: Record<string, unknown>): string {
  const keys = [
    'Message',
    'MessageId',
    'Subject',
    'SubscribeURL',
    'Timestamp',
    'Token',
    'TopicArn',
    'Type',
  ];
  return keys
    .filter((k) => msg[k] !== undefined && msg[k] !== null)
    .map((k) => `${k}\n${String(msg[k])}\n`)
    .join('');
}

/** Wraps a bare SES document (or re-addresses an SNS envelope) and signs it v1 or v2. */
function snsEnvelope(payload: unknown, creds: LocalCredentials, now: Date, version: '1' | '2') {
  const parsed = payload as Record<string, unknown>;
  const isEnvelope = typeof parsed.Type === 'string' && 'Message' in parsed;
  const msg: Record<string, unknown> = {
    Type: isEnvelope ? parsed.Type : 'Notification',
    MessageId: isEnvelope && typeof parsed.MessageId === 'string' ? parsed.MessageId : randomUUID(),
    TopicArn: creds.sns.topicArn,
    ...(isEnvelope && typeof parsed.Subject === 'string' ? { Subject: parsed.Subject } : {}),
    Message: isEnvelope ? parsed.Message : JSON.stringify(parsed),
    ...(isEnvelope && parsed.SubscribeURL
      ? { SubscribeURL: parsed.SubscribeURL, Token: parsed.Token }
      : {}),
    Timestamp: now.toISOString(),
  };
  msg.SignatureVersion = version;
  const key = createPrivateKey(creds.sns.privateKeyPem);
  const data = Buffer.from(snsStringToSign(msg), 'utf8');
  msg.Signature = sign(version === '1' ? 'sha1' : 'sha256', data, key).toString('base64');
  msg.SigningCertURL = creds.sns.certUrl;
  const subscription = `${creds.sns.topicArn}:${randomUUID()}`;
  if (msg.Type === 'Notification') {
    msg.UnsubscribeURL = `https://sns.us-east-1.amazonaws.com/?Action=Unsubscribe&SubscriptionArn=${subscription}`;
  }
  return { msg, subscription };
}

/** Builds the exact request the vendor would send for a stored payload file. */
export function buildReplayRequest(
  vendor: Vendor,
  file: Buffer,
  creds: LocalCredentials,
  opts: { now?: Date; sigVersion?: '1' | '2'; fresh?: boolean } = {},
): SignedRequest {
  const now = opts.now ?? new Date();
  const payload = load(vendor, file, opts.fresh ? now : undefined);
  if (vendor === 'sendgrid') {
    const body = sendgridBody(payload);
    const timestamp = String(Math.floor(now.getTime() / 1000));
    const key = createPrivateKey(creds.sendgrid.privateKeyPem);
    const signature = sign('sha256', Buffer.concat([Buffer.from(timestamp), body]), {
      key,
      dsaEncoding: 'der',
    });
    return {
      body,
      headers: {
        'content-type': 'application/json',
        'user-agent': 'SendGrid Event API',
        'x-twilio-email-event-webhook-signature': signature.toString('base64'),
        'x-twilio-email-event-webhook-timestamp': timestamp,
      },
    };
  }
  if (vendor === 'postmark') {
    const basic = Buffer.from(`${creds.postmark.user}:${creds.postmark.pass}`).toString('base64');
    return {
      body: Buffer.from(JSON.stringify(payload)),
      headers: {
        'content-type': 'application/json',
        'user-agent': 'Postmark',
        authorization: `Basic ${basic}`,
      },
    };
  }
  const { msg, subscription } = snsEnvelope(payload, creds, now, opts.sigVersion ?? '1');
  const headers: Record<string, string> = {
    'content-type': 'text/plain; charset=UTF-8',
    'user-agent': 'Amazon Simple Notification Service Agent',
    'x-amz-sns-message-type': String(msg.Type),
    'x-amz-sns-message-id': String(msg.MessageId),
    'x-amz-sns-topic-arn': creds.sns.topicArn,
  };
  if (msg.Type !== 'SubscriptionConfirmation') headers['x-amz-sns-subscription-arn'] = subscription;
  return { headers, body: Buffer.from(JSON.stringify(msg), 'utf8') };
}

/** The endpoint for a vendor: a bare base URL gets the deployed/local route appended. */
export function endpointFor(base: string, vendor: Vendor): string {
  const url = new URL(base);
  if (url.pathname === '/' || url.pathname === '') url.pathname = `/webhooks/${vendor}`;
  return url.toString();
}

const USAGE = `usage: rebound replay --vendor sendgrid|postmark|ses FILE [--url http://localhost:3000]
       [--dir .rebound] [--sig-version 1|2] [--fresh]

Signs FILE (as stored in test/fixtures/payloads/) with the local credentials that
\`npm start\` keeps in .rebound/ and posts it as the vendor would. SES documents are
wrapped in a signed SNS envelope. --fresh moves the event times to now (stored
fixtures are old, so their suppressions would already have expired).`;

/** CLI entry: exit 0 on a 2xx answer, 1 otherwise, 2 on bad usage. */
export async function run(argv: string[]): Promise<number> {
  let args: ReturnType<typeof parse>;
  try {
    args = parse(argv);
  } catch (err) {
    process.stderr.write(`rebound replay: ${(err as Error).message}\n${USAGE}\n`);
    return 2;
  }
  const { values, positionals } = args;
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const vendor = values.vendor as Vendor;
  const file = positionals[0];
  const sigVersion = values['sig-version'];
  if (
    !['sendgrid', 'postmark', 'ses'].includes(vendor) ||
    !file ||
    positionals.length > 1 ||
    !['1', '2'].includes(sigVersion)
  ) {
    process.stderr.write(`${USAGE}\n`);
    return 2;
  }
  let creds: LocalCredentials;
  try {
    creds = readCredentials(values.dir);
  } catch {
    process.stderr.write(
      `rebound replay: no local credentials in ${values.dir}/ (run \`npm start\` once)\n`,
    );
    return 1;
  }
  const req = buildReplayRequest(vendor, readFileSync(file), creds, {
    sigVersion: sigVersion as '1' | '2',
    fresh: values.fresh,
  });
  const url = endpointFor(values.url, vendor);
  try {
    const res = await fetch(url, { method: 'POST', headers: req.headers, body: req.body });
    process.stdout.write(`${res.status} ${url}\n${await res.text()}\n`);
    return res.ok ? 0 : 1;
  } catch (err) {
    process.stderr.write(
      `rebound replay: cannot reach ${url}: ${(err as Error).cause ?? (err as Error).message}\n`,
    );
    return 1;
  }
}

function parse(argv: string[]) {
  return parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      vendor: { type: 'string' },
      url: { type: 'string', default: 'http://localhost:3000' },
      dir: { type: 'string', default: '.rebound' },
      'sig-version': { type: 'string', default: '1' },
      fresh: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h' },
    },
  });
}
