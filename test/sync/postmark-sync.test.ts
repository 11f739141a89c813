/**
 * Postmark sync against a local server implementing Postmark's message-stream and suppression
 * endpoints (test/sync/fakes/postmark-fake.ts; Postmark API reference:
 * https://postmarkapp.com/developer/api/suppressions-api,
 * https://postmarkapp.com/developer/api/message-streams-api,
 * https://postmarkapp.com/developer/api/overview#response-codes) and DynamoDB Local.
 */

import { createPostmarkSync, runSync, SyncAuthError, SyncVendorError } from '@rebound/aws/sync';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { rateLimitStorm } from './fakes/fake-server.ts';
import {
  type PostmarkFake,
  type PostmarkSuppression,
  startPostmarkFake,
} from './fakes/postmark-fake.ts';
import {
  HAS_TRANSACTIONS,
  lifted,
  recordingPolicy,
  recordsByEmail,
  type SyncStack,
  scanAll,
  seed,
  syncStack,
} from './helpers.ts';

const TOKEN = 'server-token-1';
const DAY = 86_400_000;
/** Postmark writes times with the server's offset, e.g. `2019-12-10T08:58:33-05:00`. */
const pmTime = (msAgo: number) => {
  const d = new Date(Date.now() - msAgo - 5 * 3_600_000);
  return `${d.toISOString().slice(0, 19)}-05:00`;
};
/** The time every seeded suppression was made, ten days ago. */
const CREATED = pmTime(10 * DAY);
let fake: PostmarkFake;
let stack: SyncStack;
let waits: number[];

beforeEach(async () => {
  fake = await startPostmarkFake(TOKEN);
  stack = await syncStack();
  waits = [];
});
afterEach(async () => {
  await fake.close();
});

const adapter = (over: { token?: string; streams?: string[] } = {}) =>
  createPostmarkSync({
    serverToken: over.token ?? TOKEN,
    baseUrl: fake.url,
    policy: recordingPolicy(waits),
    ...(over.streams ? { streams: over.streams } : {}),
  });

const sync = (over: Partial<Parameters<typeof runSync>[0]> = {}) =>
  runSync({ adapter: adapter(), doc: stack.clients.doc, tables: stack.tables, ...over });

function suppressed(stream: string, s: Partial<PostmarkSuppression> & { EmailAddress: string }) {
  const list = fake.suppressions.get(stream) ?? [];
  list.push({
    SuppressionReason: 'HardBounce',
    Origin: 'Recipient',
    CreatedAt: CREATED,
    ...s,
  });
  fake.suppressions.set(stream, list);
}

describe.skipIf(!HAS_TRANSACTIONS)('Postmark sync', () => {
  it('pulls each non-inbound stream’s dump, reasons by SuppressionReason and Origin, once', async () => {
    suppressed('outbound', { EmailAddress: 'hard@example.com' });
    suppressed('outbound', {
      EmailAddress: 'spam@example.com',
      SuppressionReason: 'SpamComplaint',
    });
    suppressed('broadcast', {
      EmailAddress: 'optout@example.com',
      SuppressionReason: 'ManualSuppression',
      Origin: 'Recipient',
    });
    suppressed('broadcast', {
      EmailAddress: 'ours@example.com',
      SuppressionReason: 'ManualSuppression',
      Origin: 'Customer',
    });
    suppressed('broadcast', {
      EmailAddress: 'admin@example.com',
      SuppressionReason: 'ManualSuppression',
      Origin: 'Admin',
    });
    const first = await sync();
    expect(first.counts).toMatchObject({ pulled: 5, created: 5 });
    const records = await recordsByEmail(stack);
    const reasons = Object.fromEntries([...records].map(([k, r]) => [k, r.reason]));
    expect(reasons).toEqual({
      'admin@example.com': 'vendor-suppressed',
      'hard@example.com': 'vendor-suppressed',
      'optout@example.com': 'unsubscribed',
      'ours@example.com': 'vendor-suppressed',
      'spam@example.com': 'complaint',
    });
    expect(records.get('optout@example.com')?.evidence[0]).toMatchObject({
      vendor: 'postmark',
      echo: true,
      at: new Date(Date.parse(CREATED)).toISOString(),
      hints: {
        labels: ['postmark:sync/broadcast/ManualSuppression', 'postmark:origin:Recipient'],
      },
    });
    // Every request carried the server token; the inbound stream has no suppressions to dump.
    expect(fake.requests.every((r) => r.headers['x-postmark-server-token'] === TOKEN)).toBe(true);
    expect(fake.requests.map((r) => `${r.method} ${r.path}`)).toEqual([
      'GET /message-streams',
      'GET /message-streams/broadcast/suppressions/dump',
      'GET /message-streams/outbound/suppressions/dump',
    ]);
    expect(fake.requests[1]?.query.has('fromdate')).toBe(false);
    expect(fake.requests[1]?.query.get('todate')).toBe(first.until.slice(0, 10));

    const before = await scanAll(stack, 'suppressions');
    fake.requests.length = 0;
    const second = await sync();
    expect(second.counts.created).toBe(0);
    expect(await scanAll(stack, 'suppressions')).toEqual(before);
    const fromdate = new Date(Date.parse(first.until) - 3_600_000).toISOString().slice(0, 10);
    expect(fake.requests.slice(1).map((r) => r.query.get('fromdate'))).toEqual([
      fromdate,
      fromdate,
    ]);
  });

  it('with streams configured, a broadcast unsubscribe lands on its stream, as the webhook’s would', async () => {
    suppressed('broadcast', {
      EmailAddress: 'optout@example.com',
      SuppressionReason: 'ManualSuppression',
    });
    suppressed('outbound', { EmailAddress: 'hard@example.com' });
    const result = await sync({
      processConfig: {
        streams: {
          names: ['marketing'],
          fields: ['MessageStream'],
          map: { broadcast: 'marketing' },
          fallback: 'global',
        },
      },
    });
    expect(result.counts.created).toBe(2);
    const records = await recordsByEmail(stack);
    expect([...records.keys()].sort()).toEqual([
      'hard@example.com',
      'stream:marketing:optout@example.com',
    ]);
    expect(records.get('stream:marketing:optout@example.com')).toMatchObject({
      reason: 'unsubscribed',
      scope: 'marketing',
    });
  });

  it('a human-forced lift is deleted on every stream that has it; Postmark keeps spam complaints', async () => {
    const recent = new Date(Date.now() - 60_000).toISOString();
    await seed(stack, [
      lifted('forced@example.com', recent, 'api:support', true),
      lifted('complained@example.com', recent, 'cli', true),
      lifted('unforced@example.com', recent, 'api:support', false),
    ]);
    suppressed('outbound', { EmailAddress: 'forced@example.com' });
    suppressed('broadcast', {
      EmailAddress: 'forced@example.com',
      SuppressionReason: 'ManualSuppression',
    });
    suppressed('outbound', {
      EmailAddress: 'complained@example.com',
      SuppressionReason: 'SpamComplaint',
    });
    suppressed('outbound', { EmailAddress: 'unforced@example.com' });
    const result = await sync();
    expect(result.counts).toMatchObject({ lifted: 1, liftRefused: 1, liftAbsent: 0 });
    const deletes = fake.requests.filter((r) => r.path.endsWith('/delete'));
    const asked = (body: string) =>
      (JSON.parse(body) as { Suppressions: { EmailAddress: string }[] }).Suppressions.map(
        (s) => s.EmailAddress,
      ).sort();
    expect(deletes.map((r) => [r.path, asked(r.body)])).toEqual([
      ['/message-streams/broadcast/suppressions/delete', ['forced@example.com']],
      [
        '/message-streams/outbound/suppressions/delete',
        ['complained@example.com', 'forced@example.com'],
      ],
    ]);
    expect(
      fake.suppressions
        .get('outbound')
        ?.map((s) => s.EmailAddress)
        .sort(),
    ).toEqual(['complained@example.com', 'unforced@example.com']);
    expect(fake.suppressions.get('broadcast')).toEqual([]);
  });

  it('401 says to check the server token', async () => {
    await expect(
      runSync({
        adapter: adapter({ token: 'account-token' }),
        doc: stack.clients.doc,
        tables: stack.tables,
      }),
    ).rejects.toThrow(SyncAuthError);
    await expect(
      runSync({
        adapter: adapter({ token: 'account-token' }),
        doc: stack.clients.doc,
        tables: stack.tables,
      }),
    ).rejects.toThrow(
      /postmark answered 401 \(Request does not contain a valid Server token\. \(ErrorCode 10\)\): check the server API token/,
    );
  });

  it('422 names Postmark’s error: an unknown stream', async () => {
    await expect(
      runSync({
        adapter: adapter({ streams: ['outbound', 'no-such-stream'] }),
        doc: stack.clients.doc,
        tables: stack.tables,
      }),
    ).rejects.toThrow(SyncVendorError);
    await expect(
      runSync({
        adapter: adapter({ streams: ['no-such-stream'] }),
        doc: stack.clients.doc,
        tables: stack.tables,
        since: null,
      }),
    ).rejects.toThrow(
      /answered 422: The message stream for the provided 'ID' was not found\. \(ErrorCode 1226\)/,
    );
  });

  it('a 429 storm finishes', async () => {
    for (let i = 0; i < 40; i++) suppressed('outbound', { EmailAddress: `h${i}@example.com` });
    fake.fault = rateLimitStorm({
      every: 1,
      times: 5,
      retryAfter: 2,
      body: { ErrorCode: 0, Message: 'Rate limit exceeded' },
    });
    const result = await sync();
    expect(result.counts).toMatchObject({ created: 40, rateLimitWaits: 5 });
    expect(waits).toEqual([2000, 2000, 2000, 2000, 2000]);
  });
});
