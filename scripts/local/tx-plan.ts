/**
 * The validation half of the TransactWriteItems emulation: checks a request as DynamoDB does
 * (1-100 items, one operation each, distinct keys) before anything is written.
 */

/** An attribute map in DynamoDB JSON. */
export type AttrMap = Record<string, unknown>;

/** One DynamoDB JSON call on the backing server (the caller holds the mutex). */
export type DdbCall = (op: string, body: object) => Promise<{ status: number; body: AttrMap }>;

/** An HTTP answer in DynamoDB's JSON error/response shape. */
export interface TxAnswer {
  status: number;
  body: object;
}

/** One validated item, with its table's key picked out. */
export interface Planned {
  kind: 'Put' | 'Delete' | 'Update' | 'ConditionCheck';
  spec: AttrMap;
  table: string;
  key: AttrMap;
}

const KINDS = ['Put', 'Delete', 'Update', 'ConditionCheck'] as const;

/** Stops the transaction with this answer (validation errors, relayed backend errors). */
export class Stop extends Error {
  answer: TxAnswer;
  constructor(answer: TxAnswer) {
    super('transaction stopped');
    this.answer = answer;
  }
}

function invalid(message: string): Stop {
  return new Stop({
    status: 400,
    body: { __type: 'com.amazon.coral.validate#ValidationException', message },
  });
}

async function keyAttrs(call: DdbCall, table: string): Promise<string[]> {
  const res = await call('DescribeTable', { TableName: table });
  if (res.status !== 200) throw new Stop(res);
  const schema = (res.body.Table as { KeySchema?: { AttributeName: string }[] }).KeySchema ?? [];
  return schema.map((k) => k.AttributeName);
}

/** Checks the request as DynamoDB does before touching anything; returns the items in order. */
export async function plan(call: DdbCall, request: AttrMap): Promise<Planned[]> {
  const items = request.TransactItems;
  if (!Array.isArray(items) || items.length < 1 || items.length > 100) {
    const n = Array.isArray(items) ? items.length : 0;
    const bound = n < 1 ? 'greater than or equal to 1' : 'less than or equal to 100';
    throw invalid(
      `1 validation error detected: Value at 'transactItems' failed to satisfy constraint: Member must have length ${bound}`,
    );
  }
  const schemas = new Map<string, string[]>();
  const seen = new Set<string>();
  const out: Planned[] = [];
  for (const raw of items as AttrMap[]) {
    const kinds = KINDS.filter((k) => raw && typeof raw === 'object' && raw[k] !== undefined);
    const kind = kinds[0];
    if (kinds.length !== 1 || !kind || Object.keys(raw).length !== 1) {
      throw invalid('TransactItems can only contain one of Check, Put, Update or Delete');
    }
    const spec = raw[kind] as AttrMap;
    const table = spec?.TableName;
    if (typeof table !== 'string') throw invalid(`${kind}.TableName is required`);
    if (kind === 'ConditionCheck' && typeof spec.ConditionExpression !== 'string') {
      throw invalid('ConditionCheck requires a ConditionExpression');
    }
    if (!schemas.has(table)) schemas.set(table, await keyAttrs(call, table));
    const source = ((kind === 'Put' ? spec.Item : spec.Key) ?? {}) as AttrMap;
    const key: AttrMap = {};
    for (const attr of schemas.get(table) ?? []) {
      if (source[attr] === undefined) {
        throw invalid(
          `One or more parameter values were invalid: Missing the key ${attr} in the item`,
        );
      }
      key[attr] = source[attr];
    }
    const id = JSON.stringify([table, key]);
    if (seen.has(id))
      throw invalid('Transaction request cannot include multiple operations on one item');
    seen.add(id);
    out.push({ kind, spec, table, key });
  }
  return out;
}
