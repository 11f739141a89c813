/**
 * SES sync with the real `@aws-sdk/client-sesv2` pointed (`endpoint`) at a local server that
 * speaks the SESv2 REST-JSON protocol and verifies SigV4 (test/sync/fakes/ses-fake.ts; SES API
 * v2 reference: https://docs.aws.amazon.com/ses/latest/APIReference-V2/API_ListSuppressedDestinations.html,
 * …/API_PutSuppressedDestination.html, …/API_DeleteSuppressedDestination.html,
 * …/CommonErrors.html), and DynamoDB Local for Rebound's side.
 */

import { createSuppressionStore } from '@rebound/aws';
import {
  createSesSync,
  runSync,
  SyncAuthError,
  type SyncProgress,
  SyncVendorError,
} from '@rebound/aws/sync';
import { hashedKey } from '@rebound/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { rateLimitStorm } from './fakes/fake-server.ts';
import { SES_THROTTLED, type SesFake, startSesFake } from './fakes/ses-fake.ts';
import {
  cursorItem,
  HAS_TRANSACTIONS,
  lifted,
  record,
  recordingPolicy,
  recordsByEmail,
  type SyncStack,
  scanAll,
  seed,
  syncStack,
} from './helpers.ts';

const KEY = { accessKeyId: 'AKIDSYNCTEST', secretAccessKey: 'sync-test-secret' };
const DAY = 86_400_000;
const ago = (ms: number) => new Date(Date.now() - ms).toISOString();
let fake: SesFake;
let stack: SyncStack;
let waits: number[];

beforeEach(async () => {
  fake = await startSesFake(KEY.accessKeyId, KEY.secretAccessKey);
  stack = await syncStack();
  waits = [];
});
afterEach(async () => {
  await fake.close();
});

const adapter = (over: { pageSize?: number; secret?: string } = {}) =>
  createSesSync({
    endpoint: fake.url,
    region: 'eu-west-1',
    credentials: { ...KEY, ...(over.secret ? { secretAccessKey: over.secret } : {}) },
    policy: recordingPolicy(waits),
    ...(over.pageSize ? { pageSize: over.pageSize } : {}),
  });

const sync = (over: Partial<Parameters<typeof runSync>[0]> & { pageSize?: number } = {}) => {
  const { pageSize, ...rest } = over;
  return runSync({
    adapter: adapter(pageSize ? { pageSize } : {}),
    doc: stack.clients.doc,
    tables: stack.tables,
    ...rest,
  });
};

/** Puts an entry on the fake's list `at` (epoch ms). */
function listed(address: string, reason: 'BOUNCE' | 'COMPLAINT', at: number) {
  fake.list.set(address.toLowerCase(), {
    EmailAddress: address,
    Reason: reason,
    LastUpdateTime: at,
  });
}

/** The PUT bodies the fake received, sorted. */
const puts = () =>
  fake.requests
    .filter((r) => r.method === 'PUT')
    .map((r) => JSON.parse(r.body) as { EmailAddress: string; Reason: string })
    .sort((a, b) => a.EmailAddress.localeCompare(b.EmailAddress));

describe.skipIf(!HAS_TRANSACTIONS)('SES sync', () => {
  it('pull creates a record per suppressed address (paged with NextToken), once', async () => {
    for (let i = 0; i < 5; i++) listed(`b${i}@example.com`, 'BOUNCE', Date.now() - 10 * DAY + i);
    listed('Complainer@Example.com', 'COMPLAINT', Date.now() - 9 * DAY);
    const first = await sync({ pageSize: 2 });
    expect(first.counts).toMatchObject({ pulled: 6, created: 6, known: 0, pushed: 0 });
    const records = await recordsByEmail(stack);
    expect(records.get('complainer@example.com')).toMatchObject({
      reason: 'complaint',
      vendor: 'ses',
      createdByEcho: true,
      reply: null,
    });
    expect(records.get('b0@example.com')).toMatchObject({
      reason: 'vendor-suppressed',
      reply: { code: 550, enhanced: '5.1.1', inferred: ['code', 'enhanced'] },
    });
    expect(records.get('b0@example.com')?.evidence[0]?.hints?.labels).toEqual(['ses:sync/BOUNCE']);
    const lists = fake.requests.filter((r) => r.method === 'GET');
    expect(lists.map((r) => r.query.get('PageSize'))).toEqual(['2', '2', '2']);
    expect(lists.map((r) => r.query.has('NextToken'))).toEqual([false, true, true]);
    // The real client signed every request, and the fake verified every signature.
    expect(fake.verified).toBe(fake.requests.length);
    expect(fake.requests[0]?.headers.authorization).toMatch(/\/eu-west-1\/ses\/aws4_request/);

    const before = await scanAll(stack, 'suppressions');
    const second = await sync({ pageSize: 2 });
    expect(second.counts).toMatchObject({ pulled: 6, created: 0, skipped: 6, pushed: 0 });
    expect(await scanAll(stack, 'suppressions')).toEqual(before);
  });

  it('push sends exactly the active global suppressions SES lacks, with BOUNCE or COMPLAINT', async () => {
    const future = Math.floor(Date.now() / 1000) + 86_400;
    await seed(stack, [
      record('hard@example.com', { reason: 'user-unknown', expiresAt: future }),
      record('complaint@example.com', { reason: 'complaint' }),
      record('unsub@example.com', { reason: 'unsubscribed' }),
      record('soft@example.com', { reason: 'persistent-soft-bounce', expiresAt: future }),
      record('global@example.com', { reason: 'user-unknown', scope: 'global' } as never),
      record('already@example.com', { reason: 'user-unknown' }),
      record('stream:marketing:streamed@example.com', {
        reason: 'unsubscribed',
        scope: 'marketing',
      } as never),
      record(hashedKey('k', 'erased@example.com'), { reason: 'complaint' }),
      record('expired@example.com', { reason: 'user-unknown', expiresAt: 1 }),
      record('probation@example.com', { status: 'probation', action: 'investigate' }),
      lifted('lifted@example.com', ago(30 * DAY), 'cli', true),
    ]);
    listed('already@example.com', 'BOUNCE', Date.now() - 5 * DAY);
    const result = await sync({ scanLimit: 3 });
    expect(result.counts).toMatchObject({ pushed: 5, created: 0, known: 1 });
    expect(puts()).toEqual([
      { EmailAddress: 'complaint@example.com', Reason: 'COMPLAINT' },
      { EmailAddress: 'global@example.com', Reason: 'BOUNCE' },
      { EmailAddress: 'hard@example.com', Reason: 'BOUNCE' },
      { EmailAddress: 'soft@example.com', Reason: 'BOUNCE' },
      { EmailAddress: 'unsub@example.com', Reason: 'COMPLAINT' },
    ]);
    expect([...fake.list.keys()].sort()).toEqual([
      'already@example.com',
      'complaint@example.com',
      'global@example.com',
      'hard@example.com',
      'soft@example.com',
      'unsub@example.com',
    ]);
    // Next time SES has them all: nothing to push.
    fake.requests.length = 0;
    const again = await sync();
    expect(again.counts.pushed).toBe(0);
    expect(puts()).toEqual([]);
  });

  it('a lift in Rebound is repeated at SES when SES still lists the address from before it', async () => {
    const since = ago(DAY);
    await seed(stack, [
      lifted('resubscribed@example.com', ago(3_600_000), 'webhook:ses', undefined, {
        vendor: 'ses',
      }),
      lifted('by-api@example.com', ago(3_600_000), 'api:ops', false),
      lifted('relisted@example.com', ago(3_600_000), 'api:ops', false),
      lifted('earlier@example.com', ago(2 * DAY), 'api:ops', true),
      lifted('not-at-ses@example.com', ago(3_600_000), 'cli', true),
    ]);
    listed('resubscribed@example.com', 'COMPLAINT', Date.now() - 30 * DAY);
    listed('by-api@example.com', 'BOUNCE', Date.now() - 30 * DAY);
    // SES suppressed this one again after Rebound's lift: SES keeps it.
    listed('relisted@example.com', 'BOUNCE', Date.now() - 60_000);
    listed('earlier@example.com', 'BOUNCE', Date.now() - 30 * DAY);
    const result = await sync({ since });
    expect(result.counts).toMatchObject({ lifted: 2, liftAbsent: 0, pushed: 0 });
    const deletes = fake.requests.filter((r) => r.method === 'DELETE').map((r) => r.path);
    expect(deletes.sort()).toEqual([
      '/v2/email/suppression/addresses/by-api@example.com',
      '/v2/email/suppression/addresses/resubscribed@example.com',
    ]);
    expect([...fake.list.keys()].sort()).toEqual(['earlier@example.com', 'relisted@example.com']);
    // The pulled echo of relisted@ did not re-suppress it here either.
    expect((await recordsByEmail(stack)).get('relisted@example.com')?.status).toBe('unsuppressed');
  });

  it('end to end: any lift through the suppression store is repeated at SES on the next run', async () => {
    listed('ses-listed@example.com', 'BOUNCE', Date.now() - 30 * DAY);
    await seed(stack, [record('ours@example.com', { reason: 'user-unknown' })]);
    const first = await sync();
    expect(first.counts).toMatchObject({ created: 1, pushed: 1 });
    const store = createSuppressionStore({
      doc: stack.clients.doc,
      table: stack.tables.suppressions,
    });
    for (const address of ['ses-listed@example.com', 'ours@example.com']) {
      expect(
        await store.lift(address, { by: 'api:ops', why: 'delivered fine since' }),
      ).toMatchObject({
        type: 'lifted',
      });
    }
    const second = await sync();
    expect(second.counts).toMatchObject({ lifted: 2, pushed: 0, created: 0 });
    expect(fake.list.size).toBe(0);
    const records = await recordsByEmail(stack);
    expect(records.get('ses-listed@example.com')?.status).toBe('unsuppressed');
    expect(records.get('ours@example.com')?.status).toBe('unsuppressed');
  });

  it('a TooManyRequestsException storm finishes', async () => {
    for (let i = 0; i < 30; i++) listed(`s${i}@example.com`, 'BOUNCE', Date.now() - DAY + i);
    await seed(
      stack,
      Array.from({ length: 20 }, (_, i) => record(`push${i}@example.com`)),
    );
    fake.fault = rateLimitStorm({
      every: 2,
      times: 15,
      body: SES_THROTTLED.body,
      headers: SES_THROTTLED.headers,
    });
    const result = await sync({ pageSize: 10 });
    expect(result.status).toBe('completed');
    expect(result.counts).toMatchObject({ created: 30, pushed: 20, rateLimitWaits: 15 });
    expect(waits).toHaveLength(15);
    expect(fake.list.size).toBe(50);
    expect(fake.requests.filter((r) => r.status === 429)).toHaveLength(15);
  });

  it('Retry-After on a throttle is honoured', async () => {
    listed('one@example.com', 'BOUNCE', Date.now() - DAY);
    fake.fault = rateLimitStorm({
      every: 1,
      times: 2,
      retryAfter: 7,
      body: SES_THROTTLED.body,
      headers: SES_THROTTLED.headers,
    });
    const result = await sync();
    expect(result.counts.created).toBe(1);
    expect(waits).toEqual([7000, 7000]);
  });

  it('wrong credentials say what to check', async () => {
    await expect(
      runSync({
        adapter: adapter({ secret: 'wrong' }),
        doc: stack.clients.doc,
        tables: stack.tables,
      }),
    ).rejects.toThrow(SyncAuthError);
    await expect(
      runSync({
        adapter: adapter({ secret: 'wrong' }),
        doc: stack.clients.doc,
        tables: stack.tables,
      }),
    ).rejects.toThrow(
      /InvalidSignatureException.*check the AWS credentials.*ses:ListSuppressedDestinations/,
    );
  });

  it('a crash while pushing resumes at the scan page it stopped on, pushing nothing twice', async () => {
    await seed(
      stack,
      Array.from({ length: 12 }, (_, i) => record(`p${String(i).padStart(2, '0')}@example.com`)),
    );
    listed('on-ses@example.com', 'BOUNCE', Date.now() - DAY);
    // SES fails every request after the 5th PUT.
    fake.fault = () =>
      fake.requests.filter((r) => r.method === 'PUT').length > 5
        ? {
            status: 500,
            headers: { 'x-amzn-errortype': 'InternalFailure' },
            body: { message: 'internal' },
          }
        : undefined;
    await expect(sync({ scanLimit: 4 })).rejects.toThrow(SyncVendorError);
    const cursor = await cursorItem(stack, 'ses');
    expect(cursor).toMatchObject({ run: { phase: 'reconcile', leaseUntil: 0 } });
    expect((cursor?.run as { scanKey?: unknown } | undefined)?.scanKey).toEqual({
      email: expect.any(String),
    });
    const pushedBefore = new Set([...fake.list.keys()]);
    expect(pushedBefore.size).toBeGreaterThan(1);
    expect(pushedBefore.size).toBeLessThan(13);

    fake.fault = undefined;
    const phases: SyncProgress['phase'][] = [];
    const resumed = await sync({ scanLimit: 4, onProgress: (p) => phases.push(p.phase) });
    expect(resumed).toMatchObject({ status: 'completed', resumed: true });
    // It read SES's list again (feeding nothing), then went on scanning.
    expect(phases[0]).toBe('list');
    expect(phases).not.toContain('pull');
    expect(fake.list.size).toBe(13);
    // Over both runs, each of the 12 went to SES exactly once.
    const okPuts = fake.requests.filter((r) => r.method === 'PUT' && r.status === 200);
    const addresses = okPuts.map((r) => JSON.parse(r.body).EmailAddress as string);
    expect(addresses).toHaveLength(12);
    expect(new Set(addresses).size).toBe(12);
  });

  it('a dry run lists what it would create, push and lift, and writes nothing anywhere', async () => {
    await seed(stack, [
      record('push@example.com', { reason: 'complaint' }),
      lifted('lift@example.com', ago(3_600_000), 'api:ops', false),
    ]);
    listed('new@example.com', 'BOUNCE', Date.now() - DAY);
    listed('lift@example.com', 'BOUNCE', Date.now() - 30 * DAY);
    const items: string[] = [];
    const before = await scanAll(stack, 'suppressions');
    const result = await sync({
      dryRun: true,
      onItem: (i) => items.push(`${i.action} ${i.address} ${i.detail}`),
    });
    expect(result.counts).toMatchObject({ pulled: 2, created: 1, known: 1, pushed: 1, lifted: 1 });
    expect(items).toHaveLength(3);
    expect(items).toEqual(
      expect.arrayContaining([
        'create new@example.com vendor-suppressed from ses:sync/BOUNCE',
        'push push@example.com COMPLAINT',
        expect.stringMatching(/^lift lift@example\.com lifted \S+ by api:ops: customer asked$/),
      ]),
    );
    expect(fake.requests.filter((r) => r.method !== 'GET')).toEqual([]);
    expect(await scanAll(stack, 'suppressions')).toEqual(before);
    expect(await scanAll(stack, 'state')).toEqual([]);
  });
});
