/**
 * Generic endpoint parser: the published schema's events (docs/schemas/generic-event.v1.json,
 * validated by `schema.ts`) → normalized events. The reply is parsed by core's `parseReply`;
 * the verdict is the classifier's, never the client's.
 */

import { PayloadError } from '../../errors.ts';
import { eventId } from '../../events/event-id.ts';
import type { NormalizedEvent, SmtpReply } from '../../types.ts';
import { buildEvent, decodeJson, nowIso, vendorHints } from '../shared/build-event.ts';
import { lookup } from '../shared/hints.ts';
import { replyFrom } from '../shared/infer.ts';
import { toIsoTimestamp } from '../shared/timestamps.ts';
import { GENERIC_KINDS, GENERIC_PERMANENCE } from './hints.ts';
import { type GenericEvent, validateGeneric } from './schema.ts';

/**
 * Parses a generic body (one event or an array of at most 100) into normalized events. Throws
 * PayloadError naming the first problems (paths, never values) when it breaks the schema.
 *
 * @example parse('{"recipient":"a@b.c","kind":"bounce","occurredAt":"2026-01-01T00:00:00Z","reply":{"diagnostic":"550 5.1.1 user unknown"}}')
 */
export function parse(body: Uint8Array | string, now?: Date): NormalizedEvent[] {
  return parseGenericJson(decodeJson(body, 'generic'), now);
}

/** Same as `parse`, for an already-decoded JSON value. */
export function parseGenericJson(json: unknown, now?: Date): NormalizedEvent[] {
  if (
    typeof json === 'object' &&
    json !== null &&
    !Array.isArray(json) &&
    'version' in json &&
    json.version !== 1
  ) {
    throw new PayloadError('generic: this server reads schema version 1 only');
  }
  const checked = validateGeneric(json);
  if (!checked.ok) throw new PayloadError(`generic: ${checked.problems.join('; ')}`);
  const ctx = { receivedAt: nowIso(now) };
  return checked.events.map((e) => eventOf(e, ctx));
}

function replyOf(e: GenericEvent, infer: { code?: number; enhanced?: string } | undefined) {
  const r = e.reply;
  let reply: SmtpReply | null = null;
  if (r && 'diagnostic' in r) reply = replyFrom(r.diagnostic, {}, null);
  else if (r) reply = replyFrom(r.text ?? null, { code: r.code, enhanced: r.enhanced }, null);
  if (!infer || (reply && (reply.code !== null || reply.enhanced !== null))) return reply;
  // A deferral without a code: the class is 4 by definition (marked inferred).
  return replyFrom(reply?.text ?? null, { code: reply?.code, enhanced: reply?.enhanced }, infer);
}

function eventOf(e: GenericEvent, ctx: { receivedAt: string }): NormalizedEvent {
  const row = lookup(GENERIC_KINDS, e.kind) ?? { kind: 'bounce' as const };
  const reply = row.kind === 'delivery' ? null : replyOf(e, row.infer);
  const labels = [`generic:${e.kind}`];
  if (e.permanence) labels.push(`generic:permanence/${e.permanence}`);
  const clientPermanence = e.permanence ? lookup(GENERIC_PERMANENCE, e.permanence) : undefined;
  const event = buildEvent(
    {
      vendor: 'generic',
      vendorEventId: e.eventId ?? null,
      kind: row.kind,
      rawRecipient: e.recipient,
      messageId: e.messageId ?? null,
      timestamp: toIsoTimestamp(e.occurredAt),
      vendorType: e.kind,
      reply,
      hints: vendorHints(row.permanence ?? clientPermanence, row.reason, labels),
      echo: false,
      metadata: { ...(e.metadata ?? {}) },
    },
    ctx,
  );
  if (e.eventId === undefined) return event;
  // The client's own event id names the event: a redelivery with the same id (and recipient)
  // is the same event even if the client rebuilt its content.
  const id = eventId({
    vendor: 'generic',
    messageId: null,
    recipient: event.recipient,
    kind: event.kind,
    vendorType: `event-id:${e.eventId}`,
    timestamp: null,
    replyText: null,
    replyCode: null,
  });
  return { ...event, id };
}
