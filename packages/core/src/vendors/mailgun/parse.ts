/**
 * Mailgun webhook parser: one `{signature, event-data}` object per request, one normalized
 * event. `delivery-status` (code, enhanced code, message, description) becomes the reply;
 * Mailgun's pseudo-codes (498/499, 6xx) are never taken for a remote server's code;
 * `user-variables` and tags become metadata.
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
  vendorHints,
} from '../shared/build-event.ts';
import { type HintRow, lookup } from '../shared/hints.ts';
import { replyFrom } from '../shared/infer.ts';
import { toIsoTimestamp } from '../shared/timestamps.ts';
import {
  MAILGUN_ECHO_REASONS,
  MAILGUN_EVENTS,
  MAILGUN_FAILED_OTHER,
  MAILGUN_PERMANENT_OTHER,
  MAILGUN_PERMANENT_REASONS,
  MAILGUN_PSEUDO_CODES,
  MAILGUN_TEMPORARY_OTHER,
  MAILGUN_TEMPORARY_REASONS,
} from './hints.ts';

/**
 * Parses one Mailgun webhook body into normalized events (one). Throws PayloadError when it is
 * not a JSON object with an `event-data` object. Does not verify: use `receive`.
 *
 * @example parse(readFileSync('mailgun-failed-permanent-bounce-550-511-anymail.json'))
 */
export function parse(body: Uint8Array | string, now?: Date): NormalizedEvent[] {
  return parseMailgunJson(decodeJson(body, 'mailgun'), now);
}

/** Same as `parse`, for an already-decoded JSON value. */
export function parseMailgunJson(json: unknown, now?: Date): NormalizedEvent[] {
  const data = eventDataOf(json);
  return [buildEvent(draftOf(data), { receivedAt: nowIso(now) })];
}

/** The `event-data` object of a decoded body; PayloadError when there is none. */
export function eventDataOf(json: unknown): Record<string, unknown> {
  const o = asRecord(json);
  if (!o) throw new PayloadError('mailgun: body must be a JSON object');
  const data = asRecord(o['event-data']);
  if (!data) throw new PayloadError('mailgun: event-data missing (not a Mailgun JSON webhook)');
  return data;
}

function draftOf(e: Record<string, unknown>): EventDraft {
  const event = str(e.event) ?? '';
  const severity = event === 'failed' ? (str(e.severity) ?? '') : '';
  const reason = event === 'failed' ? (str(e.reason) ?? '') : '';
  const row = event === 'failed' ? failedRow(severity, reason) : rowOf(event);
  const status = asRecord(e['delivery-status']);
  const code = typeof status?.code === 'number' ? status.code : null;
  const real = code !== null && code >= 200 && code < 600 && !MAILGUN_PSEUDO_CODES.has(code);
  const text = str(status?.message) ?? str(status?.description);
  const enhanced = enhancedOf(status);
  const wantsReply =
    row.kind !== 'ignored' && row.kind !== 'complaint' && row.kind !== 'unsubscribe';
  const reply = wantsReply
    ? replyFrom(
        text,
        { code: real ? code : null, enhanced },
        row.infer ? { ...row.infer, text } : null,
      )
    : null;
  const type =
    event === 'failed' ? `failed/${severity || 'unknown'}/${reason || 'unknown'}` : event;
  const labels = [`mailgun:${type || 'unknown'}`];
  if (code !== null && !real) labels.push(`mailgun:code:${code}`);
  if (asRecord(e.flags)?.['is-delayed-bounce'] === true) labels.push('mailgun:delayed-bounce');
  return {
    vendor: 'mailgun',
    vendorEventId: idString(e.id),
    kind: row.kind,
    rawRecipient: e.recipient,
    messageId: messageIdOf(e),
    timestamp: toIsoTimestamp(e.timestamp),
    vendorType: type,
    reply,
    hints: vendorHints(row.permanence, row.reason, labels),
    echo: row.echo === true,
    metadata: metadataOf(e),
  };
}

function rowOf(event: string): HintRow {
  // Unknown events (list events, future types) are informational.
  return lookup(MAILGUN_EVENTS, event) ?? { kind: 'ignored' };
}

function failedRow(severity: string, reason: string): HintRow {
  const echo = lookup(MAILGUN_ECHO_REASONS, reason);
  if (echo) return echo;
  if (severity === 'permanent')
    return lookup(MAILGUN_PERMANENT_REASONS, reason) ?? MAILGUN_PERMANENT_OTHER;
  if (severity === 'temporary')
    return lookup(MAILGUN_TEMPORARY_REASONS, reason) ?? MAILGUN_TEMPORARY_OTHER;
  return MAILGUN_FAILED_OTHER;
}

/** `enhanced-code`, else a delayed bounce's `bounce-code` (absent, `""` and `null` all occur). */
function enhancedOf(status: Record<string, unknown> | null): string | null {
  for (const v of [status?.['enhanced-code'], status?.['bounce-code']]) {
    const s = str(v)?.trim();
    if (s && /^[245]\.\d{1,3}\.\d{1,3}$/.test(s)) return s;
  }
  return null;
}

/** The Message-ID header Mailgun reports (without angle brackets), as the send API returned it. */
function messageIdOf(e: Record<string, unknown>): string | null {
  const headers = asRecord(asRecord(e.message)?.headers);
  const id = str(headers?.['message-id'])?.trim();
  return id ? id.replace(/^<|>$/g, '') : null;
}

/**
 * `user-variables` (an object, or `[]` when empty, or an error string when Mailgun could not
 * load them): string values, numbers and booleans as text; nested values dropped. Tags: `tags`
 * (comma separated) and `tag` (the first), unless a user variable has the name.
 */
function metadataOf(e: Record<string, unknown>): Record<string, string> {
  const out: Record<string, string> = {};
  const vars = asRecord(e['user-variables']);
  if (vars) {
    for (const k of Object.keys(vars)) {
      const v = vars[k];
      if (typeof v === 'string') out[k] = v;
      else if (typeof v === 'boolean' || (typeof v === 'number' && Number.isFinite(v)))
        out[k] = String(v);
    }
  }
  const tags = Array.isArray(e.tags)
    ? e.tags.filter((t): t is string => typeof t === 'string')
    : [];
  if (tags.length && !Object.hasOwn(out, 'tags')) out.tags = tags.join(',');
  if (tags.length && !Object.hasOwn(out, 'tag')) out.tag = tags[0] as string;
  return out;
}
