/**
 * What the retry worker does with one RetryQueue message: hop (not due yet), claim and emit
 * the retry-due message, wait for another holder, or drop it (superseded, suppressed, done). Pure.
 */
import type { RetryDueMessage, RetryMessage, SoftState, SuppressionRecord } from './records.ts';
import { isActive } from './suppression.ts';

/** The longest SQS `DelaySeconds`. */
export const MAX_DELAY_S = 900;

/** Why a message is dropped without output. */
export type DropReason =
  | 'suppressed'
  | 'no-soft-state'
  | 'superseded'
  | 'already-emitted'
  | 'not-committed';

/** The worker's step for one message. */
export type WorkerStep =
  | { type: 'hop'; delaySeconds: number }
  | { type: 'claim' }
  | { type: 'wait' }
  | { type: 'drop'; reason: DropReason };

/** Seconds until `dueAt`, rounded up, clamped to [0, 900]. */
export function delayUntil(dueAt: string, now: Date): number {
  const s = Math.ceil((Date.parse(dueAt) - now.getTime()) / 1000);
  return Math.min(MAX_DELAY_S, Math.max(0, s));
}

/**
 * Decides one message's step. Due when `dueAt <= now`. A claim is allowed when the soft state
 * still covers this attempt and no claim for it (or a later one) is done or held by another.
 */
export function workerStep(
  msg: RetryMessage,
  messageId: string,
  soft: SoftState | null,
  record: SuppressionRecord | null,
  now: Date,
): WorkerStep {
  const wait = delayUntil(msg.dueAt, now);
  if (wait > 0) return { type: 'hop', delaySeconds: wait };
  if (isActive(record, now)) return { type: 'drop', reason: 'suppressed' };
  if (!soft) return { type: 'drop', reason: 'no-soft-state' };
  if (soft.attempts < msg.attempt) return { type: 'drop', reason: 'no-soft-state' };
  // Retries are enqueued before their state commits: a message for an attempt that another
  // event committed (its own transaction was cancelled and re-planned) is not this attempt.
  const owner = soft.attemptEvents?.[msg.attempt - 1];
  if (owner && msg.retryId !== `${owner}#${msg.attempt}`) {
    return { type: 'drop', reason: 'not-committed' };
  }
  const emit = soft.emit;
  if (!emit || emit.attempt < msg.attempt) return { type: 'claim' };
  if (emit.attempt > msg.attempt) return { type: 'drop', reason: 'superseded' };
  if (emit.status === 'done') return { type: 'drop', reason: 'already-emitted' };
  if (emit.claim === messageId || emit.leaseUntil <= now.getTime()) return { type: 'claim' };
  return { type: 'wait' };
}

/** The retry-due message for a claimed retry. */
export function retryDueOf(msg: RetryMessage, soft: SoftState, now: Date): RetryDueMessage {
  return {
    schema: 'rebound.retry-due',
    version: 1,
    retryId: msg.retryId,
    recipient: msg.recipient,
    messageId: msg.messageId,
    vendor: msg.vendor,
    metadata: msg.metadata,
    attempt: msg.attempt,
    dueAt: msg.dueAt,
    reason: msg.reason,
    lastReply: msg.lastReply,
    firstFailureAt: soft.firstFailureAt,
    emittedAt: now.toISOString(),
  };
}

/** Reads a RetryQueue body; returns null when it is not a v1 retry message (a poison message). */
export function parseRetryMessage(body: string): RetryMessage | null {
  let v: unknown;
  try {
    v = JSON.parse(body);
  } catch {
    return null;
  }
  if (!v || typeof v !== 'object') return null;
  const m = v as Partial<RetryMessage>;
  const ok =
    m.schema === 'rebound.retry' &&
    m.version === 1 &&
    typeof m.recipient === 'string' &&
    typeof m.retryId === 'string' &&
    typeof m.attempt === 'number' &&
    Number.isInteger(m.attempt) &&
    m.attempt > 0 &&
    typeof m.dueAt === 'string' &&
    !Number.isNaN(Date.parse(m.dueAt));
  return ok ? (m as RetryMessage) : null;
}
