/**
 * Content-derived event ids: the same recipient event reported twice (redelivery, a vendor retry
 * with a fresh event id, SES identity + configuration-set copies) gets the same id.
 */
import { hash } from 'node:crypto';
import type { EventKind, Vendor } from '../types.ts';

/** The fields an event id is derived from. The vendor's own event id is deliberately absent. */
export interface EventIdInput {
  vendor: Vendor;
  /** The vendor's message id (sg_message_id, Postmark MessageID, SES mail.messageId). */
  messageId: string | null;
  /** The normalized recipient. */
  recipient: string | null;
  kind: EventKind;
  /** The vendor's own type label (e.g. `open` vs `click`, both kind `ignored`), if any. */
  vendorType?: string | null;
  /** The event time exactly as the vendor gave it (normalized to ISO), null when absent. */
  timestamp: string | null;
  /** Reply text and basic code, null when the event carries none. */
  replyText: string | null;
  replyCode: number | null;
}

/**
 * Returns a stable id: hex sha256 over a canonical JSON array of the input fields.
 *
 * @example eventId({ vendor: 'ses', messageId: 'm1', recipient: 'a@b.c', kind: 'bounce',
 *   timestamp: '2016-01-27T14:59:38.237Z', replyText: 'user unknown', replyCode: 550 })
 */
export function eventId(input: EventIdInput): string {
  const canonical = JSON.stringify([
    'rebound-event-v1',
    input.vendor,
    input.messageId ?? null,
    input.recipient ?? null,
    input.kind,
    input.vendorType ?? null,
    input.timestamp ?? null,
    input.replyText ?? null,
    input.replyCode ?? null,
  ]);
  // One-shot hash (UTF-8 input, hex output): same bytes as createHash().update().digest('hex').
  return hash('sha256', canonical, 'hex');
}
