/**
 * The suppression API and the sender-side client on real DynamoDB: bearer auth, GET / check /
 * DELETE (recorded manual unsuppress), batch limits, and `isSuppressed` / `checkSuppressions`.
 */
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import {
  bearerMatches,
  checkSuppressions,
  createEventProcessor,
  createRetryScheduler,
  createSuppressionApiHandler,
  isSuppressed,
} from '@rebound/aws';
import { decideRetry, type SuppressionRecord } from '@rebound/core';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  countRequests,
  createStack,
  HAS_TRANSACTIONS,
  httpEvent,
  lambdaContext,
  makeEvent,
  type Stack,
} from './helpers.ts';

const KEY = 'test-api-key-0123456789';
const NOW = new Date('2026-11-28T09:00:00.000Z');
let stack: Stack;
let api: ReturnType<typeof createSuppressionApiHandler>;

const call = (method: string, path: string, body?: unknown, key = KEY) =>
  api(
    httpEvent({
      method,
      path,
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    }) as never,
    lambdaContext() as never,
  );

beforeAll(async () => {
  stack = await createStack();
  api = createSuppressionApiHandler({
    doc: stack.clients.doc,
    suppressionsTable: stack.tables.suppressions,
    apiKey: KEY,
    now: () => NOW,
  });
  if (!HAS_TRANSACTIONS) return;
  const sink = createEventProcessor({
    doc: stack.clients.doc,
    tables: stack.tables,
    scheduler: createRetryScheduler({
      sqs: stack.clients.sqs,
      queueUrl: stack.retryQueueUrl,
      now: () => NOW,
    }),
    now: () => NOW,
    decideRetry,
  });
  await sink.process([
    makeEvent({ v: 'hard', recipient: 'gone@example.com' }),
    ...Array.from({ length: 120 }, (_, i) =>
      makeEvent({ kind: 'complaint', recipient: `c${i}@example.com` }),
    ),
  ]);
});

describe('bearer check', () => {
  it.each([
    [`Bearer ${KEY}`, true],
    [`bearer ${KEY}`, true],
    [`Bearer ${KEY}x`, false],
    ['Bearer ', false],
    [undefined, false],
    [`Basic ${KEY}`, false],
  ])('%s → %s', (header, ok) => {
    expect(bearerMatches(header, KEY)).toBe(ok);
  });
  it('an empty configured key rejects everything', () => {
    expect(bearerMatches('Bearer ', '')).toBe(false);
  });
});

describe.skipIf(!HAS_TRANSACTIONS)('suppression API', () => {
  it('401 without the right key', async () => {
    const res = await call('GET', '/suppressions/gone@example.com', undefined, 'wrong');
    expect(res.statusCode).toBe(401);
    expect(res.headers?.['www-authenticate']).toMatch(/^Bearer/);
  });

  it('GET returns the record (address normalized), 404 when unknown', async () => {
    // NFD, upper case and quotes are the same mailbox: the same record answers.
    const quoted = await call('GET', `/suppressions/${encodeURIComponent('"GONE"@example.com')}`);
    expect(quoted.statusCode).toBe(200);
    expect(JSON.parse(quoted.body).email).toBe('gone@example.com');
    const res = await call('GET', `/suppressions/${encodeURIComponent(' Gone@Example.COM ')}`);
    expect(res.statusCode).toBe(200);
    expect(JSON.parse(res.body)).toMatchObject({
      email: 'gone@example.com',
      suppressed: true,
      record: { reason: 'user-unknown', count: 1 },
    });
    expect((await call('GET', '/suppressions/nobody@example.com')).statusCode).toBe(404);
  });

  it('POST /suppressions/check answers per address, 400 beyond 100', async () => {
    const res = await call('POST', '/suppressions/check', {
      emails: ['gone@example.com', 'nobody@example.com', 'c1@example.com'],
    });
    expect(res.statusCode).toBe(200);
    expect(JSON.parse(res.body).results.map((r: { suppressed: boolean }) => r.suppressed)).toEqual([
      true,
      false,
      true,
    ]);
    const many = Array.from({ length: 101 }, (_, i) => `c${i}@example.com`);
    expect((await call('POST', '/suppressions/check', { emails: many })).statusCode).toBe(400);
    expect((await call('POST', '/suppressions/check', { nope: 1 })).statusCode).toBe(400);
  });

  it('DELETE records the key name, when and why, keeps the record, 400 without a why', async () => {
    expect((await call('DELETE', '/suppressions/gone@example.com', { by: 'ops' })).statusCode).toBe(
      400,
    );
    const res = await call('DELETE', '/suppressions/gone@example.com', {
      by: 'ops@corp',
      why: 'user confirmed new mailbox',
    });
    expect(res.statusCode).toBe(200);
    const body = JSON.parse(res.body);
    expect(body).toMatchObject({
      suppressed: false,
      record: {
        status: 'unsuppressed',
        lifted: {
          by: 'api:default',
          why: 'user confirmed new mailbox (by ops@corp)',
          at: NOW.toISOString(),
        },
        count: 1,
      },
    });
    expect(body.record.history.at(-1)).toMatchObject({
      by: 'api:default',
      change: 'lifted',
      why: 'user confirmed new mailbox (by ops@corp)',
    });
    expect(
      (await call('DELETE', '/suppressions/nobody@example.com', { by: 'a', why: 'b' })).statusCode,
    ).toBe(404);
    expect(
      await isSuppressed(
        { doc: stack.clients.doc, table: stack.tables.suppressions },
        'gone@example.com',
      ),
    ).toBe(false);
  });

  it('checkSuppressions batches ≤100 keys per BatchGetItem', async () => {
    const counter = countRequests(stack.clients.dynamodb);
    const emails = Array.from({ length: 120 }, (_, i) => `c${i}@example.com`);
    const found = await checkSuppressions(
      { doc: stack.clients.doc, table: stack.tables.suppressions },
      emails,
    );
    expect([...found.values()].filter((r) => r?.status === 'suppressed')).toHaveLength(120);
    expect(counter.counts.get('BatchGetItemCommand')).toBe(2);
    expect(
      await isSuppressed(
        { doc: stack.clients.doc, table: stack.tables.suppressions },
        'C7@example.com',
      ),
    ).toBe(true);
  });

  it('unknown routes → 404', async () => {
    expect((await call('PUT', '/suppressions/gone@example.com')).statusCode).toBe(404);
    expect((await call('GET', '/elsewhere')).statusCode).toBe(404);
  });
});

/** A record as the event processor writes it (PutItem directly: no transactions needed). */
function record(email: string, over: Partial<SuppressionRecord> = {}): SuppressionRecord {
  return {
    email,
    status: 'suppressed',
    action: 'suppress',
    reason: 'user-unknown',
    rule: 'test-hard',
    reply: { code: 550, enhanced: '5.1.1', text: 'user unknown' },
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

describe('suppression API: one GET rule, clear 400s', () => {
  const nowS = NOW.getTime() / 1000;
  beforeAll(async () => {
    const put = (r: SuppressionRecord) =>
      stack.clients.doc.send(new PutCommand({ TableName: stack.tables.suppressions, Item: r }));
    await put(record('active@example.com', { expiresAt: nowS + 86_400 }));
    await put(record('josé@example.com', { reason: 'complaint' }));
    await put(record('expired@example.com', { expiresAt: nowS - 60 }));
    await put(
      record('lifted@example.com', {
        status: 'unsuppressed',
        lifted: { at: NOW.toISOString(), by: 'ops', why: 'confirmed' },
      }),
    );
  });

  it('200 only while active; 404 for lifted, expired and unknown, the body keeping the record', async () => {
    const get = async (email: string) => {
      const res = await call('GET', `/suppressions/${encodeURIComponent(email)}`);
      return { status: res.statusCode, body: JSON.parse(res.body) };
    };
    expect(await get('Active@Example.com')).toMatchObject({
      status: 200,
      body: { email: 'active@example.com', suppressed: true, record: { status: 'suppressed' } },
    });
    expect(await get('expired@example.com')).toMatchObject({
      status: 404,
      body: { suppressed: false, record: { status: 'suppressed', expiresAt: nowS - 60 } },
    });
    expect(await get('lifted@example.com')).toMatchObject({
      status: 404,
      body: { suppressed: false, record: { status: 'unsuppressed', lifted: { by: 'ops' } } },
    });
    expect(await get('never@example.com')).toEqual({
      status: 404,
      body: { email: 'never@example.com', suppressed: false, record: null, records: [] },
    });
  });

  it('an NFD spelling finds the NFC record', async () => {
    const res = await call('GET', `/suppressions/${encodeURIComponent('JOSE\u0301@example.com')}`);
    expect(res.statusCode).toBe(200);
    expect(JSON.parse(res.body)).toMatchObject({
      email: 'josé@example.com',
      record: { reason: 'complaint' },
    });
  });

  it.each([
    ['%E0%A4%A', 'malformed-percent-encoding'],
    ['%zz@example.com', 'malformed-percent-encoding'],
  ])('malformed percent-encoding %s → 400 (was a 500)', async (segment, error) => {
    const res = await call('GET', `/suppressions/${segment}`);
    expect(res.statusCode).toBe(400);
    expect(JSON.parse(res.body)).toMatchObject({ error });
    expect(
      (await call('DELETE', `/suppressions/${segment}`, { by: 'a', why: 'b' })).statusCode,
    ).toBe(400);
  });

  it.each([
    ['jane%00@example.com', 'control-character'],
    ['jane%1B%5B31m@example.com', 'control-character'],
    ['stream%3Anews%3Ajane@example.com', 'invalid-local-part'],
    ['jane.example.com', 'no-at-sign'],
    ['jane@a%2Fb.com', 'invalid-domain'],
  ])('invalid address %s → 400 naming %s', async (segment, reason) => {
    const res = await call('GET', `/suppressions/${segment}`);
    expect(res.statusCode).toBe(400);
    const body = JSON.parse(res.body);
    expect(body).toMatchObject({ error: 'invalid-address', reason });
    expect(body.message).toMatch(/\w/);
  });

  it('POST /suppressions/check reports an invalid address with its reason, suppressed null', async () => {
    const res = await call('POST', '/suppressions/check', {
      emails: ['active@example.com', 'bad\u001b@example.com', 'lifted@example.com'],
    });
    expect(res.statusCode).toBe(200);
    expect(JSON.parse(res.body).results).toMatchObject([
      { email: 'active@example.com', suppressed: true },
      { email: 'bad\u001b@example.com', suppressed: null, error: 'control-character' },
      { email: 'lifted@example.com', suppressed: false, record: { status: 'unsuppressed' } },
    ]);
  });
});
