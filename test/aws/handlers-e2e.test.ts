/**
 * Every vendor payload fixture end to end through its HTTP handler on real local servers:
 * the answer, the suppression records and the retry messages each normalized event implies.
 */
import { readdirSync } from 'node:fs';
import { planEvent } from '@rebound/core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createRig, payload, type Rig, type RigVendor } from './e2e.ts';
import { HAS_TRANSACTIONS } from './helpers.ts';

const SKIP = /testvector|^sns-/;
const FIXTURES = readdirSync('test/fixtures/payloads')
  .filter((f) => f.endsWith('.json') && !SKIP.test(f))
  .map((file) => ({ file, vendor: file.split('-')[0] as RigVendor }));

let rig: Rig;
beforeAll(async () => {
  rig = await createRig();
});
afterAll(async () => rig?.stop());

describe.skipIf(!HAS_TRANSACTIONS)('vendor fixtures through the HTTP handlers', () => {
  beforeEach(async () => rig.reset());

  it.each(FIXTURES)('$file', async ({ file, vendor }) => {
    const body = payload(file);
    const events = await rig.parse(vendor, body);
    const res = await rig.post(vendor, body);
    expect(res.statusCode).toBe(200);
    expect(JSON.parse(res.body).received).toBe(events.length);
    const records = new Map(
      (await rig.scan(rig.stack.tables.suppressions)).map((r) => [r.email as string, r]),
    );
    const retries = rig.queued(rig.stack.retryQueueUrl).map((m) => JSON.parse(m.body));
    const suppressedInPayload = new Set(
      events.filter((e) => planEvent(e).type === 'suppress').map((e) => e.recipient),
    );
    for (const e of events) {
      const intent = planEvent(e);
      if (intent.type === 'suppress') {
        const rec = records.get(e.recipient as string);
        expect(rec, `record for ${e.recipient}`).toBeDefined();
        if (!e.echo)
          expect(((rec?.evidence ?? []) as { eventId: string }[]).map((x) => x.eventId)).toContain(
            e.id,
          );
      } else if (intent.type === 'soft-bounce' && !suppressedInPayload.has(e.recipient)) {
        expect(retries.filter((r) => r.eventId === e.id)).toHaveLength(1);
      } else if (intent.type === 'none' && !suppressedInPayload.has(e.recipient)) {
        expect(records.has(e.recipient as string)).toBe(false);
      }
    }
    // A soft bounce before a suppression of the same recipient in one payload may still be
    // scheduled (the worker drops it once due); one after it never is.
    const soft = events.filter((e) => planEvent(e).type === 'soft-bounce');
    const possible = new Set(soft.map((e) => e.id));
    const ids = retries.map((r) => r.eventId as string);
    expect(ids.every((id) => possible.has(id))).toBe(true);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it.each([
    {
      file: 'sendgrid-bounce-hard.json',
      vendor: 'sendgrid',
      email: 'noreply@example.com',
      code: 550,
      enhanced: '5.1.1',
      reason: 'user-unknown',
    },
    {
      file: 'postmark-spamcomplaint-docs.json',
      vendor: 'postmark',
      email: 'john@example.com',
      code: null,
      enhanced: null,
      reason: 'complaint',
    },
    {
      file: 'ses-notification-bounce-permanent-general-sns.json',
      vendor: 'ses',
      email: null,
      code: 550,
      enhanced: '5.1.1',
      reason: 'user-unknown',
    },
  ] as const)(
    '$file suppresses with the vendor reply',
    async ({ file, vendor, email, code, enhanced, reason }) => {
      await rig.post(vendor, payload(file));
      const rows = await rig.scan(rig.stack.tables.suppressions);
      const rec = email ? rows.find((r) => r.email === email) : rows[0];
      expect(rec).toMatchObject({ status: 'suppressed', reason, vendor, count: 1 });
      expect((rec?.reply ?? { code: null, enhanced: null }) as object).toMatchObject({
        code,
        enhanced,
      });
      if (reason === 'complaint') expect(rec?.expiresAt).toBeUndefined();
    },
  );

  it('leaves a SendGrid deferral to SendGrid, which is still retrying it', async () => {
    const body = payload('sendgrid-deferred-smtp-response.json');
    const [event] = await rig.parse('sendgrid', body);
    expect(event).toMatchObject({ kind: 'deferral', verdict: { action: 'retry' } });
    expect((await rig.post('sendgrid', body)).statusCode).toBe(200);
    expect(rig.queued(rig.stack.retryQueueUrl)).toHaveLength(0);
  });

  it('schedules a SendGrid block (not retried by SendGrid) as a delayed retry message', async () => {
    const body = Buffer.from(
      JSON.stringify([
        {
          email: 'blocked@example.com',
          timestamp: Math.floor(rig.clock.t.getTime() / 1000),
          event: 'bounce',
          type: 'blocked',
          status: '4.7.0',
          reason: '421 4.7.0 Try again later',
          sg_event_id: 'blk-1',
          sg_message_id: 'blk.m',
        },
      ]),
    );
    const [event] = await rig.parse('sendgrid', body);
    expect(event).toMatchObject({ kind: 'block', verdict: { action: 'retry' } });
    await rig.post('sendgrid', body);
    const msgs = rig.queued(rig.stack.retryQueueUrl);
    expect(msgs).toHaveLength(1);
    const m = msgs[0]!;
    const body1 = JSON.parse(m.body);
    expect(body1).toMatchObject({ recipient: event?.recipient, attempt: 1, vendor: 'sendgrid' });
    const delay = Math.round(((m.delayUntil ?? 0) - m.sentTimestamp) / 1000);
    expect(delay).toBe(Math.min(900, (Date.parse(body1.dueAt) - rig.clock.t.getTime()) / 1000));
  });

  it.each([
    [
      'sendgrid',
      'sendgrid-group_unsubscribe-basic.json',
      'sendgrid-group_resubscribe-basic.json',
      'example@test.com',
    ],
    [
      'postmark',
      'postmark-subscriptionchange-unsubscribe.json',
      'postmark-subscriptionchange-reactivation.json',
      'john@example.com',
    ],
  ] as const)(
    '%s: unsubscribe then resubscribe/reactivation lifts the record, keeping it',
    async (vendor, unsub, resub, email) => {
      await rig.post(vendor, payload(unsub));
      const before = (await rig.scan(rig.stack.tables.suppressions)).find((r) => r.email === email);
      expect(before).toMatchObject({ status: 'suppressed', reason: 'unsubscribed' });
      await rig.post(vendor, payload(resub));
      const after = (await rig.scan(rig.stack.tables.suppressions)).find((r) => r.email === email);
      expect(after).toMatchObject({
        status: 'unsuppressed',
        reason: 'unsubscribed',
        count: 1,
        lifted: { by: `webhook:${vendor}` },
      });
    },
  );
});
