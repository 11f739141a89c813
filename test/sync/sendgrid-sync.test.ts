/**
 * SendGrid sync against a local server implementing SendGrid's v3 suppression endpoints
 * (test/sync/fakes/sendgrid-fake.ts; Twilio SendGrid API reference:
 * https://www.twilio.com/docs/sendgrid/api-reference/bounces-api, …/blocks-api,
 * …/spam-reports-api, …/invalid-e-mails-api, …/suppressions-global-suppressions,
 * …/how-to-use-the-sendgrid-v3-api/rate-limits) and DynamoDB Local for Rebound's side.
 */

import { createSuppressionStore } from '@rebound/aws';
import {
  createSendgridSync,
  runSync,
  SyncAuthError,
  type SyncItem,
  SyncVendorError,
  syncKey,
} from '@rebound/aws/sync';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { countRequests } from '../aws/helpers.ts';
import { rateLimitStorm } from './fakes/fake-server.ts';
import { type SendgridFake, startSendgridFake } from './fakes/sendgrid-fake.ts';
import {
  cursorItem,
  HAS_TRANSACTIONS,
  lifted,
  recordingPolicy,
  recordsByEmail,
  type SyncStack,
  scanAll,
  seed,
  syncStack,
  unix,
} from './helpers.ts';

const KEY = 'SG.test-key';
/** Unix seconds `d` days before the test file started (list times must be in the past). */
const NOW_S = Math.floor(Date.now() / 1000);
const daysAgo = (d: number) => NOW_S - d * 86_400;
const iso = (s: number) => new Date(s * 1000).toISOString();
let fake: SendgridFake;
let stack: SyncStack;
let waits: number[];

beforeEach(async () => {
  fake = await startSendgridFake(KEY);
  stack = await syncStack();
  waits = [];
});
afterEach(async () => {
  await fake.close();
});

const adapter = (over: { apiKey?: string; pageSize?: number } = {}) =>
  createSendgridSync({
    apiKey: over.apiKey ?? KEY,
    baseUrl: fake.url,
    policy: recordingPolicy(waits),
    ...(over.pageSize ? { pageSize: over.pageSize } : {}),
  });

const sync = (over: Partial<Parameters<typeof runSync>[0]> = {}) =>
  runSync({ adapter: adapter(), doc: stack.clients.doc, tables: stack.tables, ...over });

/** `n` bounces `b<i>@example.com`, one second apart from `from` (unix seconds). */
function bounces(n: number, from = daysAgo(30)) {
  return Array.from({ length: n }, (_, i) => ({
    email: `b${i}@example.com`,
    created: from + i,
    reason: '550 5.1.1 The email account that you tried to reach does not exist',
    status: '5.1.1',
  }));
}

describe.skipIf(!HAS_TRANSACTIONS)('SendGrid sync', () => {
  it('pull creates one echo record per listed address, with the list’s reason, once', async () => {
    fake.lists.bounces.push(...bounces(2));
    fake.lists.spam_reports.push({
      email: 'Spam@Example.com',
      created: daysAgo(29),
      ip: '10.0.0.1',
    });
    fake.lists.unsubscribes.push({ email: 'unsub@example.com', created: daysAgo(28) });
    fake.lists.invalid_emails.push({
      email: 'bad@nowhere.invalid',
      created: daysAgo(27),
      reason: 'Mail domain mentioned in email address is unknown',
    });
    fake.lists.blocks.push(
      {
        email: 'blocked@example.com',
        created: daysAgo(26),
        reason:
          '554 5.7.1 Service unavailable; Client host [192.0.2.1] blocked using zen.spamhaus.org',
        status: '5.7.1',
      },
      {
        email: 'gone@example.com',
        created: daysAgo(26),
        reason: '550 5.1.1 <gone@example.com>: Recipient address rejected: User unknown',
        status: '5.1.1',
      },
    );
    fake.lists.bounces.push({ email: 'not an address', created: daysAgo(25) } as never);

    const first = await sync();
    expect(first.status).toBe('completed');
    expect(first.counts).toMatchObject({ pulled: 8, created: 6, known: 0, skipped: 2 });
    const records = await recordsByEmail(stack);
    expect([...records.keys()].sort()).toEqual([
      'b0@example.com',
      'b1@example.com',
      'bad@nowhere.invalid',
      'gone@example.com',
      'spam@example.com',
      'unsub@example.com',
    ]);
    const reasons = Object.fromEntries([...records].map(([k, r]) => [k, r.reason]));
    expect(reasons).toEqual({
      'b0@example.com': 'vendor-suppressed',
      'b1@example.com': 'vendor-suppressed',
      'bad@nowhere.invalid': 'invalid-address',
      'gone@example.com': 'user-unknown',
      'spam@example.com': 'complaint',
      'unsub@example.com': 'unsubscribed',
    });
    const b0 = records.get('b0@example.com')!;
    expect(b0).toMatchObject({
      status: 'suppressed',
      createdByEcho: true,
      vendor: 'sendgrid',
      firstSeen: iso(daysAgo(30)),
      reply: { code: 550, enhanced: '5.1.1' },
    });
    expect(b0.evidence).toHaveLength(1);
    expect(b0.evidence[0]).toMatchObject({
      vendor: 'sendgrid',
      kind: 'dropped',
      echo: true,
      at: iso(daysAgo(30)),
      hints: { reason: 'vendor-suppressed', labels: ['sendgrid:sync/bounces'] },
    });
    // Complaints and unsubscribes never expire; bounces do.
    expect(records.get('spam@example.com')?.expiresAt).toBeUndefined();
    expect(b0.expiresAt).toBeGreaterThan(daysAgo(-300));
    // Every request carried the key; the first run asked for everything up to its start.
    expect(fake.requests.every((r) => r.headers.authorization === `Bearer ${KEY}`)).toBe(true);
    expect(fake.requests.some((r) => r.query.has('start_time'))).toBe(false);
    expect(fake.requests.every((r) => r.query.get('end_time') !== null)).toBe(true);

    // A second run: same answers, nothing written to the Suppressions table.
    const before = await scanAll(stack, 'suppressions');
    const counter = countRequests(stack.clients.doc);
    fake.requests.length = 0;
    const second = await sync();
    expect(second.counts).toMatchObject({ pulled: 0, created: 0 });
    expect(counter.counts.get('TransactWriteCommand') ?? 0).toBe(0);
    expect(await scanAll(stack, 'suppressions')).toEqual(before);
    // …because it asked only for what was listed since the first run began (minus the overlap).
    const starts = fake.requests.map((r) => Number(r.query.get('start_time')));
    expect(new Set(starts)).toEqual(new Set([unix(first.until) - 3600]));
  });

  it('the same entries pulled again (--since all) change nothing either', async () => {
    fake.lists.bounces.push(...bounces(3));
    await sync();
    const before = await scanAll(stack, 'suppressions');
    const again = await sync({ since: null });
    expect(again.counts).toMatchObject({ pulled: 3, created: 0, known: 3 });
    expect(await scanAll(stack, 'suppressions')).toEqual(before);
  });

  it('an echo never re-suppresses a lifted address, and a lift not forced stays here', async () => {
    const liftAt = new Date(Date.now() - 60_000).toISOString();
    await seed(stack, [lifted('back@example.com', liftAt, 'api:ops', undefined)]);
    fake.lists.bounces.push({ email: 'back@example.com', created: daysAgo(90) });
    const before = await scanAll(stack, 'suppressions');
    const result = await sync();
    expect(result.counts).toMatchObject({ pulled: 1, created: 0, known: 1, lifted: 0 });
    expect(await scanAll(stack, 'suppressions')).toEqual(before);
    expect(fake.requests.filter((r) => r.method === 'DELETE')).toEqual([]);
    expect(fake.lists.bounces.map((e) => e.email)).toEqual(['back@example.com']);
  });

  it('a human-forced lift deletes the address at SendGrid, from every list it is on', async () => {
    const since = new Date(Date.now() - 3_600_000).toISOString();
    const recent = new Date(Date.now() - 60_000).toISOString();
    const old = new Date(Date.now() - 7_200_000).toISOString();
    await seed(stack, [
      lifted('forced@example.com', recent, 'api:support', true),
      lifted('cli@example.com', recent, 'cli', true),
      lifted('unforced@example.com', recent, 'api:support', false),
      lifted('resubscribed@example.com', recent, 'webhook:sendgrid', true),
      lifted('before@example.com', old, 'cli', true),
      lifted('stream:marketing:streamed@example.com', recent, 'cli', true),
    ]);
    const everywhere = (email: string) => ({ email, created: daysAgo(90) });
    for (const email of [
      'forced@example.com',
      'unforced@example.com',
      'resubscribed@example.com',
      'before@example.com',
      'streamed@example.com',
    ]) {
      fake.lists.bounces.push(everywhere(email));
    }
    fake.lists.spam_reports.push(everywhere('forced@example.com'));
    const items: SyncItem[] = [];
    const result = await sync({ since, onItem: (i) => items.push(i) });
    expect(result.counts).toMatchObject({ lifted: 1, liftAbsent: 1 });
    const deletes = fake.requests.filter((r) => r.method === 'DELETE').map((r) => r.path);
    expect(deletes.sort()).toEqual(
      [
        '/v3/asm/suppressions/global/cli@example.com',
        '/v3/asm/suppressions/global/forced@example.com',
        '/v3/suppression/blocks/cli@example.com',
        '/v3/suppression/blocks/forced@example.com',
        '/v3/suppression/bounces/cli@example.com',
        '/v3/suppression/bounces/forced@example.com',
        '/v3/suppression/invalid_emails/cli@example.com',
        '/v3/suppression/invalid_emails/forced@example.com',
        '/v3/suppression/spam_reports/cli@example.com',
        '/v3/suppression/spam_reports/forced@example.com',
      ].sort(),
    );
    expect(fake.lists.bounces.map((e) => e.email).sort()).toEqual([
      'before@example.com',
      'resubscribed@example.com',
      'streamed@example.com',
      'unforced@example.com',
    ]);
    expect(fake.lists.spam_reports).toEqual([]);
    expect(items.filter((i) => i.action === 'lift').map((i) => [i.address, i.detail])).toEqual(
      expect.arrayContaining([
        [
          'forced@example.com',
          expect.stringMatching(/by api:support.*→ lifted \(spam_reports, bounces\)/),
        ],
        ['cli@example.com', expect.stringMatching(/→ absent/)],
      ]),
    );
    // The lifted records stay lifted: the pulled echoes found them and changed nothing.
    const records = await recordsByEmail(stack);
    expect(records.get('forced@example.com')?.status).toBe('unsuppressed');
    expect(records.get('unforced@example.com')?.status).toBe('unsuppressed');
  });

  it('end to end: a lift forced through the suppression store is repeated at SendGrid, an unforced one is not', async () => {
    fake.lists.spam_reports.push({ email: 'complained@example.com', created: daysAgo(20) });
    fake.lists.bounces.push({ email: 'bounced@example.com', created: daysAgo(20) });
    await sync();
    const store = createSuppressionStore({
      doc: stack.clients.doc,
      table: stack.tables.suppressions,
    });
    // A complaint is lifted only with force (the store's guard); a bounce without.
    expect(
      await store.lift('complained@example.com', { by: 'cli', why: 'asked by phone' }),
    ).toMatchObject({
      type: 'force-required',
    });
    expect(
      await store.lift('complained@example.com', { by: 'cli', why: 'asked by phone', force: true }),
    ).toMatchObject({ type: 'lifted' });
    expect(await store.lift('bounced@example.com', { by: 'api:ops', why: 'fixed' })).toMatchObject({
      type: 'lifted',
    });
    fake.requests.length = 0;
    const result = await sync();
    expect(result.counts).toMatchObject({ lifted: 1, created: 0 });
    expect(
      fake.requests.filter((r) => r.method === 'DELETE' && r.status === 204).map((r) => r.path),
    ).toEqual(['/v3/suppression/spam_reports/complained@example.com']);
    expect(fake.lists.spam_reports).toEqual([]);
    expect(fake.lists.bounces.map((e) => e.email)).toEqual(['bounced@example.com']);
    // Lifted once: the next run finds no new lift.
    fake.requests.length = 0;
    expect((await sync()).counts.lifted).toBe(0);
    expect(fake.requests.filter((r) => r.method === 'DELETE')).toEqual([]);
  });

  it('a 429 storm finishes, waiting what Retry-After asks', async () => {
    fake.lists.bounces.push(...bounces(1200));
    fake.fault = rateLimitStorm({
      every: 2,
      times: 6,
      retryAfter: 3,
      body: { errors: [{ field: null, message: 'too many requests' }] },
    });
    const result = await sync();
    expect(result.status).toBe('completed');
    expect(result.counts.created).toBe(1200);
    expect(result.counts.rateLimitWaits).toBe(6);
    expect(waits).toEqual([3000, 3000, 3000, 3000, 3000, 3000]);
    expect(fake.requests.length).toBe(7 + 6); // 7 list pages, 6 answered 429 first
  });

  it('a real wait: X-RateLimit-Remaining 0 pauses until X-RateLimit-Reset, and a 429 waits Retry-After', async () => {
    fake.lists.bounces.push(...bounces(3));
    fake.limit = { perWindow: 3, windowMs: 1000 };
    fake.fault = rateLimitStorm({ every: 100, times: 1, retryAfter: 1, body: { errors: [] } });
    const started = Date.now();
    const result = await runSync({
      adapter: createSendgridSync({
        apiKey: KEY,
        baseUrl: fake.url,
        policy: recordingPolicy(waits, { realMs: (ms) => ms }),
      }),
      doc: stack.clients.doc,
      tables: stack.tables,
    });
    expect(result.status).toBe('completed');
    expect(result.counts.created).toBe(3);
    expect(Date.now() - started).toBeGreaterThanOrEqual(1000);
    expect(waits[0]).toBe(1000);
    expect(waits.length).toBeGreaterThanOrEqual(2);
    expect(fake.requests.filter((r) => r.status === 429)).toHaveLength(1);
  });

  it('401 and 403 say to check the API key, write nothing and leave the cursor free', async () => {
    fake.lists.bounces.push(...bounces(2));
    const wrong = runSync({
      adapter: adapter({ apiKey: 'SG.wrong' }),
      doc: stack.clients.doc,
      tables: stack.tables,
    });
    await expect(wrong).rejects.toThrow(SyncAuthError);
    await expect(wrong).rejects.toThrow(
      /sendgrid answered 401 \(The provided authorization grant is invalid, expired, or revoked\): check the API key/,
    );
    fake.keys.set('SG.no-scope', false);
    await expect(
      runSync({
        adapter: adapter({ apiKey: 'SG.no-scope' }),
        doc: stack.clients.doc,
        tables: stack.tables,
      }),
    ).rejects.toMatchObject({
      name: 'SyncAuthError',
      status: 403,
      message: expect.stringMatching(/access forbidden.*Suppressions scope/),
    });
    expect(await scanAll(stack, 'suppressions')).toEqual([]);
    const cursor = await cursorItem(stack, 'sendgrid');
    expect(cursor).toMatchObject({ pk: syncKey('sendgrid'), run: { leaseUntil: 0 } });
  });

  it('a crash mid-run resumes where it stopped and ends as one clean run', async () => {
    fake.lists.bounces.push(...bounces(1500));
    // Pages: spam_reports, unsubscribes, invalid_emails, bounces @0, @500, @1000, blocks.
    // After the bounce page at offset 500, SendGrid is down.
    fake.fault = (req) =>
      fake.requests.some(
        (r) => r.path === '/v3/suppression/bounces' && r.query.get('offset') === '500',
      ) && !(req.path === '/v3/suppression/bounces' && req.query.get('offset') === '500')
        ? { status: 503, body: { errors: [{ message: 'service unavailable' }] } }
        : undefined;
    await expect(sync()).rejects.toThrow(SyncVendorError);
    expect((await recordsByEmail(stack)).size).toBe(1000);
    const cursor = await cursorItem(stack, 'sendgrid');
    expect(cursor).toMatchObject({
      run: { phase: 'pull', position: { step: 3, token: 1000 }, counts: { created: 1000 } },
    });

    fake.fault = undefined;
    fake.requests.length = 0;
    const resumed = await sync();
    expect(resumed).toMatchObject({ status: 'completed', resumed: true });
    expect(resumed.counts).toMatchObject({ pulled: 1500, created: 1500 });
    expect(fake.requests[0]?.path).toBe('/v3/suppression/bounces');
    expect(fake.requests[0]?.query.get('offset')).toBe('1000');
    expect((await recordsByEmail(stack)).size).toBe(1500);
    const done = await cursorItem(stack, 'sendgrid');
    expect(done).toMatchObject({ run: null, last: { counts: { created: 1500 } } });
  });

  it('a dry run writes nothing anywhere and lists what it would do', async () => {
    const recent = new Date(Date.now() - 60_000).toISOString();
    await seed(stack, [lifted('forced@example.com', recent, 'cli', true)]);
    fake.lists.bounces.push(...bounces(2), { email: 'forced@example.com', created: daysAgo(90) });
    fake.lists.spam_reports.push({ email: 'b0@example.com', created: daysAgo(60) });
    const before = await scanAll(stack, 'suppressions');
    const items: SyncItem[] = [];
    const result = await sync({ dryRun: true, onItem: (i) => items.push(i) });
    expect(result).toMatchObject({ dryRun: true, status: 'completed' });
    expect(result.counts).toMatchObject({ pulled: 4, created: 2, known: 2, lifted: 1 });
    expect(items.map((i) => [i.action, i.address])).toEqual([
      ['create', 'b0@example.com'],
      ['create', 'b1@example.com'],
      ['lift', 'forced@example.com'],
    ]);
    expect(items[0]?.detail).toBe('complaint from sendgrid:sync/spam_reports');
    expect(await scanAll(stack, 'suppressions')).toEqual(before);
    expect(await scanAll(stack, 'state')).toEqual([]);
    expect(fake.requests.filter((r) => r.method !== 'GET')).toEqual([]);
  });
});
