/**
 * The suppression API and the sender-side client on real DynamoDB: bearer auth, GET / check /
 * DELETE (recorded manual unsuppress), batch limits, and `isSuppressed` / `checkSuppressions`.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import {
  bearerMatches,
  checkSuppressions,
  createEventProcessor,
  createRetryScheduler,
  createSuppressionApiHandler,
  isSuppressed,
} from '../../packages/aws/src/index.ts';
import { decideRetry } from '../../packages/core/src/index.ts';
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

  it('DELETE records who, when and why, keeps the record, 400 without by/why', async () => {
    expect((await call('DELETE', '/suppressions/gone@example.com', { by: 'ops' })).statusCode).toBe(
      400,
    );
    const res = await call('DELETE', '/suppressions/gone@example.com', {
      by: 'ops@corp',
      why: 'user confirmed new mailbox',
    });
    expect(res.statusCode).toBe(200);
    expect(JSON.parse(res.body)).toMatchObject({
      suppressed: false,
      record: {
        status: 'unsuppressed',
        lifted: { by: 'ops@corp', why: 'user confirmed new mailbox', at: NOW.toISOString() },
        count: 1,
      },
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
