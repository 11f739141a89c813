/**
 * What one Rebound suppression record means for a vendor's list, pure: push it (an active
 * global suppression SES does not have), lift it there (a lift inside the run's window, by
 * anyone for SES, forced by a human for SendGrid and Postmark), or nothing. Records are read
 * defensively: `history`, `lifted` and `scope` may be absent on old records.
 */
import { isActive, parseSuppressionKey, type SuppressionRecord } from '@rebound/core';
import type { SesReason, SyncVendor } from './sync-types.ts';
import { sesReasonFor } from './vendor-lists.ts';

/** What the decision needs besides the record. */
export interface ReconcileContext {
  vendor: SyncVendor;
  lifts: 'any' | 'human-forced';
  /** Whether the vendor takes pushes (SES). */
  push: boolean;
  /** The vendor's whole list (normalized address → its time, ISO), when the run read it. */
  vendorList: ReadonlyMap<string, string> | null;
  /** The lift window is (since, until]: lifts after the last run began, up to this one's start. */
  since: string | null;
  until: string;
  now: Date;
}

/** One thing to do at the vendor. */
export type ReconcileAction =
  | { type: 'push'; address: string; reason: SesReason }
  | { type: 'lift'; address: string; at: string; by: string; why: string };

/** A lift as recorded: the `lifted` field, else the last history entry that is a lift. */
export interface LiftSeen {
  at: string;
  by: string;
  why: string;
}

const text = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null);

/** A history entry as stored, every field unchecked (old items, future fields such as `force`). */
interface StoredHistoryEntry {
  at?: unknown;
  by?: unknown;
  change?: unknown;
  why?: unknown;
  force?: unknown;
}

/** The history of a record, whatever shape an old item has (absent, not a list, junk entries). */
function historyOf(record: SuppressionRecord): StoredHistoryEntry[] {
  const h = (record as { history?: unknown }).history;
  return Array.isArray(h) ? h.filter((e) => e !== null && typeof e === 'object') : [];
}

/** The record's last lift, or null when it shows none. */
export function liftOf(record: SuppressionRecord): LiftSeen | null {
  const l = (record as { lifted?: unknown }).lifted as Record<string, unknown> | undefined;
  const at = text(l?.at);
  if (at) return { at, by: text(l?.by) ?? 'unknown', why: text(l?.why) ?? '' };
  const last = [...historyOf(record)].reverse().find((e) => e.change === 'lifted');
  const lastAt = text(last?.at);
  return lastAt
    ? { at: lastAt, by: text(last?.by) ?? 'unknown', why: text(last?.why) ?? '' }
    : null;
}

/** `cli` (or `cli:<who>`) or `api:<key name>`: a person, not a webhook, the worker or a rule. */
function byHuman(by: string): boolean {
  return by === 'cli' || by.startsWith('cli:') || /^api:.+/.test(by);
}

/** What the suppression store appends to the `why` of a forced lift (`why (forced)`). */
const FORCED_WHY = /\(forced\)\s*$/;

/**
 * Whether the record's last change is a lift a human forced: its last history entry is
 * `change: 'lifted'`, made through the API (`api:<name>`) or the CLI (`cli`), and forced —
 * `force: true` on the entry, or the `(forced)` the suppression store appends to its `why`.
 * A record without history shows no such lift.
 *
 * @example isHumanForcedLift({ status: 'unsuppressed', history: [{ change: 'lifted', by: 'cli', why: 'asked (forced)', at }] }) // true
 */
export function isHumanForcedLift(record: SuppressionRecord): boolean {
  if (record.status !== 'unsuppressed') return false;
  const last = historyOf(record).at(-1);
  if (last?.change !== 'lifted') return false;
  const by = text(last.by);
  const why = text(last.why);
  const forced = last.force === true || (why !== null && FORCED_WHY.test(why));
  return by !== null && byHuman(by) && forced;
}

/** The plain address of a global suppression key, or null (stream, erased, malformed, scoped). */
export function globalAddress(record: SuppressionRecord): string | null {
  const scope = (record as { scope?: unknown }).scope;
  if (scope !== undefined && scope !== 'global') return null;
  const key = typeof record.email === 'string' ? parseSuppressionKey(record.email) : null;
  return key?.kind === 'global' ? key.address : null;
}

/** What to do at the vendor for one record; null for nothing. */
export function reconcileRecord(
  record: SuppressionRecord,
  ctx: ReconcileContext,
): ReconcileAction | null {
  const address = globalAddress(record);
  if (!address) return null;
  if (record.status === 'suppressed') {
    if (!ctx.push || !ctx.vendorList || !isActive(record, ctx.now)) return null;
    if (ctx.vendorList.has(address)) return null;
    return { type: 'push', address, reason: sesReasonFor(record.reason) };
  }
  if (record.status !== 'unsuppressed') return null;
  const lift = liftOf(record);
  if (!lift || lift.at > ctx.until || (ctx.since !== null && lift.at <= ctx.since)) return null;
  if (ctx.lifts === 'human-forced' && !isHumanForcedLift(record)) return null;
  if (ctx.vendorList) {
    // Only where the vendor still has it, and only if its entry is older than the lift: an
    // address the vendor suppressed again after the lift stays suppressed there.
    const listed = ctx.vendorList.get(address);
    if (listed === undefined || listed > lift.at) return null;
  }
  return { type: 'lift', address, ...lift };
}
