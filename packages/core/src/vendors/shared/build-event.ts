/**
 * Shared pieces of every vendor adapter: the event builder (recipient, id, verdict) and small
 * readers that never throw on unexpected JSON shapes.
 */
import { classify } from '../../classify/classify.ts';
import { PayloadError } from '../../errors.ts';
import { eventId } from '../../events/event-id.ts';
import { normalizeRecipient } from '../../events/recipient.ts';
import type {
  EventKind,
  NormalizedEvent,
  Reason,
  SmtpReply,
  Vendor,
  VendorHints,
} from '../../types.ts';
import { safeIso } from './timestamps.ts';

/** What an adapter knows about one recipient event before normalization. */
export interface EventDraft {
  vendor: Vendor;
  vendorEventId: string | null;
  kind: EventKind;
  /** The recipient as the vendor wrote it. */
  rawRecipient: unknown;
  messageId: string | null;
  /** Vendor time as ISO, or null when the vendor gave none. */
  timestamp: string | null;
  /** The vendor's type label, e.g. `bounce/blocked`, `Bounce/Permanent/General`. */
  vendorType: string;
  reply: SmtpReply | null;
  hints: VendorHints;
  echo: boolean;
  metadata: Record<string, string>;
}

/** Kinds that need no decision: their verdict is null. */
const NO_VERDICT: ReadonlySet<EventKind> = new Set(['delivery', 'ignored', 'resubscribe']);

/** Time used when a vendor gives no event time; the id does not depend on it. */
export interface BuildContext {
  receivedAt: string;
}

/** Turns a draft into a NormalizedEvent: normalizes the recipient, derives the id, classifies. */
export function buildEvent(d: EventDraft, ctx: BuildContext): NormalizedEvent {
  const recipient = normalizeRecipient(d.rawRecipient);
  const hints: VendorHints = { ...d.hints, kind: d.kind };
  return {
    id: eventId({
      vendor: d.vendor,
      messageId: d.messageId,
      recipient,
      kind: d.kind,
      vendorType: d.vendorType,
      timestamp: d.timestamp,
      replyText: d.reply ? d.reply.text : null,
      replyCode: d.reply ? d.reply.code : null,
    }),
    vendor: d.vendor,
    vendorEventId: d.vendorEventId,
    kind: d.kind,
    recipient,
    messageId: d.messageId,
    occurredAt: d.timestamp ?? ctx.receivedAt,
    reply: d.reply,
    hints,
    verdict: NO_VERDICT.has(d.kind) ? null : classify(d.reply, hints),
    echo: d.echo,
    metadata: d.metadata,
  };
}

/** Vendor hints in their usual key order: permanence and reason when known, then the labels. */
export function vendorHints(
  permanence: VendorHints['permanence'],
  reason: Reason | undefined,
  labels: string[],
): VendorHints {
  const hints: VendorHints = {};
  if (permanence) hints.permanence = permanence;
  if (reason) hints.reason = reason;
  hints.labels = labels;
  return hints;
}

/** A plain JSON object (not null, not an array), else null. */
export function asRecord(v: unknown): Record<string, unknown> | null {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
    ? (v as Record<string, unknown>)
    : null;
}

/** A non-empty string, else null. */
export function str(v: unknown): string | null {
  return typeof v === 'string' && v !== '' ? v : null;
}

/** A string or a finite number, as a string; else null (ids are sometimes numbers). */
export function idString(v: unknown): string | null {
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  return str(v);
}

/** Own enumerable string-valued entries of `v` (metadata objects), others dropped. */
export function stringEntries(v: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  const rec = asRecord(v);
  if (!rec) return out;
  for (const k of Object.keys(rec)) {
    const val = rec[k];
    if (typeof val === 'string') out[k] = val;
  }
  return out;
}

/** Decodes a body (bytes or text) and parses it as JSON; PayloadError when it is not JSON. */
export function decodeJson(body: Uint8Array | string, what: string): unknown {
  let text: string;
  if (typeof body === 'string') {
    text = body;
  } else if (body instanceof Uint8Array) {
    try {
      text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(body);
    } catch (cause) {
      throw new PayloadError(`${what}: body is not valid UTF-8`, { cause });
    }
  } else {
    throw new PayloadError(`${what}: body must be bytes or text`);
  }
  try {
    return JSON.parse(text);
  } catch (cause) {
    throw new PayloadError(`${what}: body is not JSON`, { cause });
  }
}

/** The current time as ISO, used only as `occurredAt` when the vendor gives no time. */
export function nowIso(now?: Date): string {
  return safeIso(now ? now.getTime() : Date.now()) ?? '1970-01-01T00:00:00.000Z';
}
