/**
 * TransactWriteItems emulated with single-item writes, for dynalite (which lacks it): validate as
 * DynamoDB does, apply every item as a conditional write, and undo them all if any condition fails.
 */

import { type AttrMap, type DdbCall, type Planned, plan, Stop, type TxAnswer } from './tx-plan.ts';

interface Reason {
  Code: string;
  Message?: string;
  Item?: unknown;
}

const CCF = '#ConditionalCheckFailedException';

/** The condition part of an item, as PutItem/DeleteItem/UpdateItem take it. */
function condition(spec: AttrMap): AttrMap {
  const out: AttrMap = {};
  for (const k of [
    'ConditionExpression',
    'ExpressionAttributeNames',
    'ExpressionAttributeValues',
  ]) {
    if (spec[k] !== undefined) out[k] = spec[k];
  }
  return out;
}

/** The write for one item; `null` old image = the item did not exist. */
async function write(call: DdbCall, p: Planned) {
  const { spec, table: TableName, key: Key } = p;
  if (p.kind === 'ConditionCheck') {
    // Evaluate the condition with a same-image conditional PutItem, then put things back.
    const got = await call('GetItem', { TableName, Key, ConsistentRead: true });
    if (got.status !== 200) return { res: got, wrote: false };
    const Item = (got.body.Item as AttrMap | undefined) ?? Key;
    const res = await call('PutItem', { TableName, Item, ...condition(spec) });
    if (res.status === 200 && !got.body.Item) await must(call('DeleteItem', { TableName, Key }));
    return { res, wrote: false };
  }
  const op = { Put: 'PutItem', Delete: 'DeleteItem', Update: 'UpdateItem' }[p.kind];
  const body: AttrMap = { TableName, ...condition(spec), ReturnValues: 'ALL_OLD' };
  if (p.kind === 'Put') body.Item = spec.Item;
  else body.Key = Key;
  if (p.kind === 'Update') body.UpdateExpression = spec.UpdateExpression;
  return { res: await call(op, body), wrote: true };
}

async function must(pending: ReturnType<DdbCall>): Promise<void> {
  const res = await pending;
  if (res.status !== 200) throw new Error(`rollback failed: ${JSON.stringify(res.body)}`);
}

interface Undo {
  table: string;
  key: AttrMap;
  old: AttrMap | null;
}

/** Puts back the old images, newest first. */
async function rollback(call: DdbCall, undo: Undo[]): Promise<void> {
  for (const u of undo.reverse()) {
    await must(
      u.old
        ? call('PutItem', { TableName: u.table, Item: u.old })
        : call('DeleteItem', { TableName: u.table, Key: u.key }),
    );
  }
}

async function applyOne(call: DdbCall, p: Planned, undo: Undo[]): Promise<Reason> {
  const { res, wrote } = await write(call, p);
  if (res.status === 200) {
    if (wrote)
      undo.push({ table: p.table, key: p.key, old: (res.body.Attributes as AttrMap) ?? null });
    return { Code: 'None' };
  }
  if (!String(res.body.__type ?? '').endsWith(CCF)) throw new Stop(res);
  const reason: Reason = {
    Code: 'ConditionalCheckFailed',
    Message: 'The conditional request failed',
  };
  if (p.spec.ReturnValuesOnConditionCheckFailure === 'ALL_OLD') {
    const got = await call('GetItem', { TableName: p.table, Key: p.key, ConsistentRead: true });
    if (got.body.Item) reason.Item = got.body.Item;
  }
  return reason;
}

/**
 * Runs one TransactWriteItems request (parsed JSON) through `call`; the caller must hold the
 * mutex that serializes every request to the backend. ClientRequestToken is ignored (no
 * idempotency window). Throws only when the backend fails (the caller answers 500).
 */
export async function transactWrite(call: DdbCall, request: AttrMap): Promise<TxAnswer> {
  try {
    const items = await plan(call, request);
    const undo: Undo[] = [];
    const reasons: Reason[] = [];
    try {
      // Keys are distinct, so every item's condition is independent of the others' writes.
      for (const p of items) reasons.push(await applyOne(call, p, undo));
    } catch (err) {
      await rollback(call, undo);
      throw err;
    }
    if (reasons.every((r) => r.Code === 'None')) return { status: 200, body: {} };
    await rollback(call, undo);
    const codes = reasons.map((r) => r.Code).join(', ');
    return {
      status: 400,
      body: {
        __type: 'com.amazonaws.dynamodb.v20120810#TransactionCanceledException',
        message: `Transaction cancelled, please refer cancellation reasons for specific reasons [${codes}]`,
        CancellationReasons: reasons,
      },
    };
  } catch (err) {
    if (err instanceof Stop && err.answer.status < 500) return err.answer;
    throw err;
  }
}
