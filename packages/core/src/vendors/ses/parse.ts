/**
 * Amazon SES parsing without verification: the bare SES document (`notificationType` or
 * `eventType` shape), the direct SNS→Lambda event, and the offline parser that accepts an SNS
 * envelope, an SNS→Lambda event or a bare document (CLI, tests).
 */
import { PayloadError } from '../../errors.ts';
import type { NormalizedEvent } from '../../types.ts';
import { asRecord, decodeJson, nowIso } from '../shared/build-event.ts';
import { sesDocumentEvents } from './document.ts';
import { readEnvelope } from './sns.ts';

/** SES's first message on a new event destination: plain text, not JSON. */
const VALIDATION_MESSAGE = /^Successfully validated SNS topic/;

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

/** The SES document inside a Notification's `Message`; the validation text yields no events. */
export function notificationEvents(
  message: string,
  snsMessageId: string | null,
  now: Date,
): NormalizedEvent[] {
  if (VALIDATION_MESSAGE.test(message.trim())) return [];
  return parseSesDocument(decodeJson(message, 'ses message'), { snsMessageId, now });
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
 * Whether a decoded value is an SNS envelope: a string `Type` and a string `Message` (the
 * `TopicArn` may be missing in copies people keep), or a `TopicArn` with a `Type`.
 */
export function isSnsEnvelope(o: Record<string, unknown>): boolean {
  return (
    typeof o.Type === 'string' && (typeof o.Message === 'string' || typeof o.TopicArn === 'string')
  );
}

/**
 * Offline parser (CLI, tests): accepts an SNS envelope (NOT verified), an SNS→Lambda event or a
 * bare SES document. Confirmations yield no events.
 *
 * @example parse(readFileSync('ses-notification-bounce-permanent-general-sns.json'))
 */
export function parse(body: Uint8Array | string, now?: Date): NormalizedEvent[] {
  const json = decodeJson(body, 'ses');
  const o = asRecord(json);
  if (o && Array.isArray(o.Records)) return parseSnsLambdaEvent(o, now);
  if (o && isSnsEnvelope(o)) {
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
