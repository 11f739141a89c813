/**
 * Redelivery: one SendGrid batch posted 5 times at once ends with exactly the table contents of
 * a single delivery, and exactly one retry message per retry verdict.
 */

import { planEvent } from '@rebound/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRig, payload, type Rig, sendgridBatch, sorted } from './e2e.ts';
import { countRequests, HAS_TRANSACTIONS } from './helpers.ts';

let concurrent: Rig;
let reference: Rig;
beforeAll(async () => {
  concurrent = await createRig();
  reference = await createRig();
  // One clock for both, the later one: each rig's SNS test certificate is valid from its creation.
  concurrent.clock.t = reference.clock.t;
});
afterAll(async () => {
  await concurrent?.stop();
  await reference?.stop();
});

const contents = async (rig: Rig) => ({
  suppressions: sorted(await rig.scan(rig.stack.tables.suppressions), 'email'),
  state: sorted(await rig.scan(rig.stack.tables.state), 'pk'),
});

describe.skipIf(!HAS_TRANSACTIONS)('redelivery', () => {
  it('5 concurrent deliveries of one batch = one delivery', async () => {
    const body = sendgridBatch(200, 'r');
    const results = await Promise.all(
      Array.from({ length: 5 }, () => concurrent.post('sendgrid', body)),
    );
    expect(results.map((r) => r.statusCode)).toEqual([200, 200, 200, 200, 200]);
    expect((await reference.post('sendgrid', body)).statusCode).toBe(200);

    const got = await contents(concurrent);
    expect(got.suppressions.length).toBeGreaterThan(0);
    expect(got).toEqual(await contents(reference));

    const soft = (await concurrent.parse('sendgrid', body)).filter(
      (e) => planEvent(e).type === 'soft-bounce',
    );
    expect(soft.length).toBe(40);
    // Each delivery enqueues its retries before committing, so the queue may hold copies of a
    // retry (the same retry id: the event's id and attempt), and a delivery whose transaction
    // lost may have sent an attempt it never committed; the worker emits each committed retry
    // once and drops the rest (test/reliability/faults.test.ts). Every event's retry is there,
    // and every retry the single reference delivery queued.
    const queued = () =>
      concurrent.queued(concurrent.stack.retryQueueUrl).map((m) => JSON.parse(m.body).retryId);
    const events = new Set(queued().map((id: string) => id.split('#')[0]));
    expect([...events].sort()).toEqual(soft.map((e) => e.id).sort());
    const referenceIds = reference
      .queued(reference.stack.retryQueueUrl)
      .map((m) => JSON.parse(m.body).retryId);
    expect(referenceIds).toHaveLength(40);
    expect(new Set(queued())).toEqual(new Set([...queued(), ...referenceIds]));

    // and a sixth, later redelivery changes nothing and sends nothing
    const before = queued().length;
    expect((await concurrent.post('sendgrid', body)).statusCode).toBe(200);
    expect(await contents(concurrent)).toEqual(got);
    expect(queued()).toHaveLength(before);
  });
});

describe.skipIf(!HAS_TRANSACTIONS)('request cost of a big SendGrid batch', () => {
  it('1,000 events cost a few dozen batched requests; engagement-only batches cost none', async () => {
    const ddb = countRequests(reference.stack.clients.dynamodb);
    const sqs = countRequests(reference.stack.clients.sqs);
    const res = await reference.post('sendgrid', sendgridBatch(1000, 'big'));
    expect(res.statusCode).toBe(200);
    const counts = Object.fromEntries([...ddb.counts, ...sqs.counts]);
    console.info(
      '1,000-event SendGrid POST:',
      JSON.stringify(counts),
      'total',
      ddb.total() + sqs.total(),
    );
    expect(ddb.total() + sqs.total()).toBeLessThan(80);
    ddb.reset();
    sqs.reset();
    const opens = Buffer.from(
      JSON.stringify(
        Array.from({ length: 300 }, (_, i) => ({
          email: `o${i}@example.com`,
          event: i % 2 ? 'open' : 'processed',
          timestamp: Math.floor(Date.now() / 1000),
          sg_event_id: `o${i}`,
        })),
      ),
    );
    expect((await reference.post('sendgrid', opens)).statusCode).toBe(200);
    expect(ddb.total() + sqs.total()).toBe(0);
  });
});

describe.skipIf(!HAS_TRANSACTIONS)('SES copies', () => {
  it('the same SES bounce in two SNS messages (identity + configuration set) counts once', async () => {
    const doc = payload('ses-notification-bounce-permanent-nodsn.json');
    const a = await reference.post('ses', doc, '11111111-0000-4000-8000-000000000001');
    const b = await reference.post('ses', doc, '22222222-0000-4000-8000-000000000002');
    expect([a.statusCode, b.statusCode]).toEqual([200, 200]);
    expect(JSON.parse(b.body).outcomes.duplicate).toBe(JSON.parse(b.body).received);
    const events = await reference.parse('ses', doc);
    const rows = await reference.scan(reference.stack.tables.suppressions);
    for (const e of events) expect(rows.find((r) => r.email === e.recipient)?.count).toBe(1);
  });
});
