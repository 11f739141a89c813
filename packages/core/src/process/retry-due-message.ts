/**
 * Reads a RetryDueQueue body into a typed `RetryDueMessage`, checking every field against the
 * v1 schema (`RETRY_DUE_SCHEMA` in @rebound/aws); the consumer side of `retryDueOf`.
 */
import { RetryDueMessageError } from '../errors.ts';
import type { Vendor } from '../types.ts';
import type { ReplySummary, RetryDueMessage } from './records.ts';

/**
 * A vendor id: any registry id (`sendgrid`, `mailgun`, …), `mail` or one a newer Rebound adds.
 * The consumer reads it for information only, so an older client must not turn a newer vendor's
 * retries into poison messages: the shape is checked, not a fixed list.
 */
const VENDOR_ID = /^[a-z][a-z0-9-]{0,31}$/;
/** RFC 3339 date-time, as `Date.prototype.toISOString` writes it (offsets accepted too). */
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2})$/i;

type Json = Record<string, unknown>;

function bad(field: string, want: string, got: unknown): RetryDueMessageError {
  const shown = got === undefined ? 'nothing' : JSON.stringify(got)?.slice(0, 80);
  return new RetryDueMessageError(
    field,
    `retry-due message: "${field}" must be ${want} (got ${shown})`,
  );
}

function text(m: Json, field: string, nullable = false): string | null {
  const v = m[field];
  if (nullable && v === null) return null;
  if (typeof v !== 'string' || v === '') {
    throw bad(field, nullable ? 'a non-empty string or null' : 'a non-empty string', v);
  }
  return v;
}

function dateTime(m: Json, field: string): string {
  const v = m[field];
  if (typeof v !== 'string' || !DATE_TIME.test(v) || Number.isNaN(Date.parse(v))) {
    throw bad(field, 'an ISO 8601 date-time', v);
  }
  return v;
}

function reply(v: unknown): ReplySummary | null {
  if (v === null) return null;
  if (!v || typeof v !== 'object' || Array.isArray(v))
    throw bad('lastReply', 'an object or null', v);
  const r = v as Json;
  if (r.code !== null && !Number.isInteger(r.code)) {
    throw bad('lastReply.code', 'an integer or null', r.code);
  }
  if (r.enhanced !== null && typeof r.enhanced !== 'string') {
    throw bad('lastReply.enhanced', 'a string or null', r.enhanced);
  }
  if (typeof r.text !== 'string') throw bad('lastReply.text', 'a string', r.text);
  return { code: r.code as number | null, enhanced: r.enhanced as string | null, text: r.text };
}

function metadata(v: unknown): Record<string, string> {
  if (!v || typeof v !== 'object' || Array.isArray(v)) throw bad('metadata', 'an object', v);
  const out: Record<string, string> = {};
  for (const [k, value] of Object.entries(v)) {
    if (typeof value !== 'string') throw bad(`metadata.${k}`, 'a string', value);
    out[k] = value;
  }
  return out;
}

/**
 * Parses and validates one RetryDueQueue message body (`schema: 'rebound.retry-due'`,
 * `version: 1`). Returns a fresh object with exactly the v1 fields; unknown extra fields are
 * ignored. A `reason` Rebound adds later is passed through as a string.
 *
 * @throws RetryDueMessageError naming the field that is wrong (a poison message: do not retry it).
 * @example
 * const msg = parseRetryDueMessage(sqsMessage.Body);
 * await resend(msg.recipient, msg.metadata.msg_ref, { dedupeKey: msg.retryId });
 */
export function parseRetryDueMessage(body: string): RetryDueMessage {
  let v: unknown;
  try {
    v = JSON.parse(body);
  } catch (err) {
    throw new RetryDueMessageError(
      'body',
      `retry-due message: not JSON (${(err as Error).message})`,
      {
        cause: err,
      },
    );
  }
  if (!v || typeof v !== 'object' || Array.isArray(v)) throw bad('body', 'a JSON object', v);
  const m = v as Json;
  if (m.schema !== 'rebound.retry-due') throw bad('schema', '"rebound.retry-due"', m.schema);
  if (m.version !== 1) throw bad('version', '1 (this client reads v1 messages)', m.version);
  const vendor = m.vendor;
  if (typeof vendor !== 'string' || !VENDOR_ID.test(vendor)) {
    throw bad('vendor', 'a vendor id (lower-case letters, digits, -)', vendor);
  }
  const attempt = m.attempt;
  if (typeof attempt !== 'number' || !Number.isInteger(attempt) || attempt < 1) {
    throw bad('attempt', 'an integer ≥ 1', attempt);
  }
  return {
    schema: 'rebound.retry-due',
    version: 1,
    retryId: text(m, 'retryId') as string,
    recipient: text(m, 'recipient') as string,
    messageId: text(m, 'messageId', true),
    vendor: vendor as Vendor,
    metadata: metadata(m.metadata),
    attempt,
    dueAt: dateTime(m, 'dueAt'),
    reason: text(m, 'reason') as RetryDueMessage['reason'],
    lastReply: reply(m.lastReply),
    firstFailureAt: dateTime(m, 'firstFailureAt'),
    emittedAt: dateTime(m, 'emittedAt'),
  };
}
