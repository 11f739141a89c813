/**
 * Resend webhook parser: one `{type, created_at, data}` event per request. `email.bounced` reads
 * `bounce.type/subType` (the 2023 shape only a fixed `message`), the reply from
 * `bounce.diagnosticCode`; suppressions are echoes; `tags` become metadata. The recipient is the
 * one address in `data.to`: with several, Resend does not say which one the event is about, so
 * the event carries none and suppresses nobody.
 */
import { PayloadError } from '../../errors.ts';
import type { NormalizedEvent } from '../../types.ts';
import {
  asRecord,
  buildEvent,
  decodeJson,
  type EventDraft,
  nowIso,
  str,
  vendorHints,
} from '../shared/build-event.ts';
import { type HintRow, lookup } from '../shared/hints.ts';
import { replyFrom } from '../shared/infer.ts';
import { toIsoTimestamp } from '../shared/timestamps.ts';
import {
  RESEND_BOUNCE_SUBTYPES,
  RESEND_BOUNCE_TYPES,
  RESEND_EVENTS,
  RESEND_FAILED_REASONS,
  RESEND_LEGACY_MESSAGES,
  RESEND_SUPPRESSION_ORIGINS,
} from './hints.ts';

/**
 * Parses one Resend webhook body into normalized events (one). Throws PayloadError when it is
 * not a JSON object with a string `type`. Does not verify: use `receive`.
 *
 * @example parse(readFileSync('resend-bounced-permanent-general-constructed.json'))
 */
export function parse(body: Uint8Array | string, now?: Date): NormalizedEvent[] {
  const o = asRecord(decodeJson(body, 'resend'));
  if (!o || typeof o.type !== 'string') {
    throw new PayloadError('resend: body must be a JSON object with a type');
  }
  return [buildEvent(draftOf(o.type, o, asRecord(o.data) ?? {}), { receivedAt: nowIso(now) })];
}

interface Read {
  row: HintRow;
  vendorType: string;
  text: string | null;
  inferredText: string | null;
  labels: string[];
}

function draftOf(
  type: string,
  o: Record<string, unknown>,
  data: Record<string, unknown>,
): EventDraft {
  const read = readEvent(type, data);
  const { row } = read;
  const wantsReply = row.kind !== 'ignored' && row.kind !== 'complaint' && row.kind !== 'delivery';
  const reply = wantsReply
    ? replyFrom(read.text, {}, row.infer ? { ...row.infer, text: read.inferredText } : null)
    : null;
  const recipients = recipientsOf(type, data);
  const labels = [`resend:${read.vendorType}`, ...read.labels];
  if (recipients.length > 1) labels.push(`resend:recipients:${recipients.length}`);
  return {
    vendor: 'resend',
    vendorEventId: null,
    kind: row.kind,
    rawRecipient: recipients.length === 1 ? recipients[0] : null,
    messageId: str(data.email_id),
    timestamp: toIsoTimestamp(o.created_at) ?? toIsoTimestamp(data.created_at),
    vendorType: read.vendorType,
    reply,
    hints: vendorHints(row.permanence, row.reason, labels),
    echo: row.echo === true,
    metadata: tagsOf(data.tags),
  };
}

function readEvent(type: string, data: Record<string, unknown>): Read {
  const base = { text: null, inferredText: null, labels: [] };
  if (type === 'email.bounced') return bounced(asRecord(data.bounce) ?? {});
  if (type === 'suppression.added') {
    const origin = str(data.origin) ?? '';
    const row = lookup(RESEND_SUPPRESSION_ORIGINS, origin) ?? {
      kind: 'dropped',
      permanence: 'permanent',
      reason: 'vendor-suppressed',
      echo: true,
    };
    return { ...base, row, vendorType: `suppression.added/${origin || 'unknown'}` };
  }
  const row = lookup(RESEND_EVENTS, type) ?? { kind: 'ignored' };
  if (type === 'email.failed') {
    const reason = str(asRecord(data.failed)?.reason) ?? '';
    const hint = lookup(RESEND_FAILED_REASONS, reason);
    return {
      ...base,
      row: hint ? { ...row, reason: hint } : row,
      vendorType: `email.failed/${reason || 'unknown'}`,
      labels: reason ? [`resend:failed:${reason}`] : [],
    };
  }
  if (type === 'email.suppressed') {
    const s = asRecord(data.suppressed);
    const kind = str(s?.type) ?? 'unknown';
    return { ...base, row, vendorType: `email.suppressed/${kind}`, inferredText: str(s?.message) };
  }
  return { ...base, row, vendorType: type };
}

function bounced(bounce: Record<string, unknown>): Read {
  const message = str(bounce.message);
  let type = str(bounce.type) ?? '';
  let sub = str(bounce.subType) ?? '';
  const labels: string[] = [];
  if (!type && message) {
    const lower = message.toLowerCase();
    const hit = RESEND_LEGACY_MESSAGES.find(([words]) => lower.includes(words));
    if (hit) {
      [type, sub] = hit[1].split('/') as [string, string];
      labels.push('resend:legacy-message');
    }
  }
  const row = lookup(RESEND_BOUNCE_SUBTYPES, `${type}/${sub}`) ??
    lookup(RESEND_BOUNCE_TYPES, type) ?? {
      kind: 'bounce',
      permanence: 'undetermined',
      reason: 'undetermined',
    };
  const diagnostics = Array.isArray(bounce.diagnosticCode) ? bounce.diagnosticCode : [];
  return {
    row,
    vendorType: `email.bounced/${type || 'unknown'}/${sub || 'unknown'}`,
    // The remote server's words; Resend's own `message` is a fixed text, never the reply.
    text: row.echo ? null : (diagnostics.map(str).find((d) => d !== null) ?? null),
    inferredText: message,
    labels,
  };
}

/** `data.to` (an array, or one string) for email events; `data.email` for suppressions. */
function recipientsOf(type: string, data: Record<string, unknown>): unknown[] {
  if (type.startsWith('suppression.')) return data.email === undefined ? [] : [data.email];
  if (Array.isArray(data.to)) return data.to;
  return data.to === undefined ? [] : [data.to];
}

/** `tags` as a `{name: value}` object (observed) or a `[{name, value}]` list (one docs version). */
function tagsOf(tags: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (Array.isArray(tags)) {
    for (const t of tags) {
      const name = str(asRecord(t)?.name);
      const value = asRecord(t)?.value;
      if (name && typeof value === 'string') out[name] = value;
    }
    return out;
  }
  const o = asRecord(tags);
  if (o) for (const k of Object.keys(o)) if (typeof o[k] === 'string') out[k] = o[k] as string;
  return out;
}
