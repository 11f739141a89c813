/**
 * Full contents of a rig's Suppressions table, State table and retry queue, for comparing a run
 * with a clean single delivery, and the lost/doubled counts between two snapshots.
 */
import { type Rig, sorted } from '../aws/e2e.ts';

type Item = Record<string, unknown>;

/** Tables and queue contents; `omit` names attributes left out (see each caller's reason). */
export interface Snapshot {
  suppressions: Item[];
  state: Item[];
  /** Retry message bodies (parsed), sorted by retryId. */
  retries: Item[];
}

/**
 * Processing-time view, for runs whose redelivery happened later than the reference delivery:
 * every attribute that is the clock at the write that made it differs by exactly that delay.
 * Suppressions lose `updatedAt` (time of the last write) and their history entries' `at` (the
 * time of each change); batch markers lose `recordedAt`, `recentAt`, `recentDay` and `expiresAt`;
 * event markers lose `recordedAt`, `expiresAt`
 * (= recordedAt + 7 d) and `version` (a marker taken over after a crash is written more often);
 * soft states lose `expiresAt` (= due time + 7 d); retry messages (queued and on markers) keep
 * their delay `dueAt - scheduledAt` instead of the two instants. Everything else must match.
 */
export interface View {
  processingTime?: boolean;
}

const without = (item: Item, keys: string[]) =>
  Object.fromEntries(Object.entries(item).filter(([k]) => !keys.includes(k)));

function retryView(m: Item): Item {
  const delayMs = Date.parse(String(m.dueAt)) - Date.parse(String(m.scheduledAt));
  return { ...without(m, ['dueAt', 'scheduledAt']), delayMs };
}

function stateView(i: Item): Item {
  // Batch markers (rate counters, once per batch) are written at processing time.
  if (String(i.pk).startsWith('batch#'))
    return without(i, ['expiresAt', 'recordedAt', 'recentAt', 'recentDay']);
  if (!String(i.pk).startsWith('event#')) return without(i, ['expiresAt']);
  const m = without(i, ['recordedAt', 'expiresAt', 'version']);
  return { ...m, retries: (i.retries as Item[]).map(retryView) };
}

/** Reads everything (consistent scans, non-destructive queue inspection). */
export async function snapshot(rig: Rig, view: View = {}): Promise<Snapshot> {
  const supp = sorted(await rig.scan(rig.stack.tables.suppressions), 'email');
  const state = sorted(await rig.scan(rig.stack.tables.state), 'pk');
  const retries = rig
    .queued(rig.stack.retryQueueUrl)
    .map((m) => JSON.parse(m.body) as Item)
    .sort((a, b) => String(a.retryId).localeCompare(String(b.retryId)));
  if (!view.processingTime) return { suppressions: supp, state, retries };
  return {
    suppressions: supp.map((i) => ({
      ...without(i, ['updatedAt']),
      ...(Array.isArray(i.history)
        ? { history: (i.history as Item[]).map((h) => without(h, ['at'])) }
        : {}),
    })),
    state: state.map(stateView),
    retries: retries.map(retryView),
  };
}

const keyOf = (i: Item) => String(i.email ?? i.pk ?? i.retryId);

/**
 * Effects missing from `got` (records, state items, retries `want` has, or evidence counts below
 * it) and doubled (records or retries that should not be there, counts above `want`). RetryQueue
 * is at-least-once, like SQS itself: a retry queued twice with the same `retryId` is not a doubled
 * event (the retry worker emits one retry-due message per retryId); it is counted in `resent`.
 */
export function lostAndDoubled(
  got: Snapshot,
  want: Snapshot,
): { lost: number; doubled: number; resent: number; orphaned: number } {
  let lost = 0;
  let doubled = 0;
  let resent = 0;
  // Retries are enqueued before their state commits: a delivery whose transaction lost leaves
  // messages for attempts it never committed. The worker drops them (the soft-bounce state
  // names each attempt's event); they are counted, not doubled.
  let orphaned = 0;
  for (const part of ['suppressions', 'state', 'retries'] as const) {
    const have = new Map<string, Item[]>();
    for (const i of got[part]) have.set(keyOf(i), [...(have.get(keyOf(i)) ?? []), i]);
    const expected = new Map<string, Item>(want[part].map((i) => [keyOf(i), i]));
    for (const [k, w] of expected) {
      const g = have.get(k) ?? [];
      if (!g.length) lost++;
      if (part === 'retries') resent += Math.max(0, g.length - 1);
      else doubled += Math.max(0, g.length - 1);
      const diff = Number(g[0]?.count ?? w.count ?? 0) - Number(w.count ?? 0);
      if (diff > 0) doubled += diff;
      if (diff < 0) lost -= diff;
    }
    for (const [k, g] of have) {
      if (expected.has(k)) continue;
      if (part === 'retries') orphaned += g.length;
      else doubled += g.length;
    }
  }
  return { lost, doubled, resent, orphaned };
}

/** The snapshot with each retry once (what the retry worker turns into retry-due messages). */
export function distinctRetries(s: Snapshot): Snapshot {
  const seen = new Set<string>();
  const retries = s.retries.filter(
    (m) => !seen.has(String(m.retryId)) && seen.add(String(m.retryId)),
  );
  return { ...s, retries };
}
