/**
 * One sync run of one vendor, resumable: claim the cursor, **pull** the vendor's lists page by
 * page into the event processor (echo events: they create missing records, never bump or
 * re-suppress one), then **reconcile** the Suppressions table page by page (push to SES what
 * it lacks, repeat lifts at the vendor), saving the position after every page. A run that dies
 * leaves its position; the next run of the vendor continues there. A dry run reads the same
 * and writes nothing anywhere: not Rebound's tables, not the vendor, not the cursor.
 */
import { randomUUID } from 'node:crypto';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import {
  decideRetry,
  type KeyScheme,
  type NormalizedEvent,
  type ProcessConfig,
  type RetryScheduler,
} from '@rebound/core';
import type { TableNames } from '../ddb/items.ts';
import { createEventProcessor } from '../ingest/event-processor.ts';
import { createSuppressionStore } from '../suppression/store.ts';
import { type ReconcileAction, type ReconcileContext, reconcileRecord } from './reconcile.ts';
import { scanPage } from './suppression-scan.ts';
import { createCursorStore, type SyncCursor, type SyncDone, type SyncRun } from './sync-cursor.ts';
import { SyncBusyError, SyncError, SyncPositionError } from './sync-errors.ts';
import { pulledEvent, suppresses } from './sync-events.ts';
import {
  type PullPage,
  type SyncCounts,
  type SyncVendor,
  type VendorSyncAdapter,
  zeroCounts,
} from './sync-types.ts';

/** A progress report, after every page. */
export interface SyncProgress {
  vendor: SyncVendor;
  /** `pull`: reading and feeding; `list`: re-reading the vendor's list only; `reconcile`. */
  phase: 'pull' | 'list' | 'reconcile';
  where: string;
  counts: SyncCounts;
}

/** One address the run acts on (in a dry run: would act on). */
export interface SyncItem {
  action: 'create' | 'push' | 'lift';
  address: string;
  /** The reason, the SES reason, or the lift and its outcome. */
  detail: string;
}

/** What a run needs. */
export interface SyncRunDeps {
  adapter: VendorSyncAdapter;
  doc: DynamoDBDocumentClient;
  tables: TableNames;
  now?: () => Date;
  /** Read everything, write nothing, report what a run would do. */
  dryRun?: boolean;
  /**
   * The window's start (ISO), `null` for everything; absent: since the last completed run
   * began. A given `since` starts a new run instead of resuming an unfinished one.
   */
  since?: string | null;
  /** Pulls reach this far before `since`, for entries the vendor listed late (default 1 h). */
  overlapMs?: number;
  /** How long a run holds the cursor after each save (default 5 min). */
  leaseMs?: number;
  /** Asked before every page: true stops the run there, resumable (a Lambda near its timeout). */
  shouldStop?: () => boolean;
  onProgress?: (p: SyncProgress) => void;
  onItem?: (item: SyncItem) => void;
  processConfig?: Partial<ProcessConfig>;
  /** The deployment's key scheme (erasure / hash-only), as the webhooks use it (default: plain). */
  keys?: KeyScheme;
  /** Suppressions items read per scan page (default 1000). */
  scanLimit?: number;
}

/** How a run ended. */
export interface SyncResult {
  vendor: SyncVendor;
  /** `paused`: stopped by `shouldStop`; the next run continues. */
  status: 'completed' | 'paused';
  dryRun: boolean;
  /** Whether it continued a run that had stopped. */
  resumed: boolean;
  since: string | null;
  /** The run's start: the end of its window. */
  until: string;
  counts: SyncCounts;
  ms: number;
}

/** Sync events never schedule retries (only suppressions are fed); this says so if one tried. */
const NO_RETRIES: RetryScheduler = {
  async schedule(messages) {
    if (messages.length) throw new Error('a sync event tried to schedule a retry');
    return { sent: [], failed: [] };
  },
};

/** Runs (or resumes) one vendor's sync. Throws SyncError subclasses and DependencyError. */
export async function runSync(deps: SyncRunDeps): Promise<SyncResult> {
  const { adapter, doc, tables } = deps;
  const vendor = adapter.vendor;
  const now = deps.now ?? (() => new Date());
  const dryRun = deps.dryRun ?? false;
  const leaseMs = deps.leaseMs ?? 300_000;
  const overlapMs = deps.overlapMs ?? 3_600_000;
  const clockStart = Date.now();
  const cursors = createCursorStore({ doc, table: tables.state, vendor });
  let cursor: SyncCursor = await cursors.read();
  const t0 = now();

  const held = cursor.run;
  if (!dryRun && held && held.leaseUntil > t0.getTime()) {
    throw new SyncBusyError(vendor, new Date(held.leaseUntil).toISOString());
  }
  const resumed = !dryRun && held !== null && deps.since === undefined;
  const run: SyncRun =
    resumed && held
      ? { ...held, counts: { ...zeroCounts(), ...held.counts } }
      : {
          id: randomUUID(),
          startedAt: t0.toISOString(),
          since: deps.since !== undefined ? deps.since : (cursor.last?.startedAt ?? null),
          phase: 'pull',
          position: null,
          scanKey: null,
          counts: zeroCounts(),
          leaseUntil: 0,
        };
  const counts = run.counts;
  const waitsBefore = counts.rateLimitWaits;
  const syncWaits = () => {
    counts.rateLimitWaits = waitsBefore + adapter.rateLimitWaits;
  };

  /** Saves the cursor (holding the lease, or releasing it with `lease: 0`, or finishing). */
  async function save(opts: { lease?: number; done?: SyncDone } = {}) {
    if (dryRun) return;
    syncWaits();
    const t = now();
    const next: SyncCursor = {
      ...cursor,
      run: opts.done ? null : { ...run, leaseUntil: opts.lease ?? t.getTime() + leaseMs },
      last: opts.done ?? cursor.last,
    };
    const stored = await cursors.write(next, t.toISOString());
    if (!stored) {
      throw new SyncError(vendor, `another ${vendor} sync took over the cursor; this run stopped`);
    }
    cursor = stored;
  }

  const result = (status: SyncResult['status']): SyncResult => {
    syncWaits();
    return {
      vendor,
      status,
      dryRun,
      resumed,
      since: run.since,
      until: run.startedAt,
      counts,
      ms: Date.now() - clockStart,
    };
  };

  await save();
  try {
    const outcome = await phases();
    if (outcome === 'paused') {
      await save({ lease: 0 });
      return result('paused');
    }
    await save({
      done: {
        startedAt: run.startedAt,
        finishedAt: now().toISOString(),
        since: run.since,
        counts,
      },
    });
    return result('completed');
  } catch (err) {
    // Let the next run resume at once; a run that cannot even do this leaves its lease to expire.
    if (!(err instanceof SyncBusyError)) await save({ lease: 0 }).catch(() => undefined);
    throw err;
  }

  async function phases(): Promise<'done' | 'paused'> {
    const pullSince = run.since ? new Date(Date.parse(run.since) - overlapMs).toISOString() : null;
    const vendorList = adapter.needsFullList ? new Map<string, string>() : null;
    let listComplete = run.phase === 'pull' && run.position === null;
    const processor = createEventProcessor({
      doc,
      tables,
      now,
      decideRetry,
      scheduler: NO_RETRIES,
      ...(deps.processConfig ? { config: deps.processConfig } : {}),
      ...(deps.keys ? { keys: deps.keys } : {}),
    });
    const store = createSuppressionStore({
      doc,
      table: tables.suppressions,
      now,
      ...(deps.keys ? { keys: deps.keys } : {}),
    });
    const wouldCreate = new Set<string>();

    const remember = (page: PullPage) => {
      if (!vendorList) return;
      for (const e of page.entries) {
        const ev = pulledEvent(e);
        if (ev?.recipient) vendorList.set(ev.recipient, e.createdAt);
      }
    };

    async function feed(page: PullPage) {
      counts.pulled += page.entries.length;
      counts.skipped += page.unreadable;
      const events: NormalizedEvent[] = [];
      for (const entry of page.entries) {
        const event = pullSince && entry.createdAt < pullSince ? null : pulledEvent(entry);
        if (event && suppresses(event)) events.push(event);
        else counts.skipped++;
      }
      if (!events.length) return;
      if (dryRun) {
        const found = await store.checkSuppressions(events.map((e) => e.recipient as string));
        for (const e of events) {
          const address = e.recipient as string;
          if (found.get(address) || wouldCreate.has(address)) counts.known++;
          else {
            wouldCreate.add(address);
            counts.created++;
            deps.onItem?.({ action: 'create', address, detail: createDetail(e) });
          }
        }
        return;
      }
      const report = await processor.process(events);
      counts.created += report.outcomes.suppressed;
      counts.known += events.length - report.outcomes.suppressed;
    }

    const progress = (phase: SyncProgress['phase'], where: string) => {
      syncWaits();
      deps.onProgress?.({ vendor, phase, where, counts });
    };

    while (run.phase === 'pull') {
      if (deps.shouldStop?.()) return 'paused';
      let page: PullPage;
      try {
        page = await adapter.pull(run.position, pullSince, run.startedAt);
      } catch (err) {
        if (!(err instanceof SyncPositionError) || run.position === null) throw err;
        // The vendor forgot the stored position: pull again from the start (idempotent).
        run.position = null;
        vendorList?.clear();
        listComplete = true;
        continue;
      }
      remember(page);
      await feed(page);
      run.position = page.next;
      if (!page.next) {
        run.phase = 'reconcile';
        run.scanKey = null;
      }
      progress('pull', page.where);
      await save();
    }

    if (vendorList && !listComplete) {
      // A resumed run lost the pages it pulled before: read the whole list again, feeding nothing.
      let position = null as PullPage['next'];
      do {
        if (deps.shouldStop?.()) return 'paused';
        const page = await adapter.pull(position, null, run.startedAt);
        remember(page);
        position = page.next;
        progress('list', page.where);
      } while (position);
    }

    const ctx: ReconcileContext = {
      vendor,
      lifts: adapter.lifts,
      push: adapter.push !== undefined,
      vendorList,
      since: run.since,
      until: run.startedAt,
      now: now(),
    };
    const statuses = ctx.push ? ['suppressed', 'unsuppressed'] : ['unsuppressed'];
    while (run.phase === 'reconcile') {
      if (deps.shouldStop?.()) return 'paused';
      const page = await scanPage(
        doc,
        tables.suppressions,
        run.scanKey,
        statuses,
        deps.scanLimit ?? 1000,
      );
      const actions = page.records
        .map((r) => reconcileRecord(r, ctx))
        .filter((a): a is ReconcileAction => a !== null);
      await act(actions);
      run.scanKey = page.next;
      progress('reconcile', `${page.scanned} records`);
      if (!page.next) return 'done';
      await save();
    }
    return 'done';

    async function act(actions: ReconcileAction[]) {
      const pushes = actions.flatMap((a) => (a.type === 'push' ? [a] : []));
      const lifts = actions.flatMap((a) => (a.type === 'lift' ? [a] : []));
      if (pushes.length && adapter.push) {
        if (!dryRun) await adapter.push(pushes);
        for (const p of pushes) {
          vendorList?.set(p.address, ctx.until);
          counts.pushed++;
          deps.onItem?.({ action: 'push', address: p.address, detail: p.reason });
        }
      }
      if (!lifts.length) return;
      const why = (l: (typeof lifts)[number]) => `lifted ${l.at} by ${l.by}: ${l.why}`;
      if (dryRun) {
        for (const l of lifts) {
          counts.lifted++;
          deps.onItem?.({ action: 'lift', address: l.address, detail: why(l) });
        }
        return;
      }
      const outcomes = await adapter.lift(lifts.map((l) => l.address));
      outcomes.forEach((o, i) => {
        if (o.result === 'lifted') counts.lifted++;
        else if (o.result === 'absent') counts.liftAbsent++;
        else counts.liftRefused++;
        const l = lifts[i];
        const detail = `${l ? why(l) : ''} → ${o.result} (${o.detail})`;
        deps.onItem?.({ action: 'lift', address: o.address, detail });
      });
    }
  }
}

/** `vendor-suppressed from sendgrid:sync/bounces`. */
function createDetail(e: NormalizedEvent): string {
  return `${e.verdict?.reason ?? 'suppress'} from ${(e.hints.labels ?? []).join(' ')}`;
}
