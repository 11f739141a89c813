/**
 * Re-judging the past when the rules improve: today's rule table runs over a record's stored
 * evidence (each entry keeps its reply, command, inferred parts and the vendor's hints) and says
 * whether the record should now be suppressed, on probation, or clear. Complaints, unsubscribes
 * and the vendors' own lists are never lifted this way; a human's lift is never undone. Pure.
 */
import type { Classifier } from '../classify/classify.ts';
import { REASONS } from '../classify/reasons.ts';
import type { Action, Reason, SmtpReply, VendorHints } from '../types.ts';
import { expiryAfter, type ProcessConfig, ttlDaysFor } from './config.ts';
import type { EvidenceEntry, ProbationState, SuppressionRecord } from './records.ts';
import { withHistory } from './suppression.ts';

/** Who a reclassification's changes are recorded as. */
export const RECLASSIFY_BY = 'reclassify';

/** Reasons reclassify never lifts: the recipient or the vendor said so, not a reply we read. */
const NEVER_LIFTED: ReadonlySet<Reason> = new Set<Reason>([
  'complaint',
  'unsubscribed',
  'vendor-suppressed',
]);

/** One evidence entry as today's rules see it. */
export interface Rejudged {
  entry: EvidenceEntry;
  action: Action;
  reason: Reason;
  rule: string;
  probation: boolean;
}

/** What today's rules make of a record. */
export interface Reclassification {
  email: string;
  /** `lift`: no longer suppressed; `suppress`: now suppressed; `probation`: now on probation; `clear`: probation ended. */
  change: 'lift' | 'suppress' | 'probation' | 'clear' | 'none';
  before: { status: SuppressionRecord['status']; action: Action; reason: Reason; rule: string };
  after: { status: SuppressionRecord['status']; action: Action; reason: Reason; rule: string };
  /** The record to write (the same `version` as read: the store checks and increments it). */
  next: SuppressionRecord | null;
  why: string;
}

/** The reply an evidence entry stored, rebuilt for the classifier (inferred parts marked). */
function replyOf(entry: EvidenceEntry): SmtpReply | null {
  const r = entry.reply;
  if (!r) return null;
  const inferred = new Set(r.inferred ?? []);
  const origin = (part: 'code' | 'enhanced' | 'text', present: boolean) =>
    !present ? null : inferred.has(part) ? ('inferred' as const) : ('vendor-field' as const);
  return {
    code: r.code,
    enhanced: r.enhanced,
    text: r.text,
    parts: {
      code: origin('code', r.code !== null),
      enhanced: origin('enhanced', r.enhanced !== null),
      text: origin('text', r.text !== ''),
    },
    conflict: null,
    command: r.command ?? null,
  };
}

/** Today's verdict on one stored piece of evidence. */
export function rejudge(entry: EvidenceEntry, classify: Classifier): Rejudged {
  const hints: VendorHints = { ...(entry.hints ?? {}), kind: entry.kind };
  const v = classify(replyOf(entry), hints);
  return {
    entry,
    action: v.action,
    reason: v.reason,
    rule: v.rule,
    probation: v.probation === true,
  };
}

/** Two unproven failures from different messages, far enough apart (probation's own rule). */
function repeated(unproven: Rejudged[], config: ProcessConfig): [Rejudged, Rejudged] | null {
  const sorted = [...unproven].sort((a, b) => (a.entry.at < b.entry.at ? -1 : 1));
  const first = sorted[0];
  if (!first) return null;
  for (const later of sorted.slice(1)) {
    const gapH = (Date.parse(later.entry.at) - Date.parse(first.entry.at)) / 3_600_000;
    const same = first.entry.messageId !== null && first.entry.messageId === later.entry.messageId;
    if (gapH >= config.probationGapHours && !same) return [first, later];
  }
  return null;
}

type Judgement =
  | { kind: 'suppress'; reason: Reason; rule: string; why: string }
  | { kind: 'probation'; first: Rejudged; why: string }
  | { kind: 'none'; why: string; last: Rejudged | null };

/** What the evidence proves about the address under today's rules. */
function judge(record: SuppressionRecord, config: ProcessConfig, classify: Classifier): Judgement {
  const entries = record.evidence.filter((e) => !e.echo).map((e) => rejudge(e, classify));
  if (record.reason === 'persistent-soft-bounce') {
    // A soft bounce suppresses only for a recipient-side cause (docs/policy.md).
    const last = entries.at(-1);
    if (last && last.action === 'retry' && REASONS[last.reason].side === 'recipient') {
      return { kind: 'suppress', reason: record.reason, rule: record.rule, why: last.reason };
    }
    const cause = last ? `${last.reason} (${REASONS[last.reason].side}-side)` : 'no evidence';
    return {
      kind: 'none',
      why: `the soft bounce was a ${cause} cause: never a suppression`,
      last: last ?? null,
    };
  }
  const proof = entries.find((j) => j.action === 'suppress');
  if (proof) return { kind: 'suppress', reason: proof.reason, rule: proof.rule, why: proof.rule };
  const unproven = entries.filter((j) => j.probation);
  // Evidence stored before verdicts carried a rule version also lacks the vendor's hints (an SES
  // Permanent/General bounce then looks like a bare 550): it is lifted only when today's rules
  // positively say it is not about the address, never merely for being unproven.
  const legacy = unproven.find((j) => !j.entry.rulesVersion);
  if (legacy && record.status === 'suppressed') {
    return {
      kind: 'suppress',
      reason: record.reason,
      rule: record.rule,
      why: `legacy evidence (${legacy.rule}): kept`,
    };
  }
  const pair = repeated(unproven, config);
  if (pair) {
    return {
      kind: 'suppress',
      reason: 'repeated-hard-failure',
      rule: pair[1].rule,
      why: `unproven failures ${pair[0].entry.at} and ${pair[1].entry.at}`,
    };
  }
  const first = unproven[0];
  if (first) return { kind: 'probation', first, why: `${first.rule}: unproven, on probation` };
  const seen = entries.map((j) => `${j.rule} → ${j.action}`).join(', ') || 'no evidence';
  return {
    kind: 'none',
    why: `nothing proves the address bad (${seen})`,
    last: entries.at(-1) ?? null,
  };
}

function view(r: SuppressionRecord) {
  return { status: r.status, action: r.action, reason: r.reason, rule: r.rule };
}

/**
 * Today's verdict on one record: the change to make (if any) and the record to write, audited
 * with `by: reclassify` and the rule-table version.
 * @example reclassify(record, classify, now, config).change // → 'lift'
 */
export function reclassify(
  record: SuppressionRecord,
  classify: Classifier,
  rulesVersion: string,
  now: Date,
  config: ProcessConfig,
): Reclassification {
  const before = view(record);
  const none = (why: string): Reclassification => ({
    email: record.email,
    change: 'none',
    before,
    after: before,
    next: null,
    why,
  });
  if (NEVER_LIFTED.has(record.reason) && record.status === 'suppressed') {
    return none(`${record.reason}: never lifted by reclassify`);
  }
  // A lift by a human (or the vendor) is a decision; only reclassify's own lifts are revisited.
  if (record.status === 'unsuppressed' && record.lifted?.by !== RECLASSIFY_BY) {
    return none(`lifted by ${record.lifted?.by ?? 'someone'}: left alone`);
  }
  const nowIso = now.toISOString();
  const j = judge(record, config, classify);
  const audit = (change: 'lifted' | 'reclassified', reason: Reason, rule: string, why: string) =>
    withHistory(
      record.history,
      { at: nowIso, by: RECLASSIFY_BY, change, reason, rule, rulesVersion, why },
      config,
    );
  if (j.kind === 'suppress') {
    if (record.status === 'suppressed') return none(`still proven: ${j.why}`);
    const expiresAt = expiryAfter(record.lastSeen, ttlDaysFor(config, j.reason));
    const next: SuppressionRecord = {
      ...record,
      status: 'suppressed',
      action: 'suppress',
      reason: j.reason,
      rule: j.rule,
      history: audit('reclassified', j.reason, j.rule, j.why),
      updatedAt: nowIso,
    };
    delete next.probation;
    delete next.lifted;
    if (expiresAt === undefined) delete next.expiresAt;
    else next.expiresAt = expiresAt;
    return { email: record.email, change: 'suppress', before, after: view(next), next, why: j.why };
  }
  if (j.kind === 'probation') {
    if (record.status === 'probation') return none(`still on probation: ${j.why}`);
    const probation: ProbationState = {
      since: j.first.entry.at,
      eventId: j.first.entry.eventId,
      messageId: j.first.entry.messageId,
    };
    const next: SuppressionRecord = {
      ...record,
      status: 'probation',
      action: 'investigate',
      reason: j.first.reason,
      rule: j.first.rule,
      probation,
      history: audit('lifted', j.first.reason, j.first.rule, j.why),
      lifted: { at: nowIso, by: RECLASSIFY_BY, why: `rules ${rulesVersion}: ${j.why}` },
      updatedAt: nowIso,
    };
    next.expiresAt = expiryAfter(probation.since, config.probationDays) as number;
    return {
      email: record.email,
      change: record.status === 'suppressed' ? 'lift' : 'probation',
      before,
      after: view(next),
      next,
      why: j.why,
    };
  }
  if (record.status === 'unsuppressed') return none(`still clear: ${j.why}`);
  const reason = j.last?.reason ?? record.reason;
  const rule = j.last?.rule ?? record.rule;
  const next: SuppressionRecord = {
    ...record,
    status: 'unsuppressed',
    action: j.last?.action ?? 'investigate',
    reason,
    rule,
    history: audit('lifted', reason, rule, j.why),
    lifted: { at: nowIso, by: RECLASSIFY_BY, why: `rules ${rulesVersion}: ${j.why}` },
    updatedAt: nowIso,
  };
  delete next.probation;
  return {
    email: record.email,
    change: record.status === 'suppressed' ? 'lift' : 'clear',
    before,
    after: view(next),
    next,
    why: j.why,
  };
}
