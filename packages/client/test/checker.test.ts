/**
 * createSuppressionChecker on DynamoDB Local (dynalite without Java): suppressed, expired, lifted,
 * unknown, invalid, stream vs global, hashed keys, >100 addresses, duplicates, UnprocessedKeys
 * (a wrapper client that really leaves keys unprocessed), fail closed and fail open.
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import {
  BatchGetItemCommand,
  type BatchGetItemCommandOutput,
  type DynamoDBClient,
  type KeysAndAttributes,
} from '@aws-sdk/client-dynamodb';
import { BatchWriteCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { decideRetry, hashedKey } from '@rebound/core';
import { parsePostmark } from '@rebound/core/vendors';
import { beforeAll, describe, expect, it } from 'vitest';
import { clientsFor, countRequests, HAS_TRANSACTIONS } from '../../../test/aws/helpers.ts';
import { createEventProcessor, createRetryScheduler, ensureTables } from '../../aws/src/index.ts';
import { describeFailure } from '../src/errors.ts';
import {
  createSuppressionChecker,
  InvalidAddressError,
  SuppressionCheckError,
} from '../src/index.ts';

const NOW = new Date('2026-11-28T09:00:00.000Z');
const nowS = NOW.getTime() / 1000;
const clients = clientsFor();
const endpoint = process.env.DDB_ENDPOINT as string;
const id = randomUUID().slice(0, 8);
const tableName = `client-suppressions-${id}`;
const HASH_KEY = 'erase-secret';

/** A record as the server writes it (only the attributes the checker reads matter here). */
function item(email: string, over: Record<string, unknown> = {}) {
  return {
    email,
    status: 'suppressed',
    action: 'suppress',
    reason: 'user-unknown',
    rule: 'r',
    reply: null,
    vendor: 'sendgrid',
    firstSeen: '2026-11-01T00:00:00.000Z',
    lastSeen: '2026-11-01T00:00:00.000Z',
    count: 1,
    evidence: [],
    createdByEcho: false,
    version: 1,
    updatedAt: '2026-11-01T00:00:00.000Z',
    ...over,
  };
}

const checker = (over: Parameters<typeof createSuppressionChecker>[0] | object = {}) =>
  createSuppressionChecker({
    tableName,
    endpoint,
    region: 'us-east-1',
    now: () => NOW,
    ...over,
  });

/** A loopback port nothing listens on. */
async function closedPort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const port = (s.address() as { port: number }).port;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

beforeAll(async () => {
  await ensureTables(
    clients.dynamodb,
    { suppressions: tableName, state: `client-state-${id}` },
    { ttl: false },
  );
  const items = [
    item('gone@example.com', { reason: 'user-unknown', expiresAt: nowS + 86_400 }),
    item('spam@example.com', { reason: 'complaint', firstSeen: '2026-10-01T00:00:00.000Z' }),
    item('expired@example.com', { expiresAt: nowS - 1 }),
    item('lifted@example.com', {
      status: 'unsuppressed',
      lifted: { at: NOW.toISOString(), by: 'ops', why: 'fixed' },
    }),
    item('josé@example.com', { reason: 'unsubscribed' }),
    item('"a:b"@example.com'),
    item('jane+news@xn--bcher-kva.example', { reason: 'complaint' }),
    item('stream:marketing:news@example.com', { reason: 'unsubscribed', scope: 'marketing' }),
    item('stream:marketing:both@example.com', { reason: 'unsubscribed', scope: 'marketing' }),
    item('both@example.com', { reason: 'complaint' }),
    item('stream:marketing:relifted@example.com', { status: 'unsuppressed', scope: 'marketing' }),
    item(hashedKey(HASH_KEY, 'erased@example.com'), { reason: 'complaint' }),
    item(hashedKey(HASH_KEY, 'stream:marketing:erased-news@example.com'), {
      reason: 'unsubscribed',
      scope: 'marketing',
    }),
    ...Array.from({ length: 90 }, (_, i) => item(`bulk${i * 3}@example.com`)),
  ];
  for (let i = 0; i < items.length; i += 25) {
    await clients.doc.send(
      new BatchWriteCommand({
        RequestItems: {
          [tableName]: items.slice(i, i + 25).map((Item) => ({ PutRequest: { Item } })),
        },
      }),
    );
  }
});

describe('filterSendable', () => {
  it('suppressed, expired, lifted, unknown and invalid, each in its list, in input order', async () => {
    const r = await checker().filterSendable([
      'Gone@Example.com',
      'nobody@example.com',
      'expired@example.com',
      'bad\u0000@example.com',
      'lifted@example.com',
      '"Spam" <SPAM@example.com>',
      'not-an-address',
    ]);
    expect(r.unchecked).toBe(false);
    expect(r.sendable).toEqual(['nobody@example.com', 'expired@example.com', 'lifted@example.com']);
    expect(r.suppressed).toEqual([
      {
        address: 'Gone@Example.com',
        normalized: 'gone@example.com',
        reason: 'user-unknown',
        scope: 'global',
        since: '2026-11-01T00:00:00.000Z',
        expiresAt: new Date((nowS + 86_400) * 1000).toISOString(),
      },
      {
        address: '"Spam" <SPAM@example.com>',
        normalized: 'spam@example.com',
        reason: 'complaint',
        scope: 'global',
        since: '2026-10-01T00:00:00.000Z',
        expiresAt: null,
      },
    ]);
    expect(r.invalid).toEqual([
      {
        address: 'bad\u0000@example.com',
        error: 'control-character',
        message: 'contains the control character U+0000 at position 3',
      },
      { address: 'not-an-address', error: 'no-at-sign', message: 'no "@" in the address' },
    ]);
  });

  it('uses the server normalization: NFD, case, quotes, display names, IDN and +tags', async () => {
    const r = await checker().filterSendable([
      'JOSE\u0301@Example.com',
      '"a:b"@EXAMPLE.com',
      'Jane <"jane+news"@BU\u0308CHER.example>',
      'jane@bücher.example', // no tag: another mailbox
      'jane+other@bücher.example',
    ]);
    expect(r.suppressed.map((s) => s.normalized)).toEqual([
      'josé@example.com',
      '"a:b"@example.com',
      'jane+news@xn--bcher-kva.example',
    ]);
    expect(r.sendable).toEqual(['jane@bücher.example', 'jane+other@bücher.example']);
  });

  it('judges expiry by the clock, not by whether DynamoDB has deleted the item yet', async () => {
    const later = checker({ now: () => new Date((nowS + 86_401) * 1000) });
    expect(await later.isSuppressed('gone@example.com')).toBe(false);
    expect(await checker().isSuppressed('gone@example.com')).toBe(true);
  });

  it('a stream suppression blocks only that stream; global blocks every stream', async () => {
    const list = ['news@example.com', 'both@example.com', 'relifted@example.com'];
    const global = await checker().filterSendable(list);
    expect(global.sendable).toEqual(['news@example.com', 'relifted@example.com']);
    const marketing = await checker().filterSendable(list, { stream: 'marketing' });
    expect(marketing.sendable).toEqual(['relifted@example.com']);
    expect(marketing.suppressed.map((s) => [s.address, s.scope, s.reason])).toEqual([
      ['news@example.com', 'marketing', 'unsubscribed'],
      ['both@example.com', 'global', 'complaint'], // global wins when both are active
    ]);
    const other = await checker({ stream: 'billing' }).filterSendable(list);
    expect(other.sendable).toEqual(['news@example.com', 'relifted@example.com']);
    // the checker's default stream, and a call overriding it with null (global only)
    expect(await checker({ stream: 'marketing' }).isSuppressed('news@example.com')).toBe(true);
    expect(
      await checker({ stream: 'marketing' }).isSuppressed('news@example.com', { stream: null }),
    ).toBe(false);
    await expect(checker().filterSendable(list, { stream: 'Marketing!' })).rejects.toThrow(
      /invalid stream name "Marketing!"/,
    );
  });

  it('erased (hmac:) keys count only when the checker has the hash key', async () => {
    const list = ['Erased@Example.com', 'erased-news@example.com'];
    expect((await checker().filterSendable(list, { stream: 'marketing' })).sendable).toEqual(list);
    const hashed = checker({ hashKey: HASH_KEY });
    const r = await hashed.filterSendable(list, { stream: 'marketing' });
    expect(r.sendable).toEqual([]);
    expect(r.suppressed.map((s) => [s.normalized, s.scope])).toEqual([
      ['erased@example.com', 'global'],
      ['erased-news@example.com', 'marketing'],
    ]);
    expect(await hashed.isSuppressed('erased-news@example.com')).toBe(false); // global only
    expect(await checker({ hashKey: 'another-key' }).isSuppressed('erased@example.com')).toBe(
      false,
    );
  });

  it('more than 100 addresses: BatchGetItem in chunks of 100 keys, duplicates collapsed', async () => {
    const counter = countRequests(clients.dynamodb);
    const list = Array.from({ length: 250 }, (_, i) => `bulk${i}@example.com`);
    // Three spellings of one mailbox: one key (DynamoDB refuses duplicate keys in a batch).
    list.push('BULK3@example.com', '"bulk3"@example.com');
    const c = checker({ client: clients.dynamodb });
    const r = await c.filterSendable(list);
    expect(counter.counts.get('BatchGetItemCommand')).toBe(3);
    const want = (i: number) => i % 3 === 0 && i < 270;
    expect(r.suppressed.map((s) => s.address)).toEqual([
      ...list.slice(0, 250).filter((_, i) => want(i)),
      'BULK3@example.com',
      '"bulk3"@example.com',
    ]);
    expect(r.sendable).toEqual(list.slice(0, 250).filter((_, i) => !want(i)));
    counter.reset();
    await c.filterSendable(list, { stream: 'marketing' }); // 500 keys
    expect(counter.counts.get('BatchGetItemCommand')).toBe(5);
    counter.reset();
    expect(await c.isSuppressed('bulk3@example.com')).toBe(true); // one key: one GetItem
    expect([...counter.counts]).toEqual([['GetItemCommand', 1]]);
  });

  it('isSuppressed throws InvalidAddressError (never a silent "not suppressed")', async () => {
    const err = await checker()
      .isSuppressed('jane@exa mple.com')
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InvalidAddressError);
    expect(err).toMatchObject({ error: 'invalid-domain', address: 'jane@exa mple.com' });
    // JavaScript callers can pass anything: a non-string is invalid, not sendable.
    const r = await checker().filterSendable([42, null] as unknown as string[]);
    expect(r.invalid.map((i) => i.error)).toEqual(['not-a-string', 'not-a-string']);
    expect(r.sendable).toEqual([]);
  });

  // The event processor writes with transactions: DynamoDB Local only (skipped on dynalite).
  it.skipIf(!HAS_TRANSACTIONS)(
    'records the server writes from a vendor event are found under any spelling',
    async () => {
      const fixture = join(import.meta.dirname, '../../../test/fixtures/payloads');
      const body = JSON.parse(
        readFileSync(join(fixture, 'postmark-bounce-hardbounce.json'), 'utf8'),
      );
      body.Email = 'Jo\u0308rg "Mü" <"Jörg.Müller+Rechnung"@BÜCHER.example>';
      const events = await parsePostmark(new TextEncoder().encode(JSON.stringify(body)));
      expect(events[0]?.recipient).toBe('jörg.müller+rechnung@xn--bcher-kva.example');
      const sink = createEventProcessor({
        doc: clients.doc,
        tables: { suppressions: tableName, state: `client-state-${id}` },
        now: () => NOW,
        decideRetry,
        scheduler: createRetryScheduler({ sqs: clients.sqs, queueUrl: 'unused', now: () => NOW }),
      });
      await sink.process(events);
      const c = checker({ now: () => new Date(events[0]?.occurredAt as string) });
      expect(await c.isSuppressed('jo\u0308rg.mu\u0308ller+rechnung@bücher.example')).toBe(true);
      expect(await c.isSuppressed('jörg.müller@bücher.example')).toBe(false);
    },
  );
});

/** Forwards to the real client, but lets DynamoDB see only part of each batch the first times. */
function throttlingClient(real: DynamoDBClient, opts: { keep: number; rounds: number }) {
  const seen: number[] = [];
  let calls = 0;
  return {
    seen,
    client: {
      async send(command: unknown) {
        if (!(command instanceof BatchGetItemCommand)) return real.send(command as never);
        calls++;
        const [[table, req]] = Object.entries(command.input.RequestItems ?? {}) as [
          [string, KeysAndAttributes],
        ];
        const keys = req.Keys ?? [];
        seen.push(keys.length);
        if (calls > opts.rounds) return real.send(command);
        const processed = keys.slice(0, opts.keep);
        const res: BatchGetItemCommandOutput = processed.length
          ? await real.send(
              new BatchGetItemCommand({ RequestItems: { [table]: { ...req, Keys: processed } } }),
            )
          : { $metadata: {}, Responses: { [table]: [] } };
        const left = keys.slice(opts.keep);
        return { ...res, UnprocessedKeys: left.length ? { [table]: { ...req, Keys: left } } : {} };
      },
    } as never,
  };
}

describe('UnprocessedKeys', () => {
  it('retries the unprocessed keys with backoff until every key is read', async () => {
    const { client, seen } = throttlingClient(clients.dynamodb, { keep: 30, rounds: 3 });
    const list = Array.from({ length: 100 }, (_, i) => `bulk${i}@example.com`);
    const r = await checker({ client, retry: { baseMs: 5, capMs: 20 } }).filterSendable(list);
    expect(seen).toEqual([100, 70, 40, 10]); // 30 per throttled call, then the rest
    expect(r.suppressed).toHaveLength(34);
    expect(r.sendable).toHaveLength(66);
  });

  it('gives up after a bounded number of calls with an error naming the table', async () => {
    const { client, seen } = throttlingClient(clients.dynamodb, { keep: 0, rounds: 1e9 });
    const started = Date.now();
    const err = await checker({ client, retry: { attempts: 4, baseMs: 10, capMs: 40 } })
      .filterSendable(['a@example.com', 'b@example.com'])
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SuppressionCheckError);
    expect(err).toMatchObject({ code: 'unprocessed-keys', tableName });
    expect((err as Error).message).toContain(`table "${tableName}"`);
    expect((err as Error).message).toContain('2 keys still unprocessed after 4 BatchGetItem calls');
    expect(seen).toEqual([2, 2, 2, 2]);
    expect(Date.now() - started).toBeLessThan(1_000); // ≤ 20 + 40 + 40 ms of backoff
  });
});

describe('failures: closed by default, open on request', () => {
  it('a missing table throws SuppressionCheckError naming it', async () => {
    const err = await checker({ tableName: 'no-such-table' })
      .filterSendable(['a@example.com', 'b@example.com'])
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SuppressionCheckError);
    expect(err).toMatchObject({ code: 'table-not-found', tableName: 'no-such-table' });
    expect((err as Error).message).toMatch(
      /^cannot check suppressions in DynamoDB table "no-such-table" at http:\/\/127\.0\.0\.1:\d+: no such table/,
    );
  });

  it('an unreachable endpoint throws (fail closed), naming the table and the endpoint', async () => {
    const dead = `http://127.0.0.1:${await closedPort()}`;
    const err = await checker({ endpoint: dead })
      .isSuppressed('a@example.com')
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SuppressionCheckError);
    expect(err).toMatchObject({ code: 'unreachable' });
    expect((err as Error).message).toContain(
      `table "${tableName}" at ${dead}: DynamoDB unreachable`,
    );
  });

  it('failOpen: every valid address sendable, the result flagged unchecked, onError called', async () => {
    const dead = `http://127.0.0.1:${await closedPort()}`;
    const errors: SuppressionCheckError[] = [];
    const open = checker({ endpoint: dead, failOpen: true, onError: (e) => errors.push(e) });
    const r = await open.filterSendable(['gone@example.com', 'x@example.com', 'nope']);
    expect(r).toMatchObject({
      unchecked: true,
      sendable: ['gone@example.com', 'x@example.com'],
      suppressed: [],
      invalid: [{ address: 'nope', error: 'no-at-sign' }],
    });
    expect(await open.isSuppressed('gone@example.com')).toBe(false);
    expect(errors).toHaveLength(2);
    expect(errors[0]).toMatchObject({ code: 'unreachable', tableName });
  });

  it('names each failure family and what to do', () => {
    const named = (name: string, extra: object = {}) =>
      describeFailure(Object.assign(new Error('x'), { name }, extra)).code;
    expect(named('AccessDeniedException')).toBe('access-denied');
    expect(
      describeFailure(Object.assign(new Error(), { name: 'AccessDeniedException' })).hint,
    ).toMatch(/dynamodb:GetItem and dynamodb:BatchGetItem/);
    expect(named('ResourceNotFoundException')).toBe('table-not-found');
    expect(named('UnrecognizedClientException')).toBe('credentials');
    expect(named('CredentialsProviderError')).toBe('credentials');
    expect(named('ProvisionedThroughputExceededException')).toBe('throttled');
    expect(named('Error', { code: 'ECONNREFUSED' })).toBe('unreachable');
    expect(named('TimeoutError')).toBe('unreachable');
    expect(named('InternalServerError')).toBe('failed');
  });

  it('requires a table name', () => {
    expect(() => createSuppressionChecker({ tableName: '' })).toThrow(/tableName is required/);
  });
});

describe('throughput', () => {
  it('filterSendable of 5,000 addresses against DynamoDB Local (figure printed)', async () => {
    await clients.doc.send(
      new PutCommand({ TableName: tableName, Item: item('warm@example.com') }),
    );
    const list = Array.from({ length: 5_000 }, (_, i) => `Bulk${i}@Example.com`);
    const c = checker({ client: clients.dynamodb });
    await c.filterSendable(list.slice(0, 200)); // warm up the connection pool
    const started = performance.now();
    const r = await c.filterSendable(list);
    const s = (performance.now() - started) / 1000;
    expect(r.suppressed).toHaveLength(90);
    expect(r.sendable).toHaveLength(4_910);
    console.log(
      `client throughput: filterSendable ${list.length} addresses in ${(s * 1000).toFixed(0)} ms = ${Math.round(list.length / s)} addresses/s (${process.env.DDB_KIND})`,
    );
  });
});
