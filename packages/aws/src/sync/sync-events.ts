/**
 * A pulled list entry as a NormalizedEvent, built with core's public pieces (core's vendor
 * `buildEvent` is not part of its exports): kind `dropped`, `echo: true`, the vendor's reason
 * and labels as hints, the reply the vendor's text gives (else what the webhooks infer for the
 * same label), and an id derived from vendor + list + address + the vendor's time only, so a
 * re-run pulls the same ids and changes nothing.
 */
import {
  classify,
  eventId,
  type NormalizedEvent,
  normalizeRecipient,
  parseReply,
  planEvent,
  type SmtpReply,
  type VendorHints,
} from '@rebound/core';
import { fillInferred } from '@rebound/core/vendors';
import type { PulledEntry } from './sync-types.ts';

/** The reply of an entry: the vendor's text and status, inferred parts filling the gaps. */
function replyOf(entry: PulledEntry): SmtpReply | null {
  const parsed =
    entry.text || entry.enhanced
      ? parseReply(entry.text ?? '', {
          enhanced: entry.enhanced,
          textOrigin: 'vendor-field',
        })
      : null;
  if (!entry.infer) return parsed;
  return fillInferred(parsed, {
    code: entry.infer.code ?? null,
    enhanced: entry.infer.enhanced ?? null,
  });
}

/**
 * The event for one pulled entry; null when the address is not one Rebound can key (it is
 * counted as skipped).
 *
 * @example pulledEvent({ vendor: 'sendgrid', list: 'bounces', address: 'a@b.c', … }).echo // true
 */
export function pulledEvent(entry: PulledEntry): NormalizedEvent | null {
  const recipient = normalizeRecipient(entry.address);
  if (!recipient) return null;
  const hints: VendorHints = {
    kind: 'dropped',
    permanence: entry.reason ? 'permanent' : 'undetermined',
    ...(entry.reason ? { reason: entry.reason } : {}),
    labels: entry.labels,
    ...(entry.accountWide ? { scope: 'global' as const } : {}),
  };
  const reply = replyOf(entry);
  return {
    id: eventId({
      vendor: entry.vendor,
      messageId: null,
      recipient,
      kind: 'dropped',
      vendorType: `sync/${entry.list}`,
      timestamp: entry.createdAt,
      replyText: null,
      replyCode: null,
    }),
    vendor: entry.vendor,
    vendorEventId: null,
    kind: 'dropped',
    recipient,
    messageId: null,
    occurredAt: entry.createdAt,
    reply,
    hints,
    verdict: classify(reply, hints),
    echo: true,
    metadata: entry.metadata,
  };
}

/**
 * Whether the processor would suppress on this event. Only those are fed: a sync never
 * schedules a retry, never puts an address on probation (a SendGrid block that is a policy
 * block is counted as skipped, not fed).
 */
export function suppresses(event: NormalizedEvent): boolean {
  return planEvent(event).type === 'suppress';
}
