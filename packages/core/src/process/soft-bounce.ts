/**
 * One more soft bounce for a recipient: ask the retry policy, then schedule the next attempt
 * (new soft-bounce state + a RetryQueue message), or — when the retries are spent — escalate to a
 * suppression (only a recipient-side cause that persisted 24 h+ across messages) or give up the
 * message and leave the address sendable (every other cause). Pure.
 */
import { REASONS } from '../classify/reasons.ts';
import type { NormalizedEvent, Reason, RetryPlan } from '../types.ts';
import type { ProcessConfig } from './config.ts';
import type { FoldContext } from './fold-context.ts';
import {
  type RetryMessage,
  type SoftState,
  type SuppressionRecord,
  summarizeReply,
} from './records.ts';
import { addEvidence, later } from './suppression.ts';

/** The outcome of one soft bounce. */
export type SoftBounceResult =
  | { kind: 'escalated'; record: SuppressionRecord | null }
  | { kind: 'scheduled'; soft: SoftState; retry: RetryMessage }
  /** Retries spent without grounds to suppress: the message is given up, the address stays. */
  | { kind: 'gave-up'; soft: SoftState | null; why: string };

/** Distinct messages kept per soft state (enough to count to the escalation threshold). */
const MESSAGE_IDS_KEPT = 5;

/** The failed messages so far plus this event's (its message id, else its event id). */
function messagesWith(soft: SoftState | null, event: NormalizedEvent): string[] {
  const id = event.messageId ?? `event:${event.id}`;
  const ids = (soft?.messageIds ?? (soft?.messageId ? [soft.messageId] : [])).filter(
    (m) => m !== id,
  );
  return [...ids, id].slice(-MESSAGE_IDS_KEPT);
}

/**
 * Whether spent retries suppress the address: the cause is on the recipient's side (mailbox full,
 * server or DNS down…), the first failure is `escalationSpanHours` before the last, and at least
 * `escalationMessages` messages failed. Otherwise, why not (for the log and the metric).
 * @example escalationOf('rate-limited', …) // → { escalate: false, why: 'sender-side cause' }
 */
export function escalationOf(
  reason: Reason,
  firstFailureAt: string,
  lastFailureAt: string,
  messages: number,
  config: ProcessConfig,
): { escalate: true } | { escalate: false; why: string } {
  if (REASONS[reason].side !== 'recipient') {
    return { escalate: false, why: `${REASONS[reason].side}-side cause (${reason})` };
  }
  const spanH = (Date.parse(lastFailureAt) - Date.parse(firstFailureAt)) / 3_600_000;
  if (!(spanH >= config.escalationSpanHours)) {
    return { escalate: false, why: `failing for ${spanH.toFixed(1)} h only` };
  }
  if (messages < config.escalationMessages) {
    return { escalate: false, why: `${messages} message(s) only` };
  }
  return { escalate: true };
}

/** Applies a soft bounce (`plan` is the verdict's retry plan) to the recipient's state. */
export function applySoftBounce(
  email: string,
  event: NormalizedEvent,
  plan: RetryPlan,
  record: SuppressionRecord | null,
  soft: SoftState | null,
  ctx: FoldContext,
): SoftBounceResult {
  const nowIso = ctx.now.toISOString();
  const history = soft
    ? {
        attempts: soft.attempts,
        firstFailureAt: soft.firstFailureAt,
        lastFailureAt: soft.lastFailureAt,
      }
    : null;
  const reason = event.verdict?.reason ?? 'temporary-failure';
  const firstFailureAt = history?.firstFailureAt ?? event.occurredAt;
  const lastFailureAt = later(event.occurredAt, history?.lastFailureAt ?? event.occurredAt);
  const messageIds = messagesWith(soft, event);
  const decision = ctx.decideRetry(plan, history, ctx.now, ctx.random);
  if (decision.kind === 'exhausted') {
    const verdict = escalationOf(
      reason,
      firstFailureAt,
      lastFailureAt,
      messageIds.length,
      ctx.config,
    );
    if (verdict.escalate) {
      const softBounce = { attempts: decision.attempts, firstFailureAt, lastFailureAt };
      const note = `persistent soft bounce: ${decision.attempts} attempts, ${messageIds.length} messages since ${firstFailureAt}`;
      const next = addEvidence(
        record,
        { ...event, echo: false },
        'persistent-soft-bounce',
        nowIso,
        ctx.config,
        { note, softBounce, change: 'escalated' },
      );
      return { kind: 'escalated', record: next };
    }
    // A recipient-side cause keeps its state (a later failure, 24 h+ on, may still escalate);
    // any other cause starts afresh, so the next message gets its own retries.
    const keep = REASONS[reason].side === 'recipient' && soft;
    const kept: SoftState | null = keep
      ? { ...soft, lastFailureAt, messageIds, lastReply: summarizeReply(event.reply), reason }
      : null;
    return { kind: 'gave-up', soft: kept, why: verdict.why };
  }
  const dueAt = new Date(decision.dueAt).toISOString();
  const windowEnd = Date.parse(firstFailureAt) + plan.window_s * 1000;
  const retry: RetryMessage = {
    schema: 'rebound.retry',
    version: 1,
    retryId: `${event.id}#${decision.attempt}`,
    eventId: event.id,
    recipient: event.recipient ?? email,
    ...(event.recipient && event.recipient !== email ? { key: email } : {}),
    messageId: event.messageId,
    vendor: event.vendor,
    metadata: event.metadata,
    attempt: decision.attempt,
    dueAt,
    reason,
    lastReply: summarizeReply(event.reply),
    scheduledAt: nowIso,
  };
  const next: SoftState = {
    email,
    attempts: decision.attempt,
    firstFailureAt,
    lastFailureAt,
    lastReply: retry.lastReply,
    reason,
    vendor: event.vendor,
    messageId: event.messageId,
    messageIds,
    eventId: event.id,
    attemptEvents: Array.from({ length: decision.attempt }, (_, i) =>
      i === decision.attempt - 1 ? event.id : (soft?.attemptEvents?.[i] ?? ''),
    ),
    metadata: event.metadata,
    plan,
    emit: soft?.emit ?? null,
    version: soft?.version ?? 0,
    expiresAt:
      Math.floor(Math.max(windowEnd, Date.parse(dueAt)) / 1000) +
      ctx.config.softStateGraceDays * 86_400,
  };
  return { kind: 'scheduled', soft: next, retry };
}
