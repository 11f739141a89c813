/**
 * Probation for unproven permanent failures (docs/policy.md "Suppress on evidence"): a bare 5xx that
 * says nothing about the address is investigated, not suppressed; the same address failing so
 * again, from another message, `probationGapHours`+ later, is suppressed (`repeated-hard-failure`)
 * with both pieces of evidence. A one-off misread never suppresses; a dead address still ends up
 * suppressed. Pure.
 */
import type { NormalizedEvent } from '../types.ts';
import { expiryAfter, type ProcessConfig } from './config.ts';
import type { SuppressionRecord } from './records.ts';
import { addEvidence, evidenceOf, isActive, later, webhookBy, withHistory } from './suppression.ts';

/** What one unproven failure does to the record. */
export type ProbationResult =
  | { kind: 'started' | 'noted'; record: SuppressionRecord }
  | { kind: 'escalated'; record: SuppressionRecord }
  | { kind: 'unchanged' };

/** True when `event` is a second failure far enough from the first, from another message. */
function repeats(record: SuppressionRecord, event: NormalizedEvent, config: ProcessConfig) {
  const first = record.probation;
  if (!first || first.eventId === event.id) return false;
  const gapH = (Date.parse(event.occurredAt) - Date.parse(first.since)) / 3_600_000;
  const sameMessage = first.messageId !== null && first.messageId === event.messageId;
  return gapH >= config.probationGapHours && !sameMessage;
}

/**
 * Applies one unproven permanent failure to the address's record (null: no record yet).
 * @example applyProbation(null, bare550, now, config).kind // → 'started'
 */
export function applyProbation(
  record: SuppressionRecord | null,
  event: NormalizedEvent,
  now: Date,
  config: ProcessConfig,
): ProbationResult {
  if (!event.recipient || event.echo) return { kind: 'unchanged' };
  // Already suppressed: nothing to prove.
  if (isActive(record, now)) return { kind: 'unchanged' };
  if (record?.evidence.some((e) => e.eventId === event.id)) return { kind: 'unchanged' };
  const nowIso = now.toISOString();
  const onProbation = record?.status === 'probation' && record.probation;
  if (record && onProbation && repeats(record, event, config)) {
    const next = addEvidence(record, event, 'repeated-hard-failure', nowIso, config, {
      change: 'escalated',
      note: `unproven permanent failures from two messages: ${record.probation?.since} and ${event.occurredAt}`,
    });
    return next ? { kind: 'escalated', record: next } : { kind: 'unchanged' };
  }
  const entry = evidenceOf(event, event.verdict?.reason ?? 'undetermined');
  const expires = expiryAfter(event.occurredAt, config.probationDays) as number;
  if (record && onProbation) {
    // Another failure too soon (or from the same message): noted, the clock keeps its start.
    return {
      kind: 'noted',
      record: {
        ...record,
        lastSeen: later(event.occurredAt, record.lastSeen),
        evidence: [...record.evidence, entry].slice(-config.evidenceCap),
        history: withHistory(record.history, historyOf(event, nowIso, 'evidence'), config),
        updatedAt: nowIso,
      },
    };
  }
  // The first unproven failure (on a new address, or one lifted or expired before).
  const base: SuppressionRecord = record ?? {
    email: event.recipient,
    status: 'probation',
    action: 'investigate',
    reason: entry.reason,
    rule: entry.rule,
    reply: entry.reply,
    vendor: event.vendor,
    firstSeen: event.occurredAt,
    lastSeen: event.occurredAt,
    count: 0,
    evidence: [],
    createdByEcho: false,
    version: 0,
    updatedAt: nowIso,
  };
  const started: SuppressionRecord = {
    ...base,
    status: 'probation',
    probation: { since: event.occurredAt, eventId: event.id, messageId: event.messageId },
    lastSeen: later(event.occurredAt, base.lastSeen),
    evidence: [...base.evidence, entry].slice(-config.evidenceCap),
    history: withHistory(base.history, historyOf(event, nowIso, 'probation'), config),
    updatedAt: nowIso,
  };
  // A probation record lives `probationDays`, unless the record was meant to outlive that.
  if (record === null || (record.expiresAt !== undefined && record.expiresAt < expires)) {
    started.expiresAt = expires;
  }
  return { kind: 'started', record: started };
}

function historyOf(event: NormalizedEvent, at: string, change: 'probation' | 'evidence') {
  return {
    at,
    by: webhookBy(event),
    change,
    reason: event.verdict?.reason ?? ('undetermined' as const),
    rule: event.verdict?.rule ?? `kind:${event.kind}`,
    ...(event.verdict?.rulesVersion ? { rulesVersion: event.verdict.rulesVersion } : {}),
  };
}
