/**
 * Import and export of suppression lists: Rebound's own CSV / JSON Lines (address, scope,
 * reason, since, expires) and other tools' exports (SendGrid's suppression lists, Postmark's
 * suppression dump), each row mapped to a reason the same way the webhooks map them. Pure.
 */
import type { Classifier } from '../classify/classify.ts';
import { REASONS } from '../classify/reasons.ts';
import { checkRecipient } from '../events/recipient.ts';
import { parseReply } from '../smtp/reply.ts';
import { isStreamName } from '../suppression-keys.ts';
import type { Reason } from '../types.ts';
import { expiryAfter, type ProcessConfig, ttlDaysFor } from './config.ts';
import type { EvidenceSource, SuppressionRecord } from './records.ts';
import { type KeyScheme, storageKeyOf } from './streams.ts';

/** The formats `rebound import` reads. */
export type ImportFormat = 'rebound' | 'sendgrid' | 'postmark';

/** SendGrid's suppression lists (each exported separately). */
export type SendgridList =
  | 'bounces'
  | 'blocks'
  | 'spam_reports'
  | 'invalid_emails'
  | 'unsubscribes';

/** One row ready to become a record. */
export interface ImportRow {
  address: string;
  scope: string;
  reason: Reason;
  /** When the suppression started (ISO 8601). */
  since: string;
  /** Epoch seconds; absent: the reason's TTL from `since`. */
  expiresAt?: number;
  vendor: EvidenceSource;
  rule: string;
  /** The other tool's own words (a bounce reply), kept as evidence. */
  text?: string;
}

/** A row, or why it was skipped. */
export type ImportResult =
  | { ok: true; line: number; row: ImportRow }
  | {
      ok: false;
      line: number;
      skip: 'invalid-address' | 'not-evidence' | 'not-a-suppression' | 'malformed';
      why: string;
    };

/** Reads RFC 4180 CSV: quoted fields, doubled quotes, CRLF or LF. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i] as string;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"' && field === '') quoted = true;
    else if (ch === ',') {
      row.push(field);
      field = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      row.push(field);
      if (row.some((f) => f !== '')) rows.push(row);
      row = [];
      field = '';
    } else field += ch;
  }
  row.push(field);
  if (row.some((f) => f !== '')) rows.push(row);
  return rows;
}

/** A cell a spreadsheet would run as a formula, or one starting with the neutralizing apostrophe. */
const FORMULA_LIKE = /^[=+\-@\t\r']/;

/**
 * One CSV field, quoted when needed. A value a spreadsheet would run as a formula (`=`, `+`,
 * `-`, `@`, tab or carriage return first: an address such as `=1+2@example.com` is valid) gets
 * an apostrophe in front, as OWASP advises against CSV injection; so does a value that already
 * starts with one, so `csvText` can always drop exactly one.
 */
export function csvField(value: string): string {
  const safe = FORMULA_LIKE.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/**
 * The value a cell of Rebound's own CSV holds: the apostrophe `csvField` puts in front dropped,
 * and only that one (an apostrophe before a formula character or another apostrophe), so an
 * older export's `'jane@example.com` is read as written, never as another address.
 */
export function csvText(cell: string): string {
  return cell.startsWith("'") && FORMULA_LIKE.test(cell.slice(1)) ? cell.slice(1) : cell;
}

/** Guesses a CSV export's tool from its header (lower-cased names). */
export function detectFormat(header: readonly string[]): ImportFormat | null {
  const h = new Set(header.map((x) => x.trim().toLowerCase()));
  if (h.has('emailaddress') && h.has('suppressionreason')) return 'postmark';
  if (h.has('address') && h.has('reason')) return 'rebound';
  if (h.has('email') && h.has('created')) return 'sendgrid';
  return null;
}

/** A time value (ISO 8601, or Unix seconds as SendGrid exports them) as ISO, or null. */
function isoOf(value: string | undefined): string | null {
  if (!value) return null;
  const v = value.trim();
  const ms = /^\d{9,11}$/.test(v) ? Number(v) * 1000 : Date.parse(v);
  return Number.isFinite(ms) ? new Date(ms).toISOString() : null;
}

interface Context {
  fallbackSince: string;
  /** The scope of every row that does not name one (Postmark dumps are per message stream). */
  stream: string | null;
  list: SendgridList | null;
  classify: Classifier;
}

type Fields = Record<string, string>;
type Mapped =
  | { reason: Reason; vendor: EvidenceSource; rule: string; text?: string }
  | { skip: 'not-evidence' | 'not-a-suppression'; why: string };

/** SendGrid list → reason; a bounce is judged by its reply like a `bounce` event would be. */
function sendgridReason(f: Fields, ctx: Context): Mapped {
  const list = ctx.list ?? 'bounces';
  const rule = `import:sendgrid/${list}`;
  if (list === 'blocks')
    return {
      skip: 'not-a-suppression',
      why: 'SendGrid blocks are temporary refusals, not suppressions',
    };
  if (list === 'spam_reports') return { reason: 'complaint', vendor: 'sendgrid', rule };
  if (list === 'unsubscribes') return { reason: 'unsubscribed', vendor: 'sendgrid', rule };
  if (list === 'invalid_emails') return { reason: 'invalid-address', vendor: 'sendgrid', rule };
  const text = f.reason ?? '';
  const v = ctx.classify(text ? parseReply(text) : null, {
    kind: 'bounce',
    permanence: 'permanent',
  });
  if (v.action !== 'suppress') {
    return { skip: 'not-evidence', why: `${v.rule}: ${v.action} (${text.slice(0, 80)})` };
  }
  return {
    reason: v.reason === 'undetermined' ? 'vendor-suppressed' : v.reason,
    vendor: 'sendgrid',
    rule,
    ...(text ? { text } : {}),
  };
}

/** Postmark's SuppressionReason (and Origin) → reason, as its SubscriptionChange webhook maps them. */
function postmarkReason(f: Fields): Mapped {
  const reason = f.suppressionreason ?? '';
  const rule = `import:postmark/${reason || 'unknown'}`;
  if (reason === 'SpamComplaint') return { reason: 'complaint', vendor: 'postmark', rule };
  if (reason === 'ManualSuppression' && (f.origin ?? '') === 'Recipient') {
    return { reason: 'unsubscribed', vendor: 'postmark', rule };
  }
  return { reason: 'vendor-suppressed', vendor: 'postmark', rule };
}

/** Rebound's own export: the reason must be one that suppresses. */
function reboundReason(f: Fields): Mapped {
  const reason = (f.reason ?? '') as Reason;
  if (!Object.hasOwn(REASONS, reason) || REASONS[reason].action !== 'suppress') {
    return { skip: 'not-a-suppression', why: `reason "${f.reason ?? ''}" does not suppress` };
  }
  return { reason, vendor: 'import', rule: 'import:rebound' };
}

/**
 * Maps one exported row (field names lower-cased) to an import row, or says why it is skipped.
 * @example rowOf({ email: 'a@b.c', created: '1700000000', reason: '550 5.1.1 user unknown' }, 'sendgrid', 2, ctx)
 */
export function rowOf(f: Fields, format: ImportFormat, line: number, ctx: Context): ImportResult {
  const raw = format === 'postmark' ? f.emailaddress : format === 'sendgrid' ? f.email : f.address;
  const check = checkRecipient(raw ?? '');
  if (!check.ok)
    return { ok: false, line, skip: 'invalid-address', why: `${raw ?? ''}: ${check.message}` };
  const mapped =
    format === 'sendgrid'
      ? sendgridReason(f, ctx)
      : format === 'postmark'
        ? postmarkReason(f)
        : reboundReason(f);
  if ('skip' in mapped) return { ok: false, line, skip: mapped.skip, why: mapped.why };
  const scope = (f.scope || ctx.stream || 'global').trim();
  if (scope !== 'global' && !isStreamName(scope)) {
    return { ok: false, line, skip: 'malformed', why: `scope "${scope}" is not a stream name` };
  }
  // Only complaints and unsubscribes belong to a stream; an address that cannot receive mail is global.
  const streamed = mapped.reason === 'complaint' || mapped.reason === 'unsubscribed';
  const since = isoOf(f.since ?? f.created ?? f.createdat) ?? ctx.fallbackSince;
  const expires = isoOf(f.expires);
  const row: ImportRow = {
    address: check.address,
    scope: streamed ? scope : 'global',
    reason: mapped.reason,
    since,
    vendor: mapped.vendor,
    rule: mapped.rule,
    ...(mapped.text ? { text: mapped.text } : {}),
    ...(expires ? { expiresAt: Math.floor(Date.parse(expires) / 1000) } : {}),
  };
  return { ok: true, line, row };
}

/**
 * The record an import row creates (written only where no record exists: importing twice
 * changes nothing). It counts as the other tool's own list: an echo, audited as an import.
 */
export function importedRecord(
  row: ImportRow,
  by: string,
  source: string,
  nowIso: string,
  config: ProcessConfig,
  keys: KeyScheme,
): SuppressionRecord {
  const key = storageKeyOf(row.address, row.scope, keys);
  const reply = row.text ? { code: null, enhanced: null, text: row.text } : null;
  const record: SuppressionRecord = {
    email: key,
    status: 'suppressed',
    action: 'suppress',
    reason: row.reason,
    rule: row.rule,
    reply,
    vendor: row.vendor,
    firstSeen: row.since,
    lastSeen: row.since,
    count: 1,
    evidence: [
      {
        eventId: `import:${row.vendor}:${row.scope}:${row.since}`,
        vendor: row.vendor,
        kind: 'dropped',
        at: row.since,
        reason: row.reason,
        rule: row.rule,
        reply,
        messageId: null,
        echo: true,
      },
    ],
    createdByEcho: true,
    history: [
      {
        at: nowIso,
        by,
        change: 'imported',
        reason: row.reason,
        rule: row.rule,
        why: `import from ${source}`,
      },
    ],
    version: 0,
    updatedAt: nowIso,
  };
  if (row.scope !== 'global') record.scope = row.scope;
  if (!keys.hashOnly && key !== row.address) record.address = row.address;
  const expiresAt = row.expiresAt ?? expiryAfter(row.since, ttlDaysFor(config, row.reason));
  if (expiresAt !== undefined) record.expiresAt = expiresAt;
  return record;
}

/** The columns of Rebound's export (CSV header order; JSON Lines keys). */
export const EXPORT_COLUMNS = [
  'address',
  'scope',
  'status',
  'reason',
  'since',
  'expires',
  'key',
] as const;

/** One record as an export row (a forgotten or hash-only record has no address, only its key). */
export function exportRow(r: SuppressionRecord): Record<(typeof EXPORT_COLUMNS)[number], string> {
  const address =
    r.address ?? (r.email.includes('@') && !r.email.startsWith('stream:') ? r.email : '');
  return {
    address,
    scope: r.scope ?? 'global',
    status: r.status,
    reason: r.reason,
    since: r.firstSeen,
    expires: r.expiresAt ? new Date(r.expiresAt * 1000).toISOString() : '',
    key: r.email,
  };
}
