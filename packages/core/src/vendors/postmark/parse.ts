/**
 * Postmark webhook parser: one JSON object per request (Bounce, SpamComplaint,
 * SubscriptionChange, Delivery; Open/Click and unknown records are ignored, never errors).
 */
import { PayloadError } from '../../errors.ts';
import type { NormalizedEvent } from '../../types.ts';
import {
  asRecord,
  buildEvent,
  decodeJson,
  type EventDraft,
  idString,
  nowIso,
  str,
  stringEntries,
  vendorHints,
} from '../shared/build-event.ts';
import { type HintRow, lookup } from '../shared/hints.ts';
import { replyFrom } from '../shared/infer.ts';
import { toIsoTimestamp } from '../shared/timestamps.ts';
import {
  POSTMARK_BOUNCE_TYPES,
  POSTMARK_SUPPRESSION_REASONS,
  POSTMARK_UNKNOWN_TYPE,
} from './hints.ts';

/**
 * Parses one Postmark webhook body into normalized events (zero or one). Throws PayloadError
 * when the body is not a JSON object.
 */
export function parse(body: Uint8Array | string, now?: Date): NormalizedEvent[] {
  return parsePostmarkJson(decodeJson(body, 'postmark'), now);
}

/** Same as `parse`, for an already-decoded JSON value. */
export function parsePostmarkJson(json: unknown, now?: Date): NormalizedEvent[] {
  const e = asRecord(json);
  if (!e) throw new PayloadError('postmark: body must be a JSON object');
  return [buildEvent(draftOf(e), { receivedAt: nowIso(now) })];
}

function draftOf(e: Record<string, unknown>): EventDraft {
  // Before RecordType existed, bounce hooks carried only `Type`.
  const record = str(e.RecordType) ?? (e.Type !== undefined ? 'Bounce' : 'Unknown');
  const base = {
    vendor: 'postmark' as const,
    messageId: idString(e.MessageID),
    metadata: metadataOf(e),
    reply: null,
    echo: false,
  };
  if (record === 'Bounce' || record === 'SpamComplaint') return bounceDraft(e, record, base);
  if (record === 'SubscriptionChange') return subscriptionDraft(e, base);
  const delivery = record === 'Delivery';
  return {
    ...base,
    vendorEventId: idString(e.ID),
    kind: delivery ? 'delivery' : 'ignored',
    rawRecipient: e.Recipient ?? e.Email,
    timestamp: toIsoTimestamp(e.DeliveredAt ?? e.ReceivedAt ?? e.BouncedAt),
    vendorType: record,
    reply: delivery ? replyFrom(str(e.Details), {}, null) : null,
    hints: { labels: [`postmark:${record}`] },
  };
}

type Base = Pick<EventDraft, 'vendor' | 'messageId' | 'metadata' | 'reply' | 'echo'>;

function bounceDraft(e: Record<string, unknown>, record: string, base: Base): EventDraft {
  const type = record === 'SpamComplaint' ? 'SpamComplaint' : (str(e.Type) ?? '');
  const byName = lookup(POSTMARK_BOUNCE_TYPES, type);
  const typeCode = typeof e.TypeCode === 'number' ? e.TypeCode : null;
  // Classify on the name; fall back to TypeCode only when the name is unknown.
  const byCode = byName
    ? undefined
    : [...POSTMARK_BOUNCE_TYPES.values()].find((r) => r.code === typeCode);
  const row: HintRow = byName ?? byCode ?? POSTMARK_UNKNOWN_TYPE;
  const labels = [`postmark:${record}/${type || 'unknown'}`];
  if (byName && typeCode !== null && typeCode !== byName.code) {
    labels.push(`postmark:typecode-mismatch:${typeCode}`);
  }
  const details = str(e.Details);
  const needsReply =
    row.kind !== 'ignored' && row.kind !== 'complaint' && row.kind !== 'unsubscribe';
  const dump = dsnFromContent(str(e.Content));
  const reply = needsReply
    ? replyFrom(
        details ?? dump.diagnostic,
        { enhanced: dump.status },
        row.infer ? { ...row.infer, text: details } : null,
      )
    : null;
  return {
    ...base,
    vendorEventId: idString(e.ID),
    kind: row.kind,
    rawRecipient: e.Email,
    timestamp: toIsoTimestamp(e.BouncedAt),
    vendorType: `${record}/${type}`,
    reply,
    hints: vendorHints(row.permanence, row.reason, labels),
    // `Inactive: true` on a HardBounce/SpamComplaint means Postmark deactivated the address
    // BECAUSE of this event: new evidence, not an echo. Only a Type that restates an earlier
    // deactivation (ManuallyDeactivated) is an echo (hints.ts).
    echo: row.echo === true,
  };
}

function subscriptionDraft(e: Record<string, unknown>, base: Base): EventDraft {
  const suppress = e.SuppressSending === true;
  const reason = str(e.SuppressionReason) ?? '';
  const origin = str(e.Origin) ?? '';
  let row: HintRow = { kind: 'resubscribe' };
  if (suppress) {
    row = lookup(POSTMARK_SUPPRESSION_REASONS, reason) ?? {
      kind: 'dropped',
      permanence: 'permanent',
      reason: 'vendor-suppressed',
    };
    // A manual suppression by the sender (Customer/Admin) is our own act repeated back: an echo.
    if (reason === 'ManualSuppression' && origin !== 'Recipient') {
      row = { kind: 'dropped', permanence: 'permanent', reason: 'vendor-suppressed', echo: true };
    }
  }
  return {
    ...base,
    vendorEventId: null,
    kind: row.kind,
    rawRecipient: e.Recipient,
    timestamp: toIsoTimestamp(e.ChangedAt),
    vendorType: `SubscriptionChange/${suppress ? reason || 'suppress' : 'reactivate'}`,
    hints: {
      ...vendorHints(row.permanence, row.reason, [
        `postmark:SubscriptionChange/${suppress ? reason || 'suppress' : 'reactivate'}`,
        `postmark:origin:${origin || 'unknown'}`,
      ]),
      // A reactivation lifts whatever Postmark had deactivated (a hard bounce too), not only an
      // opt-out: the address is sendable again at the source.
      ...(suppress ? {} : { reactivates: true as const }),
    },
    echo: row.echo === true,
  };
}

/** `Status:` and `Diagnostic-Code:` from a bounce dump (IncludeContent), when present. */
function dsnFromContent(content: string | null): {
  status: string | null;
  diagnostic: string | null;
} {
  if (!content) return { status: null, diagnostic: null };
  const status = /^Status:\s*([245]\.\d{1,3}\.\d{1,3})\b/im.exec(content)?.[1] ?? null;
  const diagnostic = /^Diagnostic-Code:\s*(.+)$/im.exec(content)?.[1]?.trim() ?? null;
  return { status, diagnostic };
}

function metadataOf(e: Record<string, unknown>): Record<string, string> {
  const out = stringEntries(e.Metadata);
  const tag = str(e.Tag);
  const stream = str(e.MessageStream);
  if (tag !== null && !Object.hasOwn(out, 'Tag')) out.Tag = tag;
  if (stream !== null && !Object.hasOwn(out, 'MessageStream')) out.MessageStream = stream;
  return out;
}
