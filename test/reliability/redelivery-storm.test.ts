/**
 * Redelivery storm: 20 concurrent deliveries of one mixed delivery (a SendGrid batch of every
 * event family, Postmark and SES notifications) leave exactly the tables that a single delivery
 * leaves in a fresh stack, and the same retries: one retry-due message per retry verdict. Each
 * delivery enqueues its retries before its transaction, so the queue holds copies (the same
 * retry id, identical) and, from copies whose transaction lost, attempts never committed: the
 * worker emits each committed retry once and drops the rest.
 */

import { clearCertificateCache } from '@rebound/core/vendors';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRig, type Rig } from '../aws/e2e.ts';
import { HAS_TRANSACTIONS } from '../aws/helpers.ts';
import { recordFigures } from './figures.ts';
import { deliver, mixedDelivery, retryEventIds } from './mixed-batch.ts';
import { lostAndDoubled, snapshot } from './snapshot.ts';
import { runWorker } from './worker-run.ts';

const COPIES = 20;
const figures = {
  duplicateDeliveries: 0,
  eventsLost: 0,
  eventsDoubled: 0,
  retriesResent: 0,
  retriesOrphaned: 0,
};

let storm: Rig;
let reference: Rig;
beforeAll(async () => {
  storm = await createRig();
  reference = await createRig();
  // One clock for both, the later one: each rig's SNS test certificate is valid from its creation.
  storm.clock.t = reference.clock.t;
});
afterAll(async () => {
  await storm?.stop();
  await reference?.stop();
  recordFigures('redelivery-storm', figures);
});

describe.skipIf(!HAS_TRANSACTIONS)('redelivery storm', () => {
  it(`${COPIES} concurrent deliveries of a mixed batch = one delivery in a fresh stack`, async () => {
    const delivery = mixedDelivery(120, 'storm');
    const once = await deliver(reference, delivery);
    expect(once.every((s) => s === 200)).toBe(true);
    // Each rig signs SNS with its own key; the certificate cache is per process, by URL.
    clearCertificateCache();

    const answers = await Promise.all(
      Array.from({ length: COPIES }, () => deliver(storm, delivery)),
    );
    figures.duplicateDeliveries = COPIES;
    // Every copy of every request is acknowledged: the effects were durable when it answered.
    expect(answers.flat().filter((s) => s !== 200)).toEqual([]);

    const got = await snapshot(storm);
    const want = await snapshot(reference);
    const { lost, doubled, resent, orphaned } = lostAndDoubled(got, want);
    expect(want.suppressions.length).toBeGreaterThan(30);
    expect(want.state.some((i) => String(i.pk).startsWith('soft#'))).toBe(true);
    // The whole item sets, every attribute: both stacks ran on the same fixed clock.
    expect({ ...got, retries: [] }).toEqual({ ...want, retries: [] });
    // Every retry the single delivery queued is queued, and a copy of it is identical. A copy
    // that lost its transaction may also have queued an attempt it never committed.
    const byId = new Map(want.retries.map((m) => [String(m.retryId), JSON.stringify(m)]));
    const queuedIds = new Set(got.retries.map((m) => String(m.retryId)));
    expect([...byId.keys()].filter((id) => !queuedIds.has(id))).toEqual([]);
    for (const m of got.retries.filter((r) => byId.has(String(r.retryId))))
      expect(JSON.stringify(m)).toBe(byId.get(String(m.retryId)));

    // What the sending service receives: the worker turns the storm's queue into exactly the
    // retry-due messages of one delivery, each once, one per retry verdict the fold kept (a
    // later hard bounce, complaint or delivery to the same recipient cancels it).
    const due = await runWorker(storm, storm.clock.t);
    const dueOnce = await runWorker(reference, reference.clock.t);
    expect(due).toEqual(dueOnce);
    expect(new Set(due).size).toBe(due.length);
    const soft = new Set(await retryEventIds(storm, delivery));
    expect(due.length).toBeGreaterThan(10);
    expect(due.map((id) => id.split('#')[0]).filter((id) => !soft.has(id as string))).toEqual([]);
    Object.assign(figures, {
      eventsLost: lost + dueOnce.filter((id) => !due.includes(id)).length,
      eventsDoubled: doubled + (due.length - new Set(due).size),
      retriesResent: resent,
      retriesOrphaned: orphaned,
    });
    expect(figures).toMatchObject({ eventsLost: 0, eventsDoubled: 0 });
  });
});
