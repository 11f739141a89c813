/**
 * The rate counters through the real webhook handlers on DynamoDB Local: counted once per batch
 * (a redelivery, 5 concurrent deliveries, a failed counter write answered 503 then redelivered),
 * one extra transaction per batch, the recent bounces on the batch marker, the rate metrics.
 */
import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import {
  batchDigest,
  batchKey,
  countBatch,
  dayKey,
  RECENT_INDEX,
  rateKey,
  rateMetricsOf,
} from '@rebound/aws';
import { DEFAULT_STREAMS, tallyBatch } from '@rebound/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRig, payload, type Rig, sendgridBatch } from './e2e.ts';
import { countRequests, HAS_TRANSACTIONS, makeEvent } from './helpers.ts';

let rig: Rig;
beforeAll(async () => {
  rig = await createRig();
});
afterAll(async () => {
  await rig?.stop();
});

const get = async (pk: string) =>
  (
    await rig.stack.clients.doc.send(
      new GetCommand({ TableName: rig.stack.tables.state, Key: { pk }, ConsistentRead: true }),
    )
  ).Item;

const counters = async (day: string, stream = 'global', domain = 'unknown') => {
  const item = await get(rateKey(day, stream, domain));
  return item
    ? {
        delivered: item.delivered ?? 0,
        hard: item.hard ?? 0,
        soft: item.soft ?? 0,
        complaints: item.complaints ?? 0,
      }
    : null;
};

/** Fails the next `n` rate-counter transactions (those holding a batch marker) with `name`. */
function failCounterWrites(n: number, name = 'InternalServerError') {
  let left = n;
  const mw =
    (next: (a: unknown) => Promise<unknown>, ctx: { commandName?: string }) =>
    async (args: { input?: unknown }) => {
      if (
        ctx.commandName === 'TransactWriteItemsCommand' &&
        left > 0 &&
        JSON.stringify(args.input).includes('"batch#')
      ) {
        left--;
        const err = new Error('injected: counter write failed');
        err.name = name;
        throw err;
      }
      return next(args);
    };
  rig.stack.clients.doc.middlewareStack.add(mw as never, {
    step: 'initialize',
    name: `fail-counters-${Math.random()}`,
  });
}

const dayOfBatch = (ts: number) => new Date(ts * 1000).toISOString().slice(0, 10);

describe.skipIf(!HAS_TRANSACTIONS)('rate counters, exactly once', () => {
  it('a 1,000-event batch: one extra transaction; a redelivery changes nothing', async () => {
    await rig.reset();
    const ts = Math.floor(rig.clock.t.getTime() / 1000) - 3600;
    const body = sendgridBatch(1000, 'rate', ts);
    const ddb = countRequests(rig.stack.clients.doc);
    const res = await rig.post('sendgrid', body);
    expect(res.statusCode).toBe(200);
    const counterTx = ddb.counts.get('TransactWriteItemsCommand') ?? 0;
    const day = dayOfBatch(ts);
    expect(await counters(day)).toEqual({ delivered: 200, hard: 200, soft: 200, complaints: 0 });
    const dayItem = await get(dayKey(day));
    expect(dayItem?.['a:suppress']).toBe(200);
    expect(dayItem?.['a:retry']).toBe(200);
    expect([...((dayItem?.cells as Set<string>) ?? [])]).toEqual(['global#unknown']);

    // exactly one of this POST's transactions is the counters' (the marker's)
    const events = await rig.parse('sendgrid', body);
    const tally = tallyBatch(events, { streams: DEFAULT_STREAMS, now: rig.clock.t });
    const marker = await get(batchKey(batchDigest(tally.ids)));
    expect(marker).toMatchObject({ kind: 'batch', events: 1000 });
    expect(marker?.recent).toHaveLength(10);
    console.info(
      `rates: 1,000-event SendGrid POST made ${counterTx} TransactWriteItems in all, 1 of them the counters'`,
    );

    ddb.reset();
    expect((await rig.post('sendgrid', body)).statusCode).toBe(200);
    expect(await counters(day)).toEqual({ delivered: 200, hard: 200, soft: 200, complaints: 0 });
    // the redelivery tried the counter transaction once and found the marker
    expect(ddb.counts.get('TransactWriteItemsCommand')).toBe(1);
  });

  it('5 concurrent deliveries of one batch count it once', async () => {
    await rig.reset();
    const ts = Math.floor(rig.clock.t.getTime() / 1000) - 7200;
    const body = sendgridBatch(200, 'conc', ts);
    const results = await Promise.all(Array.from({ length: 5 }, () => rig.post('sendgrid', body)));
    expect(results.map((r) => r.statusCode)).toEqual([200, 200, 200, 200, 200]);
    expect(await counters(dayOfBatch(ts))).toEqual({
      delivered: 40,
      hard: 40,
      soft: 40,
      complaints: 0,
    });
  });

  it('a failed counter write answers 503; the redelivery counts the batch once', async () => {
    await rig.reset();
    const ts = Math.floor(rig.clock.t.getTime() / 1000) - 600;
    const body = sendgridBatch(50, 'fail', ts);
    failCounterWrites(1);
    const failed = await rig.post('sendgrid', body);
    expect(failed.statusCode).toBe(503);
    const day = dayOfBatch(ts);
    expect(await counters(day)).toBeNull();
    // the effects were durable before the counters: the suppressions are there already
    const suppressions = await rig.scan(rig.stack.tables.suppressions);
    expect(suppressions.length).toBe(5);
    const ok = await rig.post('sendgrid', body);
    expect(ok.statusCode).toBe(200);
    expect(JSON.parse(ok.body).outcomes.duplicate).toBeGreaterThan(0);
    expect(await counters(day)).toEqual({ delivered: 10, hard: 10, soft: 10, complaints: 0 });
    expect((await rig.post('sendgrid', body)).statusCode).toBe(200);
    expect(await counters(day)).toEqual({ delivered: 10, hard: 10, soft: 10, complaints: 0 });
  });

  it('counters in conflict are retried, not double counted', async () => {
    await rig.reset();
    failCounterWrites(2, 'TransactionConflictException');
    const ts = Math.floor(rig.clock.t.getTime() / 1000) - 900;
    const res = await rig.post('sendgrid', sendgridBatch(20, 'conflict', ts));
    expect(res.statusCode).toBe(200);
    expect(await counters(dayOfBatch(ts))).toEqual({
      delivered: 4,
      hard: 4,
      soft: 4,
      complaints: 0,
    });
  });

  it('SES: the sending domain from mail.source; the same bounce in two SNS messages counts once', async () => {
    await rig.reset();
    const doc = payload('ses-notification-bounce-permanent-general-sns.json');
    const events = await rig.parse('ses', doc);
    expect(events[0]?.metadata['ses:source']).toBeTruthy();
    await rig.post('ses', doc, '11111111-0000-4000-8000-00000000000a');
    await rig.post('ses', doc, '22222222-0000-4000-8000-00000000000b');
    const day = events[0]?.occurredAt.slice(0, 10) as string;
    const tally = tallyBatch(events, { streams: DEFAULT_STREAMS, now: rig.clock.t });
    const cell = tally.days[0]?.cells[0];
    expect(cell?.domain).not.toBe('unknown');
    expect(await counters(day, 'global', cell?.domain)).toEqual({
      delivered: 0,
      hard: 1,
      soft: 0,
      complaints: 0,
    });
  });

  it('the recent index lists batches with bounces by day, newest first', async () => {
    await rig.reset();
    await rig.post('sendgrid', sendgridBatch(10, 'idx1'));
    rig.clock.t = new Date(rig.clock.t.getTime() + 1000);
    await rig.post('sendgrid', sendgridBatch(10, 'idx2'));
    const today = rig.clock.t.toISOString().slice(0, 10);
    const res = await rig.stack.clients.doc.send(
      new QueryCommand({
        TableName: rig.stack.tables.state,
        IndexName: RECENT_INDEX,
        KeyConditionExpression: 'recentDay = :d',
        ExpressionAttributeValues: { ':d': today },
        ScanIndexForward: false,
      }),
    );
    const lists = (res.Items ?? []).map((i) => i.recent as { to: string }[]);
    expect(lists).toHaveLength(2);
    expect(lists[0]?.[0]?.to).toMatch(/idx2/);
  });
});

describe.skipIf(!HAS_TRANSACTIONS)('countBatch', () => {
  it('a tally needing more than one transaction counts each part once', async () => {
    await rig.reset();
    // 150 sending domains on one day: 151 updates, so two transactions
    const events = Array.from({ length: 150 }, (_, i) =>
      makeEvent({ metadata: { from: `news@d${i}.example.com` } }),
    );
    const tally = tallyBatch(events, { streams: DEFAULT_STREAMS, now: rig.clock.t });
    const deps = { doc: rig.stack.clients.doc, table: rig.stack.tables.state, now: rig.clock.t };
    expect(await countBatch(deps, tally)).toMatchObject({ outcome: 'counted', transactions: 2 });
    expect(await countBatch(deps, tally)).toMatchObject({ outcome: 'already-counted' });
    const day = events[0]?.occurredAt.slice(0, 10) as string;
    expect(await counters(day, 'global', 'd149.example.com')).toMatchObject({ delivered: 1 });
    expect((await get(dayKey(day)))?.cells).toHaveProperty('size', 150);
  });
  it('what the counter transaction of a 1,000-event SendGrid batch costs', async () => {
    await rig.reset();
    const events = await rig.parse('sendgrid', sendgridBatch(1000, 'cost'));
    const tally = tallyBatch(events, { streams: DEFAULT_STREAMS, now: rig.clock.t });
    const deps = { doc: rig.stack.clients.doc, table: rig.stack.tables.state, now: rig.clock.t };
    const result = await countBatch(deps, tally);
    console.info(
      `rates: counter transaction of a 1,000-event batch: ${result.transactions} transaction, ${result.writeUnits} write units (marker with ${tally.recent.length} recent bounces, ${tally.days.length} day item(s), ${tally.cells.length} rate item(s))`,
    );
    expect(result).toMatchObject({ outcome: 'counted', transactions: 1 });
    expect(result.writeUnits).toBeGreaterThan(0);
    expect(result.writeUnits).toBeLessThan(40);
  });
  it('nothing to count makes no request', async () => {
    const ddb = countRequests(rig.stack.clients.doc);
    const tally = tallyBatch([makeEvent({ kind: 'ignored' })], {
      streams: DEFAULT_STREAMS,
      now: rig.clock.t,
    });
    const deps = { doc: rig.stack.clients.doc, table: rig.stack.tables.state, now: rig.clock.t };
    expect((await countBatch(deps, tally)).outcome).toBe('nothing');
    expect(ddb.total()).toBe(0);
  });
});

describe('rate metrics', () => {
  it('totals with the service dimension, and per stream and domain', () => {
    const tally = tallyBatch(
      [
        makeEvent({ metadata: { from: 'a@x.example' } }),
        makeEvent({ v: 'hard', metadata: { from: 'a@x.example' } }),
        makeEvent({ kind: 'complaint', metadata: { from: 'a@y.example' } }),
      ],
      { streams: DEFAULT_STREAMS, now: new Date() },
    );
    expect(rateMetricsOf(tally)).toEqual({
      totals: { Delivered: 1, HardBounces: 1, Complaints: 1 },
      cells: [
        {
          dimensions: { stream: 'global', domain: 'x.example' },
          values: { Delivered: 1, HardBounces: 1 },
        },
        { dimensions: { stream: 'global', domain: 'y.example' }, values: { Complaints: 1 } },
      ],
    });
  });
});
