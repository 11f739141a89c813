/**
 * Amazon SNS envelopes: shape, cheap checks (topic allowlist first), SigningCertURL validation
 * before any fetch, SignatureVersion 1 (SHA1) / 2 (SHA256) verification with an injected
 * certificate fetcher (bounded cache by URL), and the confirm URL we build ourselves.
 */
import { verify as cryptoVerify } from 'node:crypto';
import { PayloadError, WebhookVerificationError } from '../../errors.ts';
import { asRecord } from '../shared/build-event.ts';
import {
  checkCertificate,
  checkCertificateUrl,
  type FetchCertificate,
  loadCertificate,
  snsHostOf,
  tryUrl,
} from './sns-certificate.ts';

/** The three SNS message types. */
export type SnsMessageType =
  | 'Notification'
  | 'SubscriptionConfirmation'
  | 'UnsubscribeConfirmation';

/** An SNS envelope as posted over HTTP/S (all values strings). */
export interface SnsEnvelope {
  Type: SnsMessageType;
  MessageId: string;
  TopicArn: string;
  Message: string;
  Timestamp: string;
  SignatureVersion: string;
  Signature: string;
  SigningCertURL: string;
  Subject?: string;
  SubscribeURL?: string;
  Token?: string;
  UnsubscribeURL?: string;
}

/** Verification settings. */
export interface SnsVerifyConfig {
  /** Exact topic ARNs accepted; anything else fails with check `topic`. */
  topicArns: readonly string[];
  /** Accepted age of `Timestamp` (not refreshed on retries, which last up to 1 h). Default 3600. */
  toleranceSeconds?: number;
  /** Clock skew allowed both ways on top of the tolerance. Default 300. */
  skewSeconds?: number;
  /** Skip only the certificate validity-date check (for the expired test-vector certificate). */
  skipCertificateDateCheck?: boolean;
}

/** I/O injected by the caller: core fetches nothing itself. */
export interface SnsDeps {
  /** Returns the PEM text at an already-validated `https://sns.<region>.amazonaws.com/….pem`. */
  fetchCertificate: FetchCertificate;
  /** Clock, for the timestamp window and the certificate dates. */
  now?: () => Date;
  /** Time limit of a certificate fetch (default 2 s). */
  certificateTimeoutMs?: number;
}

const TYPES: ReadonlySet<string> = new Set([
  'Notification',
  'SubscriptionConfirmation',
  'UnsubscribeConfirmation',
]);

/** `arn:<partition>:sns:<region>:<account>:<name>` */
const TOPIC_ARN = /^arn:(aws|aws-cn|aws-us-gov):sns:([a-z0-9-]+):(\d{12}):([A-Za-z0-9_.-]{1,256})$/;

/**
 * Reads an SNS envelope from decoded JSON, accepting the Lambda spellings `SigningCertUrl` /
 * `UnsubscribeUrl`. Throws PayloadError when it is not an object.
 */
export function readEnvelope(json: unknown): Partial<SnsEnvelope> & Record<string, unknown> {
  const o = asRecord(json);
  if (!o) throw new PayloadError('sns: envelope must be a JSON object');
  const env: Record<string, unknown> = { ...o };
  if (env.SigningCertURL === undefined && env.SigningCertUrl !== undefined) {
    env.SigningCertURL = env.SigningCertUrl;
  }
  if (env.UnsubscribeURL === undefined && env.UnsubscribeUrl !== undefined) {
    env.UnsubscribeURL = env.UnsubscribeUrl;
  }
  return env as Partial<SnsEnvelope> & Record<string, unknown>;
}

/**
 * Verifies an envelope: topic allowlist → type (and the `x-amz-sns-message-type` header) →
 * signature version → certificate URL → timestamp window → certificate → RSA signature.
 * Throws WebhookVerificationError with the failing check; returns the typed envelope.
 */
export async function verifySnsEnvelope(
  json: unknown,
  headers: Readonly<Record<string, string | undefined>>,
  config: SnsVerifyConfig,
  deps: SnsDeps,
): Promise<SnsEnvelope> {
  const env = readEnvelope(json);
  const topic = env.TopicArn;
  if (typeof topic !== 'string' || !config.topicArns.includes(topic)) {
    throw new WebhookVerificationError('topic', 'SNS TopicArn is not allowlisted');
  }
  const headerTopic = headers['x-amz-sns-topic-arn'];
  if (headerTopic !== undefined && headerTopic !== topic) {
    throw new WebhookVerificationError('topic', 'x-amz-sns-topic-arn differs from TopicArn');
  }
  const type = env.Type;
  if (typeof type !== 'string' || !TYPES.has(type)) {
    throw new WebhookVerificationError('message-type', 'unknown SNS message Type');
  }
  const headerType = headers['x-amz-sns-message-type'];
  if (headerType !== undefined && headerType !== type) {
    throw new WebhookVerificationError('message-type', 'x-amz-sns-message-type differs from Type');
  }
  const version = env.SignatureVersion;
  if (version !== '1' && version !== '2') {
    throw new WebhookVerificationError('signature', 'SignatureVersion must be "1" or "2"');
  }
  if (typeof env.Signature !== 'string' || env.Signature === '') {
    throw new WebhookVerificationError('signature', 'SNS Signature missing');
  }
  for (const key of ['MessageId', 'Message', 'Timestamp'] as const) {
    if (typeof env[key] !== 'string') throw new PayloadError(`sns: ${key} missing`);
  }
  const arn = TOPIC_ARN.exec(topic);
  if (!arn) throw new WebhookVerificationError('topic', 'SNS TopicArn is not a topic ARN');
  const certUrl = checkCertificateUrl(env.SigningCertURL, {
    partition: arn[1] as string,
    region: arn[2] as string,
  });
  const now = deps.now ? deps.now() : new Date();
  checkTimestamp(env.Timestamp as string, now, config);
  const cert = await loadCertificate(certUrl, deps.fetchCertificate, {
    ...(deps.certificateTimeoutMs ? { timeoutMs: deps.certificateTimeoutMs } : {}),
  });
  checkCertificate(cert, now, config.skipCertificateDateCheck === true);
  const data = Buffer.from(stringToSign(env as SnsEnvelope), 'utf8');
  const sig = Buffer.from(env.Signature, 'base64');
  let ok = false;
  try {
    ok = cryptoVerify(version === '1' ? 'sha1' : 'sha256', data, cert.publicKey, sig);
  } catch {
    ok = false;
  }
  if (!ok) throw new WebhookVerificationError('signature', 'SNS signature does not verify');
  return env as SnsEnvelope;
}

function checkTimestamp(ts: string, now: Date, config: SnsVerifyConfig): void {
  const t = Date.parse(ts);
  const tolerance = config.toleranceSeconds ?? 3600;
  const skew = config.skewSeconds ?? 300;
  const age = (now.getTime() - t) / 1000;
  if (!Number.isFinite(age) || age > tolerance + skew || age < -skew) {
    throw new WebhookVerificationError('timestamp', 'SNS Timestamp outside the window');
  }
}

/** Keys signed for both confirmation types (AWS documents `Token` as signed for both). */
const CONFIRMATION_KEYS: readonly (keyof SnsEnvelope)[] = [
  'Message',
  'MessageId',
  'SubscribeURL',
  'Timestamp',
  'Token',
  'TopicArn',
  'Type',
];

/** Keys signed, in byte order; absent or null keys are skipped (AWS docs, §3.7 step 5). */
const SIGNED_KEYS: Record<SnsMessageType, readonly (keyof SnsEnvelope)[]> = {
  Notification: ['Message', 'MessageId', 'Subject', 'Timestamp', 'TopicArn', 'Type'],
  SubscriptionConfirmation: CONFIRMATION_KEYS,
  UnsubscribeConfirmation: CONFIRMATION_KEYS,
};

/** The exact string SNS signs for this envelope. */
export function stringToSign(env: SnsEnvelope): string {
  let out = '';
  for (const key of SIGNED_KEYS[env.Type]) {
    const v = env[key];
    if (typeof v === 'string') out += `${key}\n${v}\n`;
  }
  return out;
}

/**
 * Builds the ConfirmSubscription URL from the topic's region and partition and the Token, and
 * checks the envelope's SubscribeURL (signed, but only trusted when it says the same thing).
 * Throws WebhookVerificationError('subscribe-url').
 */
export function confirmUrlFor(env: SnsEnvelope): string {
  const fail = (why: string) =>
    new WebhookVerificationError('subscribe-url', `SubscribeURL ${why}`);
  const arn = TOPIC_ARN.exec(env.TopicArn);
  if (!arn || typeof env.Token !== 'string' || env.Token === '') throw fail('cannot be built');
  const host = snsHostOf(arn[1] as string, arn[2] as string);
  const params = new URLSearchParams({
    Action: 'ConfirmSubscription',
    TopicArn: env.TopicArn,
    Token: env.Token,
  });
  const built = `https://${host}/?${params.toString()}`;
  if (env.SubscribeURL !== undefined) {
    const u = tryUrl(env.SubscribeURL);
    if (!u) throw fail('is not a URL');
    const q = u.searchParams;
    if (
      u.protocol !== 'https:' ||
      u.hostname !== host ||
      u.port !== '' ||
      u.username !== '' ||
      q.get('Action') !== 'ConfirmSubscription' ||
      q.get('TopicArn') !== env.TopicArn ||
      q.get('Token') !== env.Token
    ) {
      throw fail('does not match the topic and token');
    }
  }
  return built;
}
