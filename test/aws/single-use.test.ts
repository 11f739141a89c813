/**
 * Mailgun's tokens through the single-use ledger on DynamoDB Local (no SDK mocks): the ledger's
 * states, its TTL item, its error translation; and through the generic webhook handler: a
 * repeated delivery answers 200 and applies nothing again, the same signature with other events
 * is refused (403 replay) and writes nothing, a delivery that failed on our side (5xx) succeeds
 * when Mailgun retries it, and a claim is only made for requests that verified and parsed.
 */
import { randomUUID } from 'node:crypto';
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { createSingleUseLedger, createWebhookHandler, singleUseKey } from '@rebound/aws';
import { DependencyError, loadVendor, type SingleUse } from '@rebound/core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { signMailgunRequest } from '../../packages/core/src/vendors/mailgun/replay.ts';
import { createRig, MG_KEY, payload, type Rig } from './e2e.ts';
import { clientsFor, HAS_TRANSACTIONS, httpEvent, lambdaContext } from './helpers.ts';

let rig: Rig;
beforeAll(async () => {
  rig = await createRig();
});
afterAll(async () => rig?.stop());

const use = (digest = 'a'.repeat(64)): SingleUse => ({
  key: `mailgun#${randomUUID()}`,
  digest,
  expiresAt: new Date('2030-01-01T00:00:00Z'),
});

describe('single-use ledger on the State table', () => {
  it('claimed → pending (same content) → settled; other content is a conflict', async () => {
    const ledger = createSingleUseLedger(rig.stack.clients.doc, rig.stack.tables.state);
    const u = use();
    expect(await ledger.claim(u)).toBe('claimed');
    expect(await ledger.claim(u)).toBe('pending');
    await ledger.settle(u);
    expect(await ledger.claim(u)).toBe('settled');
    expect(await ledger.claim({ ...u, digest: 'b'.repeat(64) })).toBe('conflict');
    const items = await rig.scan(rig.stack.tables.state);
    expect(items.find((i) => i.pk === singleUseKey(u.key))).toEqual({
      pk: `once#${u.key}`,
      digest: u.digest,
      status: 'settled',
      expiresAt: Math.ceil(u.expiresAt.getTime() / 1000),
    });
  });

  it('settling over a claim with other content fails instead of overwriting it', async () => {
    const ledger = createSingleUseLedger(rig.stack.clients.doc, rig.stack.tables.state);
    const u = use();
    expect(await ledger.claim(u)).toBe('claimed');
    await expect(ledger.settle({ ...u, digest: 'c'.repeat(64) })).rejects.toBeInstanceOf(
      DependencyError,
    );
    expect(await ledger.claim(u)).toBe('pending');
  });

  it('an unreachable DynamoDB is a DependencyError naming dynamodb (answer 5xx)', async () => {
    const down = clientsFor('http://127.0.0.1:9', process.env.SQS_ENDPOINT, 1);
    const ledger = createSingleUseLedger(down.doc, rig.stack.tables.state);
    const err = await ledger.claim(use()).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DependencyError);
    expect((err as DependencyError).dependency).toBe('dynamodb');
  });
});

describe.skipIf(!HAS_TRANSACTIONS)('Mailgun tokens through the webhook handler', () => {
  beforeEach(async () => rig.reset());

  const complaint = (recipient: string) => ({
    ...JSON.parse(payload('mailgun-complained-docs.json').toString())['event-data'],
    recipient,
  });
  const post = (body: Uint8Array | string, headers: Record<string, string>) =>
    rig.invoke(
      rig.handlers.mailgun,
      httpEvent({ path: '/webhooks/mailgun', headers, body: Buffer.from(body) }),
    );
  const suppressed = async () =>
    (await rig.scan(rig.stack.tables.suppressions)).map((r) => r.email).sort();

  it('the same delivery twice: 200 both times, the second applies nothing', async () => {
    const req = signMailgunRequest(complaint('first@example.com'), MG_KEY, rig.clock.t);
    const first = await post(req.body, req.headers);
    expect(first.statusCode).toBe(200);
    expect(JSON.parse(first.body)).toMatchObject({ ok: true, received: 1 });
    const before = await rig.scan(rig.stack.tables.suppressions);
    const second = await post(req.body, req.headers);
    expect(second.statusCode).toBe(200);
    expect(JSON.parse(second.body)).toEqual({ ok: true, received: 1, duplicate: true });
    expect(await rig.scan(rig.stack.tables.suppressions)).toEqual(before);
  });

  it('a re-serialised copy of the same delivery (other key order) is the same delivery', async () => {
    const data = complaint('order@example.com');
    const req = signMailgunRequest(data, MG_KEY, rig.clock.t);
    expect((await post(req.body, req.headers)).statusCode).toBe(200);
    const parsed = JSON.parse(Buffer.from(req.body).toString());
    const reordered = JSON.stringify({
      'event-data': Object.fromEntries(Object.entries(parsed['event-data']).reverse()),
      signature: parsed.signature,
    });
    const again = await post(reordered, req.headers);
    expect(JSON.parse(again.body)).toMatchObject({ duplicate: true });
  });

  it('the same signature with other events: 403 replay, nothing written for them', async () => {
    const req = signMailgunRequest(complaint('real@example.com'), MG_KEY, rig.clock.t);
    expect((await post(req.body, req.headers)).statusCode).toBe(200);
    const { signature } = JSON.parse(Buffer.from(req.body).toString());
    const forged = JSON.stringify({ signature, 'event-data': complaint('victim@example.com') });
    const res = await post(forged, req.headers);
    expect(res.statusCode).toBe(403);
    expect(JSON.parse(res.body)).toEqual({ error: 'verification failed', check: 'replay' });
    expect(await suppressed()).toEqual(['real@example.com']);
  });

  it('a signature first seen with forged events cannot carry the real ones later either', async () => {
    // The order an attacker who saw the request in flight could race for: only one content wins.
    const req = signMailgunRequest(complaint('a@example.com'), MG_KEY, rig.clock.t);
    const { signature } = JSON.parse(Buffer.from(req.body).toString());
    const other = JSON.stringify({ signature, 'event-data': complaint('b@example.com') });
    expect((await post(other, req.headers)).statusCode).toBe(200);
    expect((await post(req.body, req.headers)).statusCode).toBe(403);
    expect(await suppressed()).toEqual(['b@example.com']);
  });

  it('our side failed (5xx): Mailgun retrying the same delivery succeeds and applies it', async () => {
    // A handler whose retry queue does not exist: the soft bounce's retry cannot be enqueued.
    const broken = createWebhookHandler({
      ...rig.base,
      retryQueueUrl: `${rig.stack.retryQueueUrl}-missing-${randomUUID().slice(0, 6)}`,
      adapter: await loadVendor('mailgun'),
      settings: { signingKeys: [MG_KEY], maxAgeSeconds: 32_400, maxFutureSeconds: 300 },
    });
    const gaveUp = JSON.parse(payload('mailgun-failed-permanent-old-constructed.json').toString());
    const req = signMailgunRequest(gaveUp['event-data'], MG_KEY, rig.clock.t);
    const event = () =>
      httpEvent({ path: '/webhooks/mailgun', headers: req.headers, body: Buffer.from(req.body) });
    const failed = await broken(event(), lambdaContext() as never);
    expect(failed.statusCode).toBeGreaterThanOrEqual(500);
    const claim = (await rig.scan(rig.stack.tables.state)).filter((i) =>
      String(i.pk).startsWith('once#'),
    );
    expect(claim).toMatchObject([{ status: 'pending' }]);
    const retried = await rig.invoke(rig.handlers.mailgun, event());
    expect(retried.statusCode).toBe(200);
    expect(JSON.parse(retried.body).duplicate).toBeUndefined();
    expect(rig.queued(rig.stack.retryQueueUrl)).toHaveLength(1);
    const settled = (await rig.scan(rig.stack.tables.state)).filter((i) =>
      String(i.pk).startsWith('once#'),
    );
    expect(settled).toMatchObject([{ status: 'settled' }]);
  });

  it.each([
    ['a wrong key', 403, (b: Record<string, unknown>) => b, 'wrong-key'],
    ['a token changed by one character', 403, (b: Record<string, unknown>) => b, 'tamper'],
    ['no signature block', 401, ({ signature: _s, ...rest }: Record<string, unknown>) => rest, ''],
    ['no event-data', 400, ({ 'event-data': _e, ...rest }: Record<string, unknown>) => rest, ''],
  ] as const)('%s: %i, and no claim is written', async (_name, status, change, how) => {
    const key = how === 'wrong-key' ? 'another-signing-key' : MG_KEY;
    const req = signMailgunRequest(complaint('bad@example.com'), key, rig.clock.t);
    const body = change(JSON.parse(Buffer.from(req.body).toString()));
    if (how === 'tamper') (body.signature as Record<string, string>).token += '0';
    const res = await post(JSON.stringify(body), req.headers);
    expect(res.statusCode).toBe(status);
    const state = await rig.stack.clients.doc.send(
      new ScanCommand({ TableName: rig.stack.tables.state, ConsistentRead: true }),
    );
    expect(state.Items ?? []).toEqual([]);
    expect(await suppressed()).toEqual([]);
  });
});
