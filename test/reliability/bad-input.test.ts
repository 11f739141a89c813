/**
 * Bad input: 220 seeded, generated malformed requests per vendor (and per signed source of
 * Rebound's own: generic JSON, raw mail) are each answered 4xx with an
 * error body naming the failure, cause no DynamoDB/SQS request at all (so no write), never make
 * the handler throw, and a valid request afterwards still works.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRig, payload, type Rig } from '../aws/e2e.ts';
import { countRequests, HAS_TRANSACTIONS } from '../aws/helpers.ts';
import { type BadCase, mismatch } from './bad-common.ts';
import { postmarkCase } from './bad-postmark.ts';
import { sendgridCase } from './bad-sendgrid.ts';
import { sesCase } from './bad-ses.ts';
import { signedCase } from './bad-signed.ts';
import { recordFigures } from './figures.ts';
import { mixedSendgridEvents, sendgridBody } from './mixed-batch.ts';
import { rng, seedFrom } from './rng.ts';
import { snapshot } from './snapshot.ts';

const PER_VENDOR = 220;
const SEED = seedFrom(20261128);
const tally = { total: 0, fourxx: 0 };

let rig: Rig;
beforeAll(async () => {
  rig = await createRig();
  // Real contents to compare against: "unchanged" must not pass just because tables are empty.
  const seed = sendgridBody(mixedSendgridEvents(30, 'seed-', 1_700_000_000));
  expect((await rig.post('sendgrid', seed)).statusCode).toBe(200);
});
afterAll(async () => {
  await rig?.stop();
  recordFigures('bad-input', { badInputs: tally.total, badInputs4xx: tally.fourxx });
  console.info(`bad input (seed ${SEED}): ${tally.total} generated, ${tally.fourxx} answered 4xx`);
});

const VENDORS = [
  {
    vendor: 'sendgrid' as const,
    gen: sendgridCase,
    valid: () => sendgridBody(mixedSendgridEvents(10, 'final-', 1_700_000_000)),
  },
  {
    vendor: 'postmark' as const,
    gen: postmarkCase,
    valid: () => payload('postmark-bounce-hardbounce.json'),
  },
  {
    vendor: 'ses' as const,
    gen: sesCase,
    valid: () => payload('ses-notification-bounce-permanent-general-sns.json'),
  },
  {
    vendor: 'generic' as const,
    gen: signedCase('generic'),
    valid: () => payload('generic-bounce-diagnostic.json'),
  },
  {
    vendor: 'mail' as const,
    gen: signedCase('mail'),
    valid: () => payload('mail-postfix-dsn-user-unknown.eml'),
  },
];

describe.skipIf(!HAS_TRANSACTIONS)('bad input', () => {
  it.each(VENDORS.map((v, i) => [v.vendor, v, i] as const))(
    `%s: ${PER_VENDOR} generated malformed requests → 4xx naming the failure, no write, no crash`,
    async (vendor, { gen, valid }, index) => {
      const ddb = countRequests(rig.stack.clients.dynamodb);
      const sqs = countRequests(rig.stack.clients.sqs);
      const before = await snapshot(rig);
      expect(before.suppressions.length).toBeGreaterThan(0);
      const confirmed = rig.confirmed.length;
      ddb.reset();
      sqs.reset();

      const r = rng(SEED + index);
      const failures: string[] = [];
      const categories = new Map<string, number>();
      for (let i = 0; i < PER_VENDOR; i++) {
        const c: BadCase = gen(rig, r, i);
        categories.set(c.category, (categories.get(c.category) ?? 0) + 1);
        tally.total++;
        let res: Awaited<ReturnType<typeof rig.invoke>>;
        try {
          res = await rig.invoke(rig.handlers[vendor], c.event);
        } catch (err) {
          failures.push(`#${i} ${c.category}: handler threw ${String(err)}`);
          continue;
        }
        if (res.statusCode >= 400 && res.statusCode < 500) tally.fourxx++;
        const why = mismatch(c, res);
        if (why) failures.push(`#${i} ${c.category}: ${why}`);
        const calls = ddb.total() + sqs.total();
        if (calls) failures.push(`#${i} ${c.category}: ${calls} DynamoDB/SQS request(s)`);
        ddb.reset();
        sqs.reset();
      }
      expect(failures).toEqual([]);
      // every category was generated several times
      for (const [name, n] of categories) expect(n, name).toBeGreaterThanOrEqual(10);

      // nothing written: tables and retry queue as before; no subscription confirmed
      expect(await snapshot(rig)).toEqual(before);
      expect(rig.confirmed).toHaveLength(confirmed);

      // no lasting damage: a valid request still goes through and writes
      const ok = await rig.post(vendor, valid());
      expect(ok.statusCode).toBe(200);
      expect((await snapshot(rig)).suppressions.length).toBeGreaterThan(before.suppressions.length);
    },
  );
});
