/**
 * SES over SNS as the local stack and `rebound replay` play it: an RSA key with a self-signed
 * certificate for CN=sns.amazonaws.com at a local SigningCertURL, an allowlisted topic, and
 * envelopes signed as SNS signs them (v1 SHA1 or v2 SHA256).
 */
import {
  createHash,
  createPrivateKey,
  generateKeyPairSync,
  randomBytes,
  randomUUID,
  sign,
  X509Certificate,
} from 'node:crypto';
import { asRecord } from '../shared/build-event.ts';
import { expectObject, readPayloadFile } from '../shared/replay.ts';
import type { LocalCredentials, ReplayOptions, ReplaySigner } from '../types.ts';
import { isSnsEnvelope } from './parse.ts';
import { type SnsEnvelope, stringToSign } from './sns.ts';
import { selfSignedCertificate } from './x509.ts';

/** The local SES credentials. */
export interface SesCredentials {
  topicArn: string;
  certUrl: string;
  certificatePem: string;
  privateKeyPem: string;
}

/** The allowlisted local SES topic. */
export const LOCAL_TOPIC_ARN = 'arn:aws:sns:us-east-1:000000000000:rebound-local-ses';

const DAY_MS = 24 * 3600 * 1000;

/** Moves every event part's `timestamp` (and `mail.timestamp`) of an SES document to `iso`. */
function freshen(doc: Record<string, unknown>, iso: string): Record<string, unknown> {
  const out = { ...doc };
  for (const [k, v] of Object.entries(out)) {
    const o = asRecord(v);
    if (o && 'timestamp' in o) out[k] = { ...o, timestamp: iso };
  }
  return out;
}

/**
 * Wraps a bare SES document in a Notification (or re-addresses a stored envelope) for the
 * local topic, and signs it as SNS does.
 *
 * @example signSnsEnvelope(doc, creds, { now: new Date(), sigVersion: '2' })
 */
export function signSnsEnvelope(
  payload: Record<string, unknown>,
  creds: SesCredentials,
  opts: ReplayOptions,
): Record<string, unknown> {
  const iso = opts.now.toISOString();
  const isEnvelope = isSnsEnvelope(payload);
  let message = isEnvelope
    ? payload.Message
    : JSON.stringify(opts.fresh ? freshen(payload, iso) : payload);
  if (isEnvelope && opts.fresh && typeof message === 'string' && message.startsWith('{')) {
    message = JSON.stringify(freshen(JSON.parse(message), iso));
  }
  const msg: Record<string, unknown> = {
    Type: isEnvelope ? payload.Type : 'Notification',
    MessageId:
      isEnvelope && typeof payload.MessageId === 'string' ? payload.MessageId : randomUUID(),
    TopicArn: creds.topicArn,
    ...(isEnvelope && typeof payload.Subject === 'string' ? { Subject: payload.Subject } : {}),
    Message: message,
    ...(isEnvelope && payload.SubscribeURL
      ? { SubscribeURL: confirmUrl(creds.topicArn, payload.Token), Token: payload.Token }
      : {}),
    Timestamp: iso,
  };
  const version = opts.sigVersion ?? '1';
  msg.SignatureVersion = version;
  const data = Buffer.from(stringToSign(msg as unknown as SnsEnvelope), 'utf8');
  const key = createPrivateKey(creds.privateKeyPem);
  msg.Signature = sign(version === '1' ? 'sha1' : 'sha256', data, key).toString('base64');
  msg.SigningCertURL = creds.certUrl;
  if (msg.Type === 'Notification') {
    msg.UnsubscribeURL = `https://sns.us-east-1.amazonaws.com/?Action=Unsubscribe&SubscriptionArn=${creds.topicArn}:${randomUUID()}`;
  }
  return msg;
}

/** The SubscribeURL SNS would send for the local topic (Rebound checks it against its own). */
function confirmUrl(topicArn: string, token: unknown): string {
  const q = new URLSearchParams({
    Action: 'ConfirmSubscription',
    TopicArn: topicArn,
    Token: String(token),
  });
  return `https://sns.us-east-1.amazonaws.com/?${q.toString()}`;
}

/** SES's replay signer: the signed SNS envelope, with the headers SNS sends. */
export const sesReplay: ReplaySigner<SesCredentials> = {
  request(file, creds, opts) {
    const payload = expectObject(readPayloadFile(file, 'ses'), 'an SES document or SNS envelope');
    const msg = signSnsEnvelope(payload, creds, opts);
    const headers: Record<string, string> = {
      'content-type': 'text/plain; charset=UTF-8',
      'user-agent': 'Amazon Simple Notification Service Agent',
      'x-amz-sns-message-type': String(msg.Type),
      'x-amz-sns-message-id': String(msg.MessageId),
      'x-amz-sns-topic-arn': creds.topicArn,
    };
    if (msg.Type !== 'SubscriptionConfirmation') {
      headers['x-amz-sns-subscription-arn'] = `${creds.topicArn}:${randomUUID()}`;
    }
    return { headers, body: Buffer.from(JSON.stringify(msg), 'utf8') };
  },
};

/** SES's local credentials: an SNS-like signing certificate served by the local stack. */
export const sesLocal: LocalCredentials<SesCredentials> = {
  create(now) {
    const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const certificatePem = selfSignedCertificate(rsa.privateKey, {
      commonName: 'sns.amazonaws.com',
      notBefore: new Date(now.getTime() - DAY_MS),
      notAfter: new Date(now.getTime() + 3650 * DAY_MS),
      serial: randomBytes(16),
    });
    // Named like SNS's own certificates: SimpleNotificationService-<hash>.pem.
    const der = new X509Certificate(certificatePem).raw;
    const hash = createHash('sha256').update(der).digest('hex').slice(0, 32);
    return {
      topicArn: LOCAL_TOPIC_ARN,
      certUrl: `https://sns.us-east-1.amazonaws.com/SimpleNotificationService-${hash}.pem`,
      certificatePem,
      privateKeyPem: rsa.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    };
  },
  isValid(v): v is SesCredentials {
    const o = asRecord(v);
    return (
      typeof o?.topicArn === 'string' &&
      typeof o.certUrl === 'string' &&
      /\/SimpleNotificationService-[0-9a-f]{32}\.pem$/.test(o.certUrl) &&
      typeof o.certificatePem === 'string' &&
      typeof o.privateKeyPem === 'string'
    );
  },
  env: (c) => ({ REBOUND_SNS_TOPIC_ALLOWLIST: c.topicArn }),
  serves: (c) => ({ [c.certUrl]: c.certificatePem }),
  describe: (c) => `topic ${c.topicArn}`,
};
