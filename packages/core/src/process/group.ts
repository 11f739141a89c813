/**
 * Folds the events of one recipient over what the stores hold for it (suppression record,
 * soft-bounce state, event markers) into the writes to make and the retries to enqueue. Pure.
 */
import { DEFAULT_RETRY_POLICY, planRetry } from '../retry/policy.ts';
import type { NormalizedEvent, RetryPlan, Verdict } from '../types.ts';
import { expiryAfter } from './config.ts';
import type { FoldContext } from './fold-context.ts';
import { planEvent } from './plan.ts';
import { applyProbation } from './probation.ts';
import type { EventMarker, RetryMessage, SoftState, SuppressionRecord } from './records.ts';
import { applySoftBounce } from './soft-bounce.ts';
import { type KeyScheme, PLAIN_KEYS, redactAddress, scopeOf } from './streams.ts';
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
  | 'probation'
  | 'gave-up'
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

/** In hash-only mode the stored reply must not carry the address either. */
function redacted(event: NormalizedEvent, keys: KeyScheme): NormalizedEvent {
  if (!keys.hashOnly || !event.reply || !event.recipient) return event;
  return {
    ...event,
    reply: { ...event.reply, text: redactAddress(event.reply.text, event.recipient) },
  };
}

/** The record as stored: under the group's key, with its scope and (unless hash-only) address. */
function keyed(
  record: SuppressionRecord,
  key: string,
  scope: string,
  address: string | null,
  keys: KeyScheme,
): SuppressionRecord {
  const out: SuppressionRecord = { ...record, email: key };
  if (scope !== 'global') out.scope = scope;
  if (address && key !== address && !keys.hashOnly) out.address = address;
  return out;
}

function marker(ctx: FoldContext, event: NormalizedEvent, prev?: EventMarker | null): EventMarker {
  const nowIso = ctx.now.toISOString();
  return {
    eventId: event.id,
    // Done as it commits: the processor enqueues the plan's retries before the transaction.
    status: 'done',
    retries: [],
    lease: null,
    leaseUntil: 0,
    recordedAt: nowIso,
    version: (prev?.version ?? 0) + 1,
    expiresAt: expiryAfter(nowIso, ctx.config.markerTtlDays) as number,
  };
}

function byTime(a: NormalizedEvent, b: NormalizedEvent): number {
  return a.occurredAt < b.occurredAt ? -1 : a.occurredAt > b.occurredAt ? 1 : a.id < b.id ? -1 : 1;
}

/**
 * Folds one key's events (any order; duplicates by id collapse) over its snapshot. `email` is
 * the storage key the events share: the address (global), `stream:<name>:<address>`, or its
 * `hmac:` form in hash-only mode.
 */
export function foldGroup(
  email: string,
  incoming: readonly NormalizedEvent[],
  snap: GroupSnapshot,
  ctx: FoldContext,
): GroupPlan {
  const keys = ctx.keys ?? PLAIN_KEYS;
  const events = incoming.map((e) => redacted(e, keys));
  const first = events[0];
  const scope = first ? scopeOf(first, ctx.config.streams) : 'global';
  const address = first?.recipient ?? null;
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
    const stored = keyed(r, email, scope, address, keys);
    record = stored;
    plan.record = stored;
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
        const claimed = marker(ctx, event, prev);
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
            { at: event.occurredAt, by: `webhook:${event.vendor}`, why: intent.why },
            nowIso,
            ctx.config,
          ),
        );
        outcome = 'unsuppressed';
      }
    } else if (intent.type === 'probation') {
      const result = applyProbation(record, event, ctx.now, ctx.config);
      if (result.kind !== 'unchanged') {
        setRecord(result.record);
        outcome = result.kind === 'escalated' ? 'escalated' : 'probation';
      }
    } else if (
      intent.type === 'soft-bounce' &&
      event.verdict?.retry &&
      !isActive(record, ctx.now)
    ) {
      const result = applySoftBounce(email, event, planOf(event, ctx), record, soft, ctx);
      if (result.kind === 'escalated') {
        if (result.record) setRecord(result.record);
        setSoft(null);
        outcome = 'escalated';
      } else if (result.kind === 'gave-up') {
        if (result.soft !== soft) setSoft(result.soft);
        outcome = 'gave-up';
      } else {
        setSoft(result.soft);
        retries = [result.retry];
        outcome = 'retry-scheduled';
      }
    }
    plan.outcomes.set(event.id, outcome);
    if (outcome !== 'no-change') {
      plan.markers.push(marker(ctx, event, prev));
      plan.retries.push(...retries);
    }
  }
  return plan;
}

/**
 * The retry plan of a soft bounce: the verdict's (built-in policy) unless the deployment
 * configured its own policy, which then plans from the same reply and reason.
 */
function planOf(event: NormalizedEvent, ctx: FoldContext): RetryPlan {
  const verdict = event.verdict as Verdict & { retry: RetryPlan };
  const policy = ctx.config.retryPolicy;
  if (!policy || policy === DEFAULT_RETRY_POLICY) return verdict.retry;
  return planRetry(event.reply, verdict.reason, policy);
}
