/**
 * Amazon SES via SNS: the verified HTTPS path (`handleSnsEnvelope`), the direct SNS→Lambda path
 * (`parseSnsLambdaEvent`), the bare SES document (`parseSesDocument`, raw delivery and the CLI),
 * and the Basic-auth helper for SNS subscriptions with credentials in the URL.
 */
import { PayloadError, WebhookVerificationError } from '../errors.ts';
import type { NormalizedEvent } from '../types.ts';
import {
  BASIC_AUTH_CHALLENGE,
  type BasicCredential,
  basicAuthMatches,
  hasAuthorization,
} from './basic-auth.ts';
import { asRecord, decodeJson, nowIso } from './build-event.ts';
import { sesDocumentEvents } from './ses-document.ts';
import {
  confirmUrlFor,
  readEnvelope,
  type SnsDeps,
  type SnsVerifyConfig,
  verifySnsEnvelope,
} from './sns.ts';

/** Settings for the HTTPS endpoint. */
export interface SesSnsConfig extends SnsVerifyConfig {
  /**
   * Accept raw message delivery (`x-amz-sns-rawdelivery: true`): the body is the bare SES
   * document with no signature, so only do this behind Basic auth. Default false.
   */
  allowRawDelivery?: boolean;
}

/** What the handler should do with a verified SNS request. */
export type SnsOutcome =
  | { type: 'notification'; events: NormalizedEvent[]; messageId: string | null; topicArn: string }
  | { type: 'subscription-confirmation'; confirmUrl: string; topicArn: string }
  | { type: 'unsubscribe-confirmation'; topicArn: string };

/** SES's first message on a new event destination: plain text, not JSON. */
const VALIDATION_MESSAGE = /^Successfully validated SNS topic/;

/**
 * Verifies and reads one SNS HTTP request. Notifications become normalized events; a
 * SubscriptionConfirmation yields the confirm URL we built (fetch it, or call the API);
 * an UnsubscribeConfirmation is a no-op. Throws WebhookVerificationError / PayloadError /
 * DependencyError (certificate fetch failed: answer 5xx so SNS retries).
 *
 * @example const out = await handleSnsEnvelope(req.body, req.headers, cfg, { fetchCertificate });
 */
export async function handleSnsEnvelope(
  body: Uint8Array | string,
  headers: Readonly<Record<string, string | undefined>>,
  config: SesSnsConfig,
  deps: SnsDeps,
): Promise<SnsOutcome> {
  const now = deps.now ? deps.now() : new Date();
  if (headers['x-amz-sns-rawdelivery'] === 'true') {
    const topic = headers['x-amz-sns-topic-arn'];
    if (!config.allowRawDelivery) {
      throw new WebhookVerificationError('signature', 'raw delivery carries no SNS signature');
    }
    if (typeof topic !== 'string' || !config.topicArns.includes(topic)) {
      throw new WebhookVerificationError('topic', 'x-amz-sns-topic-arn is not allowlisted');
    }
    const events = parseSesDocument(decodeJson(body, 'ses'), {
      snsMessageId: headers['x-amz-sns-message-id'] ?? null,
      now,
    });
    return {
      type: 'notification',
      events,
      messageId: headers['x-amz-sns-message-id'] ?? null,
      topicArn: topic,
    };
  }
  const env = await verifySnsEnvelope(decodeJson(body, 'sns'), headers, config, deps);
  if (env.Type === 'SubscriptionConfirmation') {
    return {
      type: 'subscription-confirmation',
      confirmUrl: confirmUrlFor(env),
      topicArn: env.TopicArn,
    };
  }
  if (env.Type === 'UnsubscribeConfirmation') {
    return { type: 'unsubscribe-confirmation', topicArn: env.TopicArn };
  }
  const events = notificationEvents(env.Message, env.MessageId, now);
  return { type: 'notification', events, messageId: env.MessageId, topicArn: env.TopicArn };
}

/** The SES document inside a Notification's `Message`; the validation text yields no events. */
function notificationEvents(
  message: string,
  snsMessageId: string | null,
  now: Date,
): NormalizedEvent[] {
  if (VALIDATION_MESSAGE.test(message.trim())) return [];
  return parseSesDocument(decodeJson(message, 'ses message'), { snsMessageId, now });
}

/** Options for `parseSesDocument`. */
export interface SesParseOptions {
  /** The SNS MessageId, used as vendorEventId where SES has no feedbackId. */
  snsMessageId?: string | null;
  /** Fallback `occurredAt` when SES gives no event time. */
  now?: Date;
}

/**
 * Parses a bare SES document (`notificationType` or `eventType` shape) into one event per
 * affected recipient. Throws PayloadError when it is not an SES document.
 */
export function parseSesDocument(json: unknown, opts: SesParseOptions = {}): NormalizedEvent[] {
  return sesDocumentEvents(json, opts.snsMessageId ?? null, nowIso(opts.now));
}

/**
 * The direct SNS→Lambda event (`Records[].Sns`, spelled `SigningCertUrl`). IAM authorizes the
 * invocation, so no signature check; same parsing as the HTTPS path.
 */
export function parseSnsLambdaEvent(event: unknown, now?: Date): NormalizedEvent[] {
  const records = asRecord(event)?.Records;
  if (!Array.isArray(records)) throw new PayloadError('sns lambda event: Records missing');
  const out: NormalizedEvent[] = [];
  for (const r of records) {
    const sns = readEnvelope(asRecord(r)?.Sns);
    if (sns.Type !== 'Notification') continue;
    if (typeof sns.Message !== 'string')
      throw new PayloadError('sns lambda event: Message missing');
    out.push(
      ...notificationEvents(
        sns.Message,
        typeof sns.MessageId === 'string' ? sns.MessageId : null,
        now ?? new Date(),
      ),
    );
  }
  return out;
}

/**
 * Offline parser (CLI, tests): accepts an SNS envelope (NOT verified), an SNS→Lambda event or a
 * bare SES document. Confirmations yield no events.
 */
export function parse(body: Uint8Array | string, now?: Date): NormalizedEvent[] {
  const json = decodeJson(body, 'ses');
  const o = asRecord(json);
  if (o && Array.isArray(o.Records)) return parseSnsLambdaEvent(o, now);
  if (o && typeof o.Type === 'string' && 'TopicArn' in o) {
    const env = readEnvelope(o);
    if (env.Type !== 'Notification') return [];
    if (typeof env.Message !== 'string') throw new PayloadError('sns: Message missing');
    return notificationEvents(
      env.Message,
      typeof env.MessageId === 'string' ? env.MessageId : null,
      now ?? new Date(),
    );
  }
  return parseSesDocument(json, { now });
}

/** Result of the SNS Basic-auth check. */
export interface SnsBasicAuthResult {
  /** `not-required` (no credentials configured), `valid`, `missing` or `invalid`. */
  status: 'not-required' | 'valid' | 'missing' | 'invalid';
  /** When not null, answer 401 with this `WWW-Authenticate` value (SNS then retries with credentials). */
  challenge: string | null;
}

/**
 * Basic auth for SNS subscriptions whose URL carries credentials: SNS first sends no
 * Authorization and only retries with it after a 401 + `WWW-Authenticate: Basic realm="…"`.
 */
export function checkSnsBasicAuth(
  headers: Readonly<Record<string, string | undefined>>,
  credentials: readonly BasicCredential[] | undefined,
): SnsBasicAuthResult {
  if (!credentials || credentials.length === 0) return { status: 'not-required', challenge: null };
  const auth = headers.authorization;
  if (!hasAuthorization(auth)) return { status: 'missing', challenge: BASIC_AUTH_CHALLENGE };
  if (!basicAuthMatches(auth, credentials))
    return { status: 'invalid', challenge: BASIC_AUTH_CHALLENGE };
  return { status: 'valid', challenge: null };
}

/** Ses has no `verify(req)` of its own: SNS verification is async and returns the outcome. */
export const verify = handleSnsEnvelope;
