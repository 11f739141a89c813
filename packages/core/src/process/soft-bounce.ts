/**
 * One more soft bounce for a recipient: ask the retry policy, then either schedule the next
 * attempt (new soft-bounce state + a RetryQueue message) or escalate to a suppression. Pure.
 */
import type { NormalizedEvent, RetryPlan } from '../types.ts';
import type { FoldContext } from './group.ts';
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
  | { kind: 'scheduled'; soft: SoftState; retry: RetryMessage };

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
  const decision = ctx.decideRetry(plan, history, ctx.now, ctx.random);
  if (decision.kind === 'escalate') {
    const softBounce = {
      attempts: decision.attempts,
      firstFailureAt: history?.firstFailureAt ?? event.occurredAt,
      lastFailureAt: event.occurredAt,
    };
    const note = `persistent soft bounce: ${decision.attempts} attempts since ${softBounce.firstFailureAt}`;
    const next = addEvidence(
      record,
      { ...event, echo: false },
      'persistent-soft-bounce',
      nowIso,
      ctx.config,
      {
        note,
        softBounce,
      },
    );
    return { kind: 'escalated', record: next };
  }
  const dueAt = new Date(decision.dueAt).toISOString();
  const firstFailureAt = history?.firstFailureAt ?? event.occurredAt;
  const windowEnd = Date.parse(firstFailureAt) + plan.window_s * 1000;
  const retry: RetryMessage = {
    schema: 'rebound.retry',
    version: 1,
    retryId: `${event.id}#${decision.attempt}`,
    eventId: event.id,
    recipient: email,
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
    lastFailureAt: later(event.occurredAt, history?.lastFailureAt ?? event.occurredAt),
    lastReply: retry.lastReply,
    reason,
    vendor: event.vendor,
    messageId: event.messageId,
    eventId: event.id,
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
