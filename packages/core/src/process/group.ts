/**
 * Folds the events of one recipient over what the stores hold for it (suppression record,
 * soft-bounce state, event markers) into the writes to make and the retries to enqueue. Pure.
 */
import type { NormalizedEvent } from '../types.ts';
import { expiryAfter, type ProcessConfig } from './config.ts';
import { planEvent } from './plan.ts';
import type { EventMarker, RetryMessage, SoftState, SuppressionRecord } from './records.ts';
import { summarizeReply } from './records.ts';
import type { DecideRetry } from './retry-types.ts';
import { addEvidence, isActive, lift, resubscribeLifts } from './suppression.ts';

/** What the stores hold for one recipient (null = no item). */
export interface GroupSnapshot {
  record: SuppressionRecord | null;
  soft: SoftState | null;
  markers: ReadonlyMap<string, EventMarker | null>;
}

/** Per-event outcome, for metrics and the HTTP answer. */
export type EventOutcome =
  | 'suppressed'
  | 'retry-scheduled'
  | 'escalated'
  | 'soft-cleared'
  | 'unsuppressed'
  | 'resend'
  | 'duplicate'
  | 'in-flight'
  | 'no-change';

/** The writes one recipient needs; `undefined` = leave the item alone, `null` = delete it. */
export interface GroupPlan {
  email: string;
  record: SuppressionRecord | undefined;
  soft: SoftState | null | undefined;
  markers: EventMarker[];
  /** Retries to enqueue once the writes are durable (new ones and ones to re-send). */
  retries: RetryMessage[];
  outcomes: Map<string, EventOutcome>;
}

/** Inputs that are not data: clock, lease owner, config, retry policy. */
export interface FoldContext {
  now: Date;
  leaseId: string;
  config: ProcessConfig;
  decideRetry: DecideRetry;
  random?: () => number;
}

function marker(
  ctx: FoldContext,
  event: NormalizedEvent,
  retries: RetryMessage[],
  prev?: EventMarker | null,
): EventMarker {
  const nowIso = ctx.now.toISOString();
  return {
    eventId: event.id,
    status: retries.length ? 'pending' : 'done',
    retries,
    lease: retries.length ? ctx.leaseId : null,
    leaseUntil: retries.length ? ctx.now.getTime() + ctx.config.leaseMs : 0,
    recordedAt: nowIso,
    version: (prev?.version ?? 0) + 1,
    expiresAt: expiryAfter(nowIso, ctx.config.markerTtlDays) as number,
  };
}

function byTime(a: NormalizedEvent, b: NormalizedEvent): number {
  return a.occurredAt < b.occurredAt ? -1 : a.occurredAt > b.occurredAt ? 1 : a.id < b.id ? -1 : 1;
}

/** Folds one recipient's events (any order; duplicates by id collapse) over its snapshot. */
export function foldGroup(
  email: string,
  events: readonly NormalizedEvent[],
  snap: GroupSnapshot,
  ctx: FoldContext,
): GroupPlan {
  const nowIso = ctx.now.toISOString();
  const plan: GroupPlan = {
    email,
    record: undefined,
    soft: undefined,
    markers: [],
    retries: [],
    outcomes: new Map(),
  };
  let record = snap.record;
  let soft = snap.soft;
  const setRecord = (r: SuppressionRecord) => {
    record = r;
    plan.record = r;
  };
  const setSoft = (s: SoftState | null) => {
    soft = s;
    plan.soft = s;
  };
  for (const event of [...events].sort(byTime)) {
    if (plan.outcomes.has(event.id)) continue;
    const intent = planEvent(event);
    const prev = snap.markers.get(event.id) ?? null;
    if (intent.type !== 'clear-soft' && prev) {
      if (prev.status === 'done') plan.outcomes.set(event.id, 'duplicate');
      else if (prev.lease !== ctx.leaseId && prev.leaseUntil > ctx.now.getTime()) {
        plan.outcomes.set(event.id, 'in-flight');
      } else {
        const claimed = marker(ctx, event, prev.retries, prev);
        plan.markers.push(claimed);
        plan.retries.push(...prev.retries);
        plan.outcomes.set(event.id, 'resend');
      }
      continue;
    }
    let outcome: EventOutcome = 'no-change';
    let retries: RetryMessage[] = [];
    if (intent.type === 'suppress') {
      const next = addEvidence(record, event, intent.reason, nowIso, ctx.config);
      if (next) {
        setRecord(next);
        if (soft) setSoft(null);
        outcome = 'suppressed';
      }
    } else if (intent.type === 'clear-soft') {
      if (soft && soft.lastFailureAt <= event.occurredAt) {
        setSoft(null);
        outcome = 'soft-cleared';
      }
      plan.outcomes.set(event.id, outcome);
      continue; // deliveries need no marker: clearing is idempotent and time-guarded
    } else if (intent.type === 'unsuppress') {
      if (record && resubscribeLifts(record, event)) {
        setRecord(
          lift(
            record,
            { at: event.occurredAt, by: `vendor:${event.vendor}`, why: intent.why },
            nowIso,
          ),
        );
        outcome = 'unsuppressed';
      }
    } else if (
      intent.type === 'soft-bounce' &&
      event.verdict?.retry &&
      !isActive(record, ctx.now)
    ) {
      const history = soft
        ? {
            attempts: soft.attempts,
            firstFailureAt: soft.firstFailureAt,
            lastFailureAt: soft.lastFailureAt,
          }
        : null;
      const decision = ctx.decideRetry(event.verdict.retry, history, ctx.now, ctx.random);
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
          { note, softBounce },
        );
        if (next) setRecord(next);
        setSoft(null);
        outcome = 'escalated';
      } else {
        const dueAt = new Date(decision.dueAt).toISOString();
        const firstFailureAt = history?.firstFailureAt ?? event.occurredAt;
        const windowEnd = Date.parse(firstFailureAt) + event.verdict.retry.window_s * 1000;
        const msg: RetryMessage = {
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
          reason: event.verdict.reason,
          lastReply: summarizeReply(event.reply),
          scheduledAt: nowIso,
        };
        setSoft({
          email,
          attempts: decision.attempt,
          firstFailureAt,
          lastFailureAt:
            event.occurredAt > (history?.lastFailureAt ?? '')
              ? event.occurredAt
              : (history?.lastFailureAt ?? event.occurredAt),
          lastReply: msg.lastReply,
          reason: event.verdict.reason,
          vendor: event.vendor,
          messageId: event.messageId,
          eventId: event.id,
          metadata: event.metadata,
          plan: event.verdict.retry,
          emit: soft?.emit ?? null,
          version: soft?.version ?? 0,
          expiresAt:
            Math.floor(Math.max(windowEnd, Date.parse(dueAt)) / 1000) +
            ctx.config.softStateGraceDays * 86_400,
        });
        retries = [msg];
        outcome = 'retry-scheduled';
      }
    }
    plan.outcomes.set(event.id, outcome);
    if (outcome !== 'no-change') {
      plan.markers.push(marker(ctx, event, retries, prev));
      plan.retries.push(...retries);
    }
  }
  return plan;
}
