/**
 * Pure updates of a suppression record: add evidence (echo-aware), lift (unsuppress), and the
 * reason precedence that keeps never-expiring reasons (complaints, unsubscribes) in place.
 */
import type { NormalizedEvent, Reason } from '../types.ts';
import { expiryAfter, type ProcessConfig, ttlDaysFor } from './config.ts';
import {
  type EvidenceEntry,
  type HistoryEntry,
  type LiftRecord,
  type SuppressionRecord,
  summarizeReply,
} from './records.ts';

/** Evidence entry for one event: what happened, what the verdict said, and which table said it. */
export function evidenceOf(event: NormalizedEvent, reason: Reason, note?: string): EvidenceEntry {
  const entry: EvidenceEntry = {
    eventId: event.id,
    vendor: event.vendor,
    kind: event.kind,
    at: event.occurredAt,
    reason,
    rule: event.verdict?.rule ?? `kind:${event.kind}`,
    reply: summarizeReply(event.reply),
    messageId: event.messageId,
    echo: event.echo,
  };
  if (note) entry.note = note;
  if (event.verdict) entry.action = event.verdict.action;
  const { kind: _kind, ...hints } = event.hints;
  if (Object.keys(hints).length) entry.hints = hints;
  if (event.verdict?.rulesVersion) entry.rulesVersion = event.verdict.rulesVersion;
  return entry;
}

/** Appends one change to a record's history (capped, oldest dropped first). */
export function withHistory(
  history: readonly HistoryEntry[] | undefined,
  entry: HistoryEntry,
  config: ProcessConfig,
): HistoryEntry[] {
  return [...(history ?? []), entry].slice(-config.historyCap);
}

/** Who made a change an event caused: the vendor's webhook. */
export function webhookBy(event: NormalizedEvent): string {
  return `webhook:${event.vendor}`;
}

/** The later of two ISO 8601 timestamps (string order is time order for UTC ISO strings). */
export function later(a: string, b: string): string {
  return a > b ? a : b;
}

/** A never-expiring reason is not replaced by one that expires (a complaint outlives a bounce). */
function keepReason(config: ProcessConfig, current: Reason, next: Reason): Reason {
  const cur = ttlDaysFor(config, current);
  const nxt = ttlDaysFor(config, next);
  return cur === null && nxt !== null ? current : next;
}

/**
 * Adds one event's evidence. Echo events (the vendor repeating its own suppression) create a
 * missing record but change nothing on an existing one: they are not new evidence. Returns
 * null when nothing changes.
 */
export function addEvidence(
  current: SuppressionRecord | null,
  event: NormalizedEvent,
  reason: Reason,
  nowIso: string,
  config: ProcessConfig,
  extra: {
    note?: string;
    softBounce?: SuppressionRecord['softBounce'];
    change?: HistoryEntry['change'];
    /** Earlier evidence to keep with this one (probation: the first failure). */
    prior?: EvidenceEntry[];
  } = {},
): SuppressionRecord | null {
  if (!event.recipient) return null;
  if (current && event.echo) return null;
  if (current?.evidence.some((e) => e.eventId === event.id)) return null;
  const entry = evidenceOf(event, reason, extra.note);
  const base: SuppressionRecord = current ?? {
    email: event.recipient,
    status: 'suppressed',
    action: 'suppress',
    reason,
    rule: entry.rule,
    reply: entry.reply,
    vendor: event.vendor,
    firstSeen: event.occurredAt,
    lastSeen: event.occurredAt,
    count: 0,
    evidence: [],
    createdByEcho: event.echo,
    version: 0,
    updatedAt: nowIso,
  };
  const wasActive = current?.status === 'suppressed';
  const chosen = current && wasActive ? keepReason(config, current.reason, reason) : reason;
  const replaced = chosen === reason;
  const lastSeen = later(event.occurredAt, base.lastSeen);
  const next: SuppressionRecord = {
    ...base,
    status: 'suppressed',
    action: 'suppress',
    reason: chosen,
    rule: replaced ? entry.rule : base.rule,
    reply: replaced ? entry.reply : base.reply,
    vendor: replaced ? event.vendor : base.vendor,
    firstSeen:
      later(base.firstSeen, event.occurredAt) === base.firstSeen
        ? event.occurredAt
        : base.firstSeen,
    lastSeen,
    count: base.count + 1,
    evidence: [...base.evidence, ...(extra.prior ?? []), entry].slice(-config.evidenceCap),
    history: withHistory(
      base.history,
      {
        at: nowIso,
        by: webhookBy(event),
        change: extra.change ?? (wasActive ? 'evidence' : 'suppressed'),
        reason,
        rule: entry.rule,
        ...(entry.rulesVersion ? { rulesVersion: entry.rulesVersion } : {}),
      },
      config,
    ),
    updatedAt: nowIso,
  };
  delete next.probation;
  const expiresAt = expiryAfter(lastSeen, ttlDaysFor(config, chosen));
  if (expiresAt === undefined) delete next.expiresAt;
  else next.expiresAt = expiresAt;
  if (extra.softBounce) next.softBounce = extra.softBounce;
  return next;
}

/** Reasons a resubscribe may lift; a vendor reactivation (Postmark) lifts any reason. */
const RESUBSCRIBE_LIFTS: ReadonlySet<Reason> = new Set<Reason>(['unsubscribed', 'complaint']);

/** Whether a resubscribe/reactivation event lifts this record. */
export function resubscribeLifts(record: SuppressionRecord, event: NormalizedEvent): boolean {
  if (record.status !== 'suppressed') return false;
  if (event.occurredAt < record.lastSeen) return false;
  return event.hints.reactivates === true || RESUBSCRIBE_LIFTS.has(record.reason);
}

/** Lifts a suppression, keeping the record and its evidence; records who, when and why. */
export function lift(
  record: SuppressionRecord,
  by: LiftRecord,
  nowIso: string,
  config?: Pick<ProcessConfig, 'historyCap'>,
): SuppressionRecord {
  const history = [
    ...(record.history ?? []),
    { at: nowIso, by: by.by, change: 'lifted' as const, reason: record.reason, why: by.why },
  ].slice(-(config?.historyCap ?? 20));
  return { ...record, status: 'unsuppressed', lifted: by, history, updatedAt: nowIso };
}

/**
 * Whether a record blocks sending at `now`: `status` is `suppressed` and `expiresAt` (epoch s) is
 * absent or still ahead. A lifted (`unsuppressed`) or expired record does not block.
 *
 * @example isActive({ status: 'suppressed', expiresAt: 1 }, new Date()) // false: expired
 */
export function isActive(
  record: Pick<SuppressionRecord, 'status' | 'expiresAt'> | null | undefined,
  now: Date,
): boolean {
  if (record?.status !== 'suppressed') return false;
  return record.expiresAt === undefined || record.expiresAt * 1000 > now.getTime();
}
