/**
 * Redelivery storm: 20 concurrent deliveries of one mixed delivery (a SendGrid batch of every
 * event family, Postmark and SES notifications) leave exactly the tables and retry queue that a
 * single delivery leaves in a fresh stack: one retry message per retry verdict.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clearCertificateCache } from '../../packages/core/src/index.ts';
import { createRig, type Rig } from '../aws/e2e.ts';
import { HAS_TRANSACTIONS } from '../aws/helpers.ts';
import { recordFigures } from './figures.ts';
import { deliver, mixedDelivery, retryEventIds } from './mixed-batch.ts';
import { lostAndDoubled, snapshot } from './snapshot.ts';

const COPIES = 20;
const figures = { duplicateDeliveries: 0, eventsLost: 0, eventsDoubled: 0 };

let storm: Rig;
let reference: Rig;
beforeAll(async () => {
  storm = await createRig();
  reference = await createRig();
  reference.clock.t = storm.clock.t;
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
    Object.assign(figures, {
      eventsLost: lostAndDoubled(got, want).lost,
      eventsDoubled: lostAndDoubled(got, want).doubled,
    });
    expect(want.suppressions.length).toBeGreaterThan(30);
    expect(want.state.some((i) => String(i.pk).startsWith('soft#'))).toBe(true);
    // The whole item sets, every attribute: both stacks ran on the same fixed clock.
    expect(got).toEqual(want);

    // One retry message per retry verdict that the fold kept (a later hard bounce, complaint
    // or delivery to the same recipient in the batch cancels it): unique, all soft bounces.
    const soft = new Set(retryEventIds(storm, delivery));
    const queued = got.retries.map((m) => String(m.eventId));
    expect(queued.length).toBeGreaterThan(15);
    expect(new Set(queued).size).toBe(queued.length);
    expect(queued.filter((id) => !soft.has(id))).toEqual([]);
    expect(figures).toMatchObject({ eventsLost: 0, eventsDoubled: 0 });
  });
});
