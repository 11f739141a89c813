/**
 * SendGrid Event Webhook parser: the batched JSON array, one normalized event per element, with
 * the vendor's labels as hints and custom args as metadata.
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
  SENDGRID_BOUNCE_CLASSIFICATIONS,
  SENDGRID_BOUNCE_TYPES,
  SENDGRID_DROPPED_REASONS,
  SENDGRID_EVENTS,
} from './hints.ts';

/**
 * Parses a SendGrid webhook body (a JSON array of events) into normalized events, one per
 * array element. Throws PayloadError when the body is not an array of objects.
 *
 * @example parse(req.body) // after verify()
 */
export function parse(body: Uint8Array | string, now?: Date): NormalizedEvent[] {
  return parseSendgridJson(decodeJson(body, 'sendgrid'), now);
}

/** Same as `parse`, for an already-decoded JSON value. */
export function parseSendgridJson(json: unknown, now?: Date): NormalizedEvent[] {
  if (!Array.isArray(json)) throw new PayloadError('sendgrid: body must be a JSON array');
  const ctx = { receivedAt: nowIso(now) };
  return json.map((item, i) => {
    const e = asRecord(item);
    if (!e) throw new PayloadError(`sendgrid: element ${i} is not an object`);
    return buildEvent(draftOf(e), ctx);
  });
}

function draftOf(e: Record<string, unknown>): EventDraft {
  const event = str(e.event) ?? '';
  const type = event === 'bounce' ? (str(e.type) ?? 'bounce') : null;
  const row = rowOf(event, type, e);
  const text = str(e.response) ?? str(e.reason);
  const hasReply = row.kind !== 'ignored' && (text !== null || row.infer !== undefined);
  const reply = hasReply
    ? replyFrom(text, { enhanced: str(e.status) }, row.infer ? { ...row.infer, text } : null)
    : null;
  const classification = str(e.bounce_classification);
  const labels = [`sendgrid:${type ? `${event}/${type}` : event || 'unknown'}`];
  if (classification) labels.push(`sendgrid:classification:${classification}`);
  if (event === 'dropped' && text) labels.push(`sendgrid:dropped:${text}`);
  return {
    vendor: 'sendgrid',
    vendorEventId: str(e.sg_event_id),
    kind: row.kind,
    rawRecipient: e.email,
    messageId: idString(e.sg_message_id),
    timestamp: toIsoTimestamp(e.timestamp),
    vendorType: type ? `${event}/${type}` : event,
    reply,
    hints: vendorHints(row.permanence, reasonOf(row, classification), labels),
    echo: row.echo === true,
    metadata: customArgs(e),
  };
}

function rowOf(event: string, type: string | null, e: Record<string, unknown>): HintRow {
  if (type !== null)
    return lookup(SENDGRID_BOUNCE_TYPES, type) ?? { kind: 'bounce', permanence: 'undetermined' };
  if (event === 'dropped') {
    const reason = (str(e.reason) ?? '').trim().toLowerCase();
    // Longest matching prefix wins (`invalid smtpapi header` is not `invalid`).
    let best: readonly [string, HintRow] | undefined;
    for (const entry of SENDGRID_DROPPED_REASONS) {
      if (reason.startsWith(entry[0]) && entry[0].length > (best?.[0].length ?? -1)) best = entry;
    }
    if (best) return best[1];
  }
  // Unknown events (account_status_change, future types) are informational.
  return lookup(SENDGRID_EVENTS, event) ?? { kind: 'ignored' };
}

function reasonOf(row: HintRow, classification: string | null): HintRow['reason'] {
  if (row.reason) return row.reason;
  return classification
    ? lookup(SENDGRID_BOUNCE_CLASSIFICATIONS, classification.toLowerCase())
    : undefined;
}

/** SendGrid's own top-level keys; everything else at the top level is a custom arg. */
export const SENDGRID_RESERVED_KEYS: ReadonlySet<string> = new Set([
  'email',
  'timestamp',
  'event',
  'smtp-id',
  'sg_event_id',
  'sg_message_id',
  'category',
  'asm_group_id',
  'ip',
  'tls',
  'cert_err',
  'reason',
  'status',
  'response',
  'attempt',
  'type',
  'bounce_classification',
  'pool',
  'send_at',
  'url',
  'url_offset',
  'useragent',
  'sg_machine_open',
  'sg_content_type',
  'marketing_campaign_id',
  'marketing_campaign_name',
  'marketing_campaign_version',
  'marketing_campaign_split_id',
  'post_type',
  'sg_user_id',
  'singlesend_id',
  'singlesend_name',
  'mc_stats',
  'phase_id',
  'sg_template_id',
  'sg_template_name',
  'template_id',
  'template_version_id',
  'template_hash',
  'newsletter',
  'unique_args',
  'custom_args',
  'account_status',
]);

function customArgs(e: Record<string, unknown>): Record<string, string> {
  const out: Record<string, string> = {};
  // Object.keys, not Object.entries: no [key, value] pair allocated per field.
  for (const k of Object.keys(e)) {
    const v = e[k];
    if (typeof v === 'string' && !SENDGRID_RESERVED_KEYS.has(k)) out[k] = v;
  }
  return out;
}
