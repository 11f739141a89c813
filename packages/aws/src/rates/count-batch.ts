/**
 * Stores a batch's tally exactly once: one TransactWriteItems holding the batch marker
 * (`batch#<digest of the batch's event ids>`, condition attribute_not_exists, TTL 2 days) and
 * ADD updates of the day's counters. A marker that exists means the batch was counted already
 * (a vendor redelivery): nothing changes. Conflicting concurrent transactions on the same
 * counters are retried with jittered backoff; any other failure throws DependencyError (the
 * request answers 5xx and the vendor's redelivery counts the batch). Runs only after the
 * batch's effects are durable.
 */
import { createHash } from 'node:crypto';
import {
  type DynamoDBDocumentClient,
  TransactWriteCommand,
  type TransactWriteCommandInput,
} from '@aws-sdk/lib-dynamodb';
import { type BatchTally, DependencyError, isEmptyTally } from '@rebound/core';
import { backoff } from '../concurrency.ts';
import { dependencyError } from '../errors.ts';
import {
  actionAttr,
  BATCH_MARKER_TTL_S,
  batchKey,
  counterExpiry,
  dayKey,
  RATE_FIELDS,
  RECENT_INDEX_KEYS,
  rateKey,
  reasonAttr,
} from './keys.ts';

type TxRequest = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

/** One counter update: an item key, attributes to SET, numbers (or a string set) to ADD. */
interface CounterOp {
  key: string;
  set: Record<string, string | number>;
  add: Record<string, number | Set<string>>;
}

/** Most counter updates per transaction (DynamoDB's 100 items, one of them the marker). */
export const MAX_OPS_PER_TX = 99;

/** Most ADD terms in one update (keeps the expression well under DynamoDB's 4 KB). */
const MAX_ADDS_PER_OP = 120;

/** What counting did, and what it cost (write units DynamoDB reported, when it did). */
export interface CountResult {
  outcome: 'counted' | 'already-counted' | 'nothing';
  transactions: number;
  writeUnits: number;
}

/** The hex SHA-256 of the batch's sorted distinct event ids. */
export function batchDigest(ids: readonly string[]): string {
  return createHash('sha256').update(ids.join('\n'), 'utf8').digest('hex');
}

/** The counter updates of a tally (a day with many reasons may need more than one update). */
export function counterOps(tally: BatchTally): CounterOp[] {
  const ops: CounterOp[] = [];
  for (const d of tally.days) {
    const expiresAt = counterExpiry(d.day);
    const adds: [string, number][] = [
      ...Object.entries(d.actions).map(([a, n]) => [actionAttr(a), n] as [string, number]),
      ...d.reasons.map((r) => [reasonAttr(r.reason, r.provider), r.count] as [string, number]),
    ];
    const cells = new Set(d.cells.map((c) => `${c.stream}#${c.domain}`));
    for (let i = 0; i === 0 || i < adds.length; i += MAX_ADDS_PER_OP) {
      const add: CounterOp['add'] = Object.fromEntries(adds.slice(i, i + MAX_ADDS_PER_OP));
      if (i === 0 && cells.size) add.cells = cells;
      ops.push({ key: dayKey(d.day), set: { day: d.day, expiresAt }, add });
    }
    for (const c of d.cells) {
      const add: CounterOp['add'] = {};
      for (const f of RATE_FIELDS) if (c[f]) add[f] = c[f];
      ops.push({
        key: rateKey(d.day, c.stream, c.domain),
        set: { day: d.day, stream: c.stream, domain: c.domain, expiresAt },
        add,
      });
    }
  }
  return ops;
}

/** Packs updates into transactions: at most 99 each, never the same item twice in one. */
export function packOps(ops: readonly CounterOp[]): CounterOp[][] {
  const txns: { ops: CounterOp[]; keys: Set<string> }[] = [];
  for (const op of ops) {
    let t = txns.find((x) => x.ops.length < MAX_OPS_PER_TX && !x.keys.has(op.key));
    if (!t) {
      t = { ops: [], keys: new Set() };
      txns.push(t);
    }
    t.ops.push(op);
    t.keys.add(op.key);
  }
  return txns.map((t) => t.ops);
}

function update(table: string, op: CounterOp): TxRequest {
  const names: Record<string, string> = {};
  const values: Record<string, unknown> = {};
  const sets: string[] = [];
  const adds: string[] = [];
  let n = 0;
  for (const [attr, value] of Object.entries(op.set)) {
    names[`#s${n}`] = attr;
    values[`:s${n}`] = value;
    sets.push(`#s${n} = :s${n}`);
    n++;
  }
  for (const [attr, value] of Object.entries(op.add)) {
    names[`#a${n}`] = attr;
    values[`:a${n}`] = value;
    adds.push(`#a${n} :a${n}`);
    n++;
  }
  return {
    Update: {
      TableName: table,
      Key: { pk: op.key },
      UpdateExpression: `SET ${sets.join(', ')}${adds.length ? ` ADD ${adds.join(', ')}` : ''}`,
      ExpressionAttributeNames: names,
      ExpressionAttributeValues: values,
    },
  };
}

/** The batch marker: exists once the batch is counted; the first one carries the recent bounces. */
function marker(
  table: string,
  tally: BatchTally,
  digest: string,
  chunk: number,
  now: Date,
): TxRequest {
  const at = now.toISOString();
  const recent = chunk === 0 && tally.recent.length > 0;
  return {
    Put: {
      TableName: table,
      Item: {
        pk: batchKey(digest, chunk),
        kind: 'batch',
        events: tally.ids.length,
        recordedAt: at,
        expiresAt: Math.floor(now.getTime() / 1000) + BATCH_MARKER_TTL_S,
        ...(recent
          ? {
              [RECENT_INDEX_KEYS.hash]: at.slice(0, 10),
              [RECENT_INDEX_KEYS.range]: `${at}#${digest.slice(0, 16)}`,
              recent: tally.recent,
            }
          : {}),
      },
      ConditionExpression: 'attribute_not_exists(pk)',
    },
  };
}

/** Runs one transaction until it commits or its marker shows it committed before. */
async function runTx(
  doc: DynamoDBDocumentClient,
  items: TxRequest[],
  maxRounds: number,
): Promise<{ committed: boolean; units: number }> {
  for (let round = 0; ; round++) {
    if (round) await backoff(round, 20, 400);
    try {
      const res = await doc.send(
        new TransactWriteCommand({ TransactItems: items, ReturnConsumedCapacity: 'TOTAL' }),
      );
      const units = (res.ConsumedCapacity ?? []).reduce((s, c) => s + (c.CapacityUnits ?? 0), 0);
      return { committed: true, units };
    } catch (err) {
      const name = err instanceof Error ? err.name : '';
      const reasons =
        (err as { CancellationReasons?: { Code?: string }[] }).CancellationReasons ?? [];
      if (name === 'TransactionCanceledException' && reasons[0]?.Code === 'ConditionalCheckFailed')
        return { committed: false, units: 0 };
      const conflict =
        name === 'TransactionConflictException' ||
        (name === 'TransactionCanceledException' &&
          reasons.some((r) => r.Code === 'TransactionConflict') &&
          reasons.every((r) => ['None', 'TransactionConflict', undefined].includes(r.Code)));
      if (!conflict) throw dependencyError('dynamodb', err);
      if (round + 1 >= maxRounds) {
        throw new DependencyError('dynamodb', 'dynamodb: rate counters stayed in conflict');
      }
    }
  }
}

/**
 * Counts a tally once: `counted`, `already-counted` (the marker existed), or `nothing` (no
 * countable event; no request made).
 */
export async function countBatch(
  deps: { doc: DynamoDBDocumentClient; table: string; now: Date; maxRounds?: number },
  tally: BatchTally,
): Promise<CountResult> {
  if (isEmptyTally(tally)) return { outcome: 'nothing', transactions: 0, writeUnits: 0 };
  const digest = batchDigest(tally.ids);
  const txns = packOps(counterOps(tally));
  let counted = 0;
  let units = 0;
  for (const [i, ops] of txns.entries()) {
    const items = [
      marker(deps.table, tally, digest, i, deps.now),
      ...ops.map((op) => update(deps.table, op)),
    ];
    const r = await runTx(deps.doc, items, deps.maxRounds ?? 8);
    if (r.committed) counted++;
    units += r.units;
  }
  return {
    outcome: counted ? 'counted' : 'already-counted',
    transactions: txns.length,
    writeUnits: units,
  };
}
