/**
 * Amazon SES over an SNS HTTPS subscription: the basic-auth challenge SNS needs, then the
 * verified envelope (`handleSnsEnvelope`): notifications become events, a subscription
 * confirmation yields the confirm URL Rebound builds itself.
 */
import { WebhookVerificationError } from '../../errors.ts';
import type { NormalizedEvent } from '../../types.ts';
import {
  BASIC_AUTH_CHALLENGE,
  type BasicCredential,
  basicAuthMatches,
  hasAuthorization,
} from '../shared/basic-auth.ts';
import { decodeJson } from '../shared/build-event.ts';
import { notificationEvents, parseSesDocument } from './parse.ts';
import { confirmUrlFor, type SnsDeps, type SnsVerifyConfig, verifySnsEnvelope } from './sns.ts';

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
