/**
 * The local stack's TransactWriteItems shim in front of dynalite, driven by the real SDK: commit,
 * atomic cancel with DynamoDB's reasons, validation, a 20-way race, and the whole stack on it.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  ScanCommand,
  TransactWriteCommand,
  type TransactWriteCommandInput,
} from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildReplayRequest } from '../../packages/cli/src/commands/replay.ts';
import { startDynaliteWithTransactions, startTxProxy } from '../../scripts/local/dynalite-tx.ts';
import { freePort, type Service } from '../../scripts/local/services.ts';
import { type LocalStack, startLocalStack } from '../../scripts/local/stack.ts';

type Items = NonNullable<TransactWriteCommandInput['TransactItems']>;
const TABLE = 'tx-shim';
const creds = { accessKeyId: 'local', secretAccessKey: 'local' };
let ddb: Service;
let doc: DynamoDBDocumentClient;

beforeAll(async () => {
  ddb = await startDynaliteWithTransactions();
  const client = new DynamoDBClient({
    endpoint: ddb.endpoint,
    region: 'us-east-1',
    credentials: creds,
  });
  doc = DynamoDBDocumentClient.from(client);
  await client.send(
    new CreateTableCommand({
      TableName: TABLE,
      KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
      AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
      BillingMode: 'PAY_PER_REQUEST',
    }),
  );
});
afterAll(async () => {
  await ddb?.stop();
});

const get = async (pk: string) =>
  (await doc.send(new GetCommand({ TableName: TABLE, Key: { pk } }))).Item;
const put = (item: Record<string, unknown>) =>
  doc.send(new PutCommand({ TableName: TABLE, Item: item }));
const tx = (TransactItems: Items) => doc.send(new TransactWriteCommand({ TransactItems }));
const putNew = (item: Record<string, unknown>) => ({
  Put: {
    TableName: TABLE,
    Item: item,
    ConditionExpression: 'attribute_not_exists(#k)',
    ExpressionAttributeNames: { '#k': 'pk' },
  },
});
const ifVersion = (v: number) => ({
  ConditionExpression: '#v = :v',
  ExpressionAttributeNames: { '#v': 'version' },
  ExpressionAttributeValues: { ':v': v },
});
const putAt = (item: Record<string, unknown>, v: number) => ({
  Put: { TableName: TABLE, Item: item, ...ifVersion(v) },
});
const delAt = (pk: string, v: number) => ({
  Delete: { TableName: TABLE, Key: { pk }, ...ifVersion(v) },
});

async function rejection(p: Promise<unknown>) {
  const err = await p.then(
    () => null,
    (e: unknown) => e as Error & { CancellationReasons?: { Code?: string; Item?: unknown }[] },
  );
  expect(err, 'expected the transaction to fail').not.toBeNull();
  return err as NonNullable<typeof err>;
}

describe('TransactWriteItems on dynalite (shim)', () => {
  it('commits a mixed Put/Delete transaction', async () => {
    await put({ pk: 'commit-old', version: 1 });
    await tx([putNew({ pk: 'commit-new', version: 1, note: 'x' }), delAt('commit-old', 1)]);
    expect(await get('commit-new')).toEqual({ pk: 'commit-new', version: 1, note: 'x' });
    expect(await get('commit-old')).toBeUndefined();
  });

  it.each([
    ['a new item, then a stale version', 'ConditionalCheckFailed' as const],
    ['an overwrite, then a stale delete', 'ConditionalCheckFailed' as const],
  ])('a failed condition cancels atomically: %s', async (label, code) => {
    const p = label.startsWith('a new') ? 'n' : 'o';
    await put({ pk: `${p}-first`, version: 1, state: 'before' });
    await put({ pk: `${p}-second`, version: 3 });
    const first =
      p === 'n'
        ? putNew({ pk: `${p}-fresh`, version: 1 })
        : putAt({ pk: `${p}-first`, version: 2, state: 'after' }, 1);
    const err = await rejection(tx([first, delAt(`${p}-second`, 2)]));
    expect(err.name).toBe('TransactionCanceledException');
    expect(err.message).toBe(
      'Transaction cancelled, please refer cancellation reasons for specific reasons [None, ConditionalCheckFailed]',
    );
    expect(err.CancellationReasons?.map((r) => r.Code)).toEqual(['None', code]);
    expect(await get(`${p}-fresh`)).toBeUndefined();
    expect(await get(`${p}-first`)).toEqual({ pk: `${p}-first`, version: 1, state: 'before' });
    expect(await get(`${p}-second`)).toEqual({ pk: `${p}-second`, version: 3 });
  });

  it('reports every failed item, and the old item when asked', async () => {
    await put({ pk: 'both-a', version: 5 });
    const items = [
      putNew({ pk: 'both-a', version: 1 }),
      putNew({ pk: 'both-b' }),
      delAt('both-c', 1),
    ];
    (items[0] as { Put: Record<string, unknown> }).Put.ReturnValuesOnConditionCheckFailure =
      'ALL_OLD';
    const err = await rejection(tx(items));
    expect(err.CancellationReasons?.map((r) => r.Code)).toEqual([
      'ConditionalCheckFailed',
      'None',
      'ConditionalCheckFailed',
    ]);
    expect(err.CancellationReasons?.[0]?.Item).toBeDefined();
    expect(await get('both-b')).toBeUndefined();
  });

  it('Update and ConditionCheck items apply, and roll back with the rest', async () => {
    await put({ pk: 'upd', version: 1, n: 1 });
    const update = {
      Update: {
        TableName: TABLE,
        Key: { pk: 'upd' },
        UpdateExpression: 'SET n = n + :one',
        ExpressionAttributeValues: { ':one': 1 },
      },
    };
    const absent = {
      ConditionCheck: {
        TableName: TABLE,
        Key: { pk: 'ghost' },
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    };
    await tx([update, absent]);
    expect(await get('upd')).toEqual({ pk: 'upd', version: 1, n: 2 });
    expect(await get('ghost')).toBeUndefined();
    const check = { ConditionCheck: { TableName: TABLE, Key: { pk: 'upd' }, ...ifVersion(9) } };
    const err = await rejection(
      tx([
        { Update: { ...update.Update, Key: { pk: 'upd2' }, UpdateExpression: 'SET n = :one' } },
        check,
      ]),
    );
    expect(err.CancellationReasons?.map((r) => r.Code)).toEqual(['None', 'ConditionalCheckFailed']);
    expect(await get('upd2')).toBeUndefined();
    expect(await get('upd')).toEqual({ pk: 'upd', version: 1, n: 2 });
  });

  it.each([
    [
      'two items on one key',
      [putNew({ pk: 'dup' }), delAt('dup', 1)],
      'multiple operations on one item',
    ],
    ['no items', [], 'greater than or equal to 1'],
    [
      '101 items',
      Array.from({ length: 101 }, (_, i) => putNew({ pk: `many-${i}` })),
      'less than or equal to 100',
    ],
    [
      'an invalid expression after a valid write',
      [
        putNew({ pk: 'many-0' }),
        {
          Update: {
            TableName: TABLE,
            Key: { pk: 'dup' },
            UpdateExpression: 'SET n = n + :o',
            ExpressionAttributeValues: { ':o': 1 },
          },
        },
      ],
      'attribute that does not exist',
    ],
  ] as const)('rejects %s with ValidationException', async (_label, items, message) => {
    const err = await rejection(tx(items as unknown as Items));
    expect(err.name).toBe('ValidationException');
    expect(err.message).toContain(message);
    expect(await get('dup')).toBeUndefined();
    expect(await get('many-0')).toBeUndefined();
  });

  it('a missing table is ResourceNotFoundException and writes nothing', async () => {
    const item = putNew({ pk: 'orphan' });
    const err = await rejection(tx([item, { Put: { ...item.Put, TableName: 'no-such-table' } }]));
    expect(err.name).toBe('ResourceNotFoundException');
    expect(await get('orphan')).toBeUndefined();
  });

  it('20 concurrent transactions on one version: exactly one commits, none seen half-done', async () => {
    await put({ pk: 'race', version: 1 });
    const markers = async () => {
      const scan = await doc.send(new ScanCommand({ TableName: TABLE }));
      return (scan.Items ?? []).filter((it) => /^race-\d+$/.test(String(it.pk))).map((m) => m.pk);
    };
    // Each writes its marker first and the contended item last, so a loser's marker exists
    // until its rollback: concurrent scans must never see two markers.
    const [results, seen] = await Promise.all([
      Promise.allSettled(
        Array.from({ length: 20 }, (_, i) =>
          tx([putNew({ pk: `race-${i}` }), putAt({ pk: 'race', version: 2, winner: i }, 1)]),
        ),
      ),
      Promise.all(Array.from({ length: 10 }, markers)),
    ]);
    const won = results.flatMap((r, i) => (r.status === 'fulfilled' ? [i] : []));
    expect(won).toHaveLength(1);
    for (const r of results) {
      if (r.status === 'rejected')
        expect((r.reason as Error).name).toBe('TransactionCanceledException');
    }
    expect(await get('race')).toEqual({ pk: 'race', version: 2, winner: won[0] });
    expect(await markers()).toEqual([`race-${won[0]}`]);
    expect(seen.filter((m) => m.length > 1)).toEqual([]);
  });

  it('answers 500 when dynalite is unreachable', async () => {
    const proxy = await startTxProxy(`http://127.0.0.1:${await freePort()}`);
    const client = new DynamoDBClient({
      endpoint: proxy.endpoint,
      region: 'us-east-1',
      credentials: creds,
      maxAttempts: 1,
    });
    try {
      const err = await rejection(
        DynamoDBDocumentClient.from(client).send(
          new TransactWriteCommand({ TransactItems: [putNew({ pk: 'x' })] }),
        ),
      );
      expect(
        (err as unknown as { $metadata: { httpStatusCode: number } }).$metadata.httpStatusCode,
      ).toBe(500);
    } finally {
      client.destroy();
      await proxy.stop();
    }
  });
});

describe('local stack forced onto dynalite (REBOUND_LOCAL_DYNAMODB=dynalite)', () => {
  let stack: LocalStack | undefined;
  const fixture = readFileSync(
    join(import.meta.dirname, '..', 'fixtures', 'payloads', 'sendgrid-bounce-hard.json'),
  );
  beforeAll(async () => {
    process.env.POWERTOOLS_LOG_LEVEL ??= 'SILENT';
    process.env.POWERTOOLS_METRICS_DISABLED ??= 'true';
    process.env.REBOUND_LOCAL_DYNAMODB = 'dynalite';
    const dir = mkdtempSync(join(tmpdir(), 'rebound-dynalite-'));
    stack = await startLocalStack({ port: 0, dir, log: () => {} });
  }, 60_000);
  afterAll(async () => {
    await stack?.stop();
  });
  // One event time for every replay: a replay in the next second would be a new event.
  const at = new Date();
  const send = async () => {
    const s = stack as LocalStack;
    const req = await buildReplayRequest('sendgrid', fixture, s.credentials, {
      fresh: true,
      now: at,
    });
    return fetch(`${s.url}/webhooks/sendgrid`, {
      method: 'POST',
      headers: req.headers,
      body: req.body,
    });
  };
  const lookup = async () => {
    const s = stack as LocalStack;
    const res = await fetch(`${s.url}/suppressions/noreply%40example.com`, {
      headers: { authorization: `Bearer ${s.credentials.apiKey}` },
    });
    return {
      status: res.status,
      body: (await res.json()) as { suppressed: boolean; record: Record<string, unknown> },
    };
  };

  it('a SendGrid bounce is accepted and suppressed; 3 concurrent replays change nothing', async () => {
    expect(stack?.dynamo).toBe('dynalite');
    const first = await send();
    expect(first.status, await first.clone().text()).toBeGreaterThanOrEqual(200);
    expect(first.status).toBeLessThan(300);
    const before = await lookup();
    expect(before.status).toBe(200);
    expect(before.body).toMatchObject({ email: 'noreply@example.com', suppressed: true });
    expect(before.body.record.count).toBe(1);
    const again = await Promise.all([send(), send(), send()]);
    expect(again.map((r) => r.status >= 200 && r.status < 300)).toEqual([true, true, true]);
    const after = await lookup();
    expect(after.body.record).toMatchObject({
      count: before.body.record.count,
      firstSeen: before.body.record.firstSeen,
      status: 'suppressed',
    });
  });
});

describe('`npm start` with REBOUND_LOCAL_DYNAMODB', () => {
  const ROOT = join(import.meta.dirname, '..', '..');
  // A temporary REBOUND_LOCAL_DIR: `npm test` never writes into the checkout's .rebound/.
  const local = mkdtempSync(join(tmpdir(), 'rebound-npm-start-'));
  const env = (v: string) => ({
    ...process.env,
    PORT: '0',
    REBOUND_LOCAL_DYNAMODB: v,
    REBOUND_LOCAL_DIR: local,
  });

  it('=dynalite: one plain DynamoDB line, no warning, and Ctrl-C stops it cleanly', async () => {
    const child = spawn(process.execPath, ['scripts/start.ts'], {
      cwd: ROOT,
      env: env('dynalite'),
    });
    let out = '';
    const ready = new Promise<void>((resolve, reject) => {
      child.stdout.on('data', (c: Buffer) => {
        out += c.toString();
        if (out.includes('Ctrl-C to stop.')) resolve();
      });
      child.once('exit', (code) => reject(new Error(`exited ${code} before ready: ${out}`)));
    });
    const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
    try {
      await ready;
    } finally {
      child.kill('SIGINT');
    }
    expect(await exited).toBe(0);
    const lines = out.split('\n');
    expect(lines).toContain('DynamoDB: dynalite (in-process, transactions emulated)');
    expect(out).not.toMatch(/WARNING|503/);
    // Its credentials went to the temporary directory, and its stack.json left with it.
    expect(existsSync(join(local, 'credentials.json'))).toBe(true);
    expect(existsSync(join(local, 'stack.json'))).toBe(false);
  });

  it('=bogus: one line naming the choices, exit 1', () => {
    const r = spawnSync(process.execPath, ['scripts/start.ts'], {
      cwd: ROOT,
      encoding: 'utf8',
      env: env('bogus'),
      timeout: 30_000,
    });
    expect(r.status).toBe(1);
    expect(r.stderr.trim().split('\n')).toEqual([
      expect.stringContaining(
        'REBOUND_LOCAL_DYNAMODB must be one of auto, dynamodb-local, dynalite',
      ),
    ]);
  });
});
