/**
 * Applies normalized events durably: read (BatchGetItem) → fold (pure, core) → enqueue the
 * plan's retries → conditional TransactWriteItems (many recipients per call; markers written
 * done) → count the batch's rates. Resolves only when every effect is durable; otherwise throws
 * DependencyError (answer 5xx).
 */
import { randomUUID } from 'node:crypto';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import {
  type DecideRetry,
  DependencyError,
  type EventSink,
  foldGroup,
  type GroupPlan,
  type KeyScheme,
  type NormalizedEvent,
  PLAIN_KEYS,
  type ProcessConfig,
  type ProcessReport,
  planEvent,
  type RetryMessage,
  type RetryScheduler,
  resolveProcessConfig,
  scopeOf,
  storageKeyOf,
  tallyBatch,
} from '@rebound/core';
import { backoff, mapLimit } from '../concurrency.ts';
import type { TableNames } from '../ddb/items.ts';
import { MAX_TX_ITEMS, type TxItem, transact } from '../ddb/transact.ts';
import { dependencyError } from '../errors.ts';
import { rateMarkerKey, recordRates } from '../rates/record-rates.ts';
import { emptyReport, pack, phases } from './batch-shape.ts';
import { coversEvery, groupItems, readMarkers, readSnapshots } from './group-writes.ts';
import { waitForMarkers } from './marker-wait.ts';

/** What the processor needs. */
export interface EventProcessorDeps {
  doc: DynamoDBDocumentClient;
  tables: TableNames;
  scheduler: RetryScheduler;
  now: () => Date;
  decideRetry: DecideRetry;
  config?: Partial<ProcessConfig>;
  random?: () => number;
  /** Optimistic-concurrency rounds before giving up (default 10). */
  maxRounds?: number;
  /** Items per transaction (default 100, DynamoDB's limit). */
  txItems?: number;
  /** Transactions in flight at once (default 4). */
  concurrency?: number;
  /** How long to wait for events another delivery is finishing (default 3000 ms). */
  inflightWaitMs?: number;
  /** Erasure / hash-only key scheme (default: plain keys). */
  keys?: KeyScheme;
}

/** Creates the DynamoDB/SQS event sink the webhook handlers use. */
export function createEventProcessor(deps: EventProcessorDeps): EventSink {
  const config = resolveProcessConfig(deps.config);
  const maxRounds = deps.maxRounds ?? 10;
  const txItems = Math.min(deps.txItems ?? MAX_TX_ITEMS, MAX_TX_ITEMS);
  const keys = deps.keys ?? PLAIN_KEYS;
  const rateDeps = { doc: deps.doc, stateTable: deps.tables.state, now: deps.now };

  /**
   * Reads and folds the open groups for one round. The first round does not read markers (most
   * events are new): a marker that exists cancels its transaction and the next round, which
   * reads them, decides. Groups whose plan would not write a marker for every event are folded
   * again with markers read, and so is every group of a batch whose rate marker exists (a
   * redelivery of a batch applied in full, whose events all have markers).
   */
  async function planRound(
    open: Map<string, NormalizedEvent[]>,
    ctx: Parameters<typeof foldGroup>[3],
    first: boolean,
    batchMarker: string | null,
  ) {
    const { snaps, probed } = await readSnapshots(deps.doc, deps.tables, open, {
      markers: !first,
      ...(first && batchMarker ? { probe: batchMarker } : {}),
    });
    if (first && probed) await readMarkers(deps.doc, deps.tables, open, snaps);
    const plans = new Map<string, GroupPlan>();
    for (const [email, events] of open) {
      plans.set(email, foldGroup(email, events, snaps.get(email)!, ctx));
    }
    if (first && !probed) {
      const unsure = new Map([...open].filter(([e, evs]) => !coversEvery(plans.get(e)!, evs)));
      if (unsure.size) {
        await readMarkers(deps.doc, deps.tables, unsure, snaps);
        for (const [email, events] of unsure) {
          plans.set(email, foldGroup(email, events, snaps.get(email)!, ctx));
        }
      }
    }
    return { snaps, plans };
  }

  /** Sends retry messages; throws DependencyError (5xx, nothing committed yet) when any failed. */
  async function enqueue(retries: RetryMessage[]) {
    if (!retries.length) return;
    const result = await deps.scheduler.schedule(retries).catch((err: unknown) => {
      throw dependencyError('sqs', err);
    });
    if (result.failed.length) {
      throw new DependencyError('sqs', `sqs: ${result.failed.length} retry message(s) not sent`);
    }
  }

  async function runPhase(
    groups: Map<string, NormalizedEvent[]>,
    leaseId: string,
    report: ProcessReport,
    batchMarker: string | null,
  ) {
    const open = new Map(groups);
    const done: GroupPlan[] = [];
    for (let round = 0; round < maxRounds && open.size; round++) {
      if (round) await backoff(round, 20, 500);
      const ctx = {
        now: deps.now(),
        leaseId,
        config,
        decideRetry: deps.decideRetry,
        random: deps.random,
        keys,
      };
      const { snaps, plans } = await planRound(open, ctx, round === 0, batchMarker);
      const writes: { plan: GroupPlan; items: TxItem[] }[] = [];
      for (const [email] of open) {
        const snap = snaps.get(email)!;
        const plan = plans.get(email)!;
        const items = groupItems(deps.tables, plan, snap);
        if (items.length) writes.push({ plan, items });
        else {
          done.push(plan);
          open.delete(email);
        }
      }
      // The retries go on the queue before their state commits: once the transaction commits,
      // the event is done (its marker is written `done`). A transaction cancelled here leaves
      // messages whose attempt it never committed; the worker drops them (the soft-bounce state
      // names the event of each attempt), and a re-planned event sends the same retry id again.
      await enqueue(writes.flatMap((w) => w.plan.retries));
      const txns = pack(writes, txItems);
      let failure: unknown = null;
      const results = await mapLimit(txns, deps.concurrency ?? 4, (t) =>
        transact(deps.doc, t.items).catch((err: unknown) => {
          failure ??= err;
          return 'failed' as const;
        }),
      );
      txns.forEach((t, i) => {
        if (results[i] !== 'committed') return;
        for (const plan of t.plans) {
          done.push(plan);
          open.delete(plan.email);
        }
      });
      // What committed is done; the rest is redone by the vendor's redelivery (5xx).
      if (failure) throw failure;
    }
    if (open.size) {
      throw new DependencyError(
        'dynamodb',
        `dynamodb: write contention on ${open.size} recipient(s)`,
      );
    }
    for (const plan of done) for (const o of plan.outcomes.values()) report.outcomes[o]++;
    const inflight = done.flatMap((p) =>
      [...p.outcomes].filter(([, o]) => o === 'in-flight').map(([id]) => id),
    );
    if (inflight.length) await waitForMarkers(deps, inflight, deps.inflightWaitMs ?? 3_000);
  }

  return {
    async process(events) {
      const report = emptyReport(events.length);
      const groups = new Map<string, NormalizedEvent[]>();
      const seen = new Set<string>();
      for (const event of events) {
        const intent = planEvent(event);
        if (intent.type === 'none') {
          const key =
            intent.metric === 'ConfigErrors'
              ? 'config-error'
              : intent.metric === 'PolicyBlocks'
                ? 'policy-block'
                : 'ignored';
          report.outcomes[key]++;
          continue;
        }
        if (seen.has(event.id)) {
          report.outcomes.duplicate++;
          continue;
        }
        seen.add(event.id);
        // One group per storage key: the address, or a stream's key for a stream's complaint.
        const key = storageKeyOf(event.recipient as string, scopeOf(event, config.streams), keys);
        if (!groups.has(key)) groups.set(key, []);
        groups.get(key)!.push(event);
      }
      const leaseId = randomUUID();
      const tally = tallyBatch(events, {
        streams: config.streams,
        hashOnly: keys.hashOnly,
        now: deps.now(),
      });
      const batchMarker = rateMarkerKey(tally);
      for (const phase of phases(groups)) await runPhase(phase, leaseId, report, batchMarker);
      // Rates are counted once per batch, and only now that every effect is durable.
      const counted = await recordRates(rateDeps, tally);
      if (counted) report.counted = counted;
      return report;
    },
  };
}
