/**
 * Redelivery storm: 20 concurrent deliveries of one mixed delivery (a SendGrid batch of every
 * event family, Postmark and SES notifications) leave exactly the tables that a single delivery
 * leaves in a fresh stack, and the same retries: one per retry verdict. RetryQueue, like any SQS
 * standard queue, is at-least-once (an SQS send retried under load may land twice), so a retry
 * may appear twice — as an identical copy, which the worker turns into one retry-due message.
 */

import { clearCertificateCache } from '@rebound/core/vendors';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRig, type Rig } from '../aws/e2e.ts';
import { HAS_TRANSACTIONS } from '../aws/helpers.ts';
import { recordFigures } from './figures.ts';
import { deliver, mixedDelivery, retryEventIds } from './mixed-batch.ts';
import { distinctRetries, lostAndDoubled, snapshot } from './snapshot.ts';

const COPIES = 20;
const figures = { duplicateDeliveries: 0, eventsLost: 0, eventsDoubled: 0, retriesResent: 0 };

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
    const { lost, doubled, resent } = lostAndDoubled(got, want);
    Object.assign(figures, { eventsLost: lost, eventsDoubled: doubled, retriesResent: resent });
    expect(want.suppressions.length).toBeGreaterThan(30);
    expect(want.state.some((i) => String(i.pk).startsWith('soft#'))).toBe(true);
    // The whole item sets, every attribute: both stacks ran on the same fixed clock. Each retry
    // at least once; a second copy is identical to the first.
    expect(distinctRetries(got)).toEqual(want);
    const byId = new Map(want.retries.map((m) => [String(m.retryId), JSON.stringify(m)]));
    for (const m of got.retries) expect(JSON.stringify(m)).toBe(byId.get(String(m.retryId)));

    // One retry message per retry verdict that the fold kept (a later hard bounce, complaint
    // or delivery to the same recipient in the batch cancels it): unique, all soft bounces.
    const soft = new Set(await retryEventIds(storm, delivery));
    const queued = distinctRetries(got).retries.map((m) => String(m.eventId));
    expect(queued.length).toBeGreaterThan(15);
    expect(new Set(queued).size).toBe(queued.length);
    expect(queued.filter((id) => !soft.has(id))).toEqual([]);
    expect(figures).toMatchObject({ eventsLost: 0, eventsDoubled: 0 });
  });
});
