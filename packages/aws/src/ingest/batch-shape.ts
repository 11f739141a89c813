/**
 * Batch shaping for the processor: phases (no recipient has more events in one phase than fit
 * a transaction), packing group writes into ≤100-item transactions, the empty report.
 */
import type { GroupPlan, NormalizedEvent, ProcessReport } from '@rebound/core';
import type { TxItem } from '../ddb/transact.ts';

/** Most events of one recipient per phase (a transaction holds 100 items). */
export const MAX_GROUP_EVENTS = 90;

/** An empty report for `received` events. */
export function emptyReport(received: number): ProcessReport {
  const zero = {
    suppressed: 0,
    'retry-scheduled': 0,
    escalated: 0,
    probation: 0,
    'gave-up': 0,
    'soft-cleared': 0,
    unsuppressed: 0,
    resend: 0,
    duplicate: 0,
    'in-flight': 0,
    'no-change': 0,
    ignored: 0,
    'config-error': 0,
    'policy-block': 0,
  };
  return { received, outcomes: zero };
}

/** Splits groups into phases so no recipient has more events in one phase than fit a transaction. */
export function phases(groups: Map<string, NormalizedEvent[]>): Map<string, NormalizedEvent[]>[] {
  const out: Map<string, NormalizedEvent[]>[] = [];
  for (const [email, events] of groups) {
    for (let i = 0, p = 0; i < events.length; i += MAX_GROUP_EVENTS, p++) {
      out[p] ??= new Map();
      out[p]!.set(email, events.slice(i, i + MAX_GROUP_EVENTS));
    }
  }
  return out;
}

/** Packs group plans into transactions without splitting a group. */
export function pack(plans: { plan: GroupPlan; items: TxItem[] }[], max: number) {
  const txns: { plans: GroupPlan[]; items: TxItem[] }[] = [];
  let cur: { plans: GroupPlan[]; items: TxItem[] } = { plans: [], items: [] };
  for (const p of plans) {
    if (cur.items.length + p.items.length > max && cur.items.length) {
      txns.push(cur);
      cur = { plans: [], items: [] };
    }
    cur.plans.push(p.plan);
    cur.items.push(...p.items);
  }
  if (cur.items.length) txns.push(cur);
  return txns;
}
