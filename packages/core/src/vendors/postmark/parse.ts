/**
 * Postmark webhook parser: one JSON object per request (Bounce, SpamComplaint,
 * SubscriptionChange, Delivery; Open/Click and unknown records are ignored, never errors). A
 * bounce whose own fields are thin is refined from its `Content` (content.ts): asynchronously,
 * since the mail parser is; every other body is parsed synchronously.
 */
import { PayloadError } from '../../errors.ts';
import type { NormalizedEvent, SmtpReply } from '../../types.ts';
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
import { isMailContent, isThin, replyFromContent } from './content.ts';
import {
  POSTMARK_BOUNCE_TYPES,
  POSTMARK_SUPPRESSION_REASONS,
  POSTMARK_UNKNOWN_TYPE,
} from './hints.ts';

/**
 * Parses one Postmark webhook body into normalized events (zero or one): an array, or a promise
 * of one when a thin bounce is refined from its `Content`. Throws PayloadError when the body is
 * not a JSON object.
 */
export function parse(
  body: Uint8Array | string,
  now?: Date,
): NormalizedEvent[] | Promise<NormalizedEvent[]> {
  return parsePostmarkJson(decodeJson(body, 'postmark'), now);
}

/** Same as `parse`, for an already-decoded JSON value. */
export function parsePostmarkJson(
  json: unknown,
  now?: Date,
): NormalizedEvent[] | Promise<NormalizedEvent[]> {
  const e = asRecord(json);
  if (!e) throw new PayloadError('postmark: body must be a JSON object');
  const ctx = { receivedAt: nowIso(now) };
  const { refine, ...draft } = draftOf(e);
  const content = str(e.Content);
  if (!refine || !isThin(refine.own) || !isMailContent(content)) return [buildEvent(draft, ctx)];
  return replyFromContent(content, e.Email, refine.infer).then((found) => {
    if (found === null) return [buildEvent(draft, ctx)];
    // A bounce mail that reports other recipients only says nothing about this one.
    const reply = found === 'elsewhere' ? refine.undumped : found;
    return [buildEvent({ ...draft, reply }, ctx)];
  });
}

/**
 * A draft, with what a bounce's `Content` refinement needs: the webhook's own reply (before
 * inference; thin when it has no code), the reply without the dump's lines, the row's inference.
 */
type Draft = EventDraft & {
  refine?: { own: SmtpReply | null; undumped: SmtpReply | null; infer: HintRow['infer'] };
};

function draftOf(e: Record<string, unknown>): Draft {
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

function bounceDraft(e: Record<string, unknown>, record: string, base: Base): Draft {
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
  const inferred = row.infer ? { ...row.infer, text: details } : null;
  // The webhook's own words; only when they carry no code does the dump's Status line help.
  const own = needsReply ? replyFrom(details, {}, null) : null;
  const undumped = needsReply ? replyFrom(details, {}, inferred) : null;
  const reply = !needsReply
    ? null
    : isThin(own)
      ? replyFrom(details ?? dump.diagnostic, { enhanced: dump.status }, inferred)
      : undumped;
  return {
    ...base,
    vendorEventId: idString(e.ID),
    kind: row.kind,
    rawRecipient: e.Email,
    timestamp: toIsoTimestamp(e.BouncedAt),
    vendorType: `${record}/${type}`,
    reply,
    ...(needsReply ? { refine: { own, undumped, infer: row.infer } } : {}),
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
