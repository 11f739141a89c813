/**
 * Streams, lifts and named keys on DynamoDB Local: a complaint about marketing mail suppresses
 * marketing only, a hard bounce suppresses every stream, old records read as global, a lift is
 * recorded under the caller's key name, and a complaint is lifted only with force.
 */
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import {
  createEventProcessor,
  createRetryScheduler,
  createSuppressionApiHandler,
} from '@rebound/aws';
import { decideRetry, type StreamConfig } from '@rebound/core';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  createStack,
  HAS_TRANSACTIONS,
  httpEvent,
  lambdaContext,
  makeEvent,
  type Stack,
} from './helpers.ts';

const NOW = new Date('2026-11-30T09:00:00.000Z');
const STREAMS: StreamConfig = {
  names: ['marketing', 'transactional'],
  fields: ['stream', 'MessageStream'],
  map: { broadcast: 'marketing', outbound: 'transactional' },
  fallback: 'global',
};
const KEYS = [
  { name: 'web', key: 'web-key-0123456789abcdef' },
  { name: 'ops', key: 'ops-key-0123456789abcdef' },
];
let stack: Stack;
let api: ReturnType<typeof createSuppressionApiHandler>;

const call = async (method: string, path: string, body?: unknown, key = KEYS[0]!.key) => {
  const [rawPath, rawQueryString] = path.split('?');
  const res = await api(
    {
      ...httpEvent({
        method,
        path: rawPath as string,
        headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      }),
      ...(rawQueryString ? { rawQueryString } : {}),
    } as never,
    lambdaContext() as never,
  );
  return { status: res.statusCode, body: JSON.parse(res.body) };
};

describe.runIf(HAS_TRANSACTIONS)('streams on DynamoDB Local', () => {
  beforeAll(async () => {
    stack = await createStack();
    api = createSuppressionApiHandler({
      doc: stack.clients.doc,
      suppressionsTable: stack.tables.suppressions,
      apiKeys: KEYS,
      now: () => NOW,
    });
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
      config: { streams: STREAMS },
    });
    await sink.process([
      makeEvent({
        kind: 'complaint',
        recipient: 'jane@example.com',
        metadata: { MessageStream: 'broadcast' },
      }),
      makeEvent({ kind: 'complaint', recipient: 'nostream@example.com', metadata: {} }),
      makeEvent({
        v: 'hard',
        recipient: 'dead@example.com',
        metadata: { MessageStream: 'broadcast' },
      }),
    ]);
    // A record written before streams existed: no scope attribute.
    await stack.clients.doc.send(
      new PutCommand({
        TableName: stack.tables.suppressions,
        Item: {
          email: 'legacy@example.com',
          status: 'suppressed',
          action: 'suppress',
          reason: 'user-unknown',
          rule: 'old',
          reply: null,
          vendor: 'ses',
          firstSeen: '2026-01-01T00:00:00.000Z',
          lastSeen: '2026-01-01T00:00:00.000Z',
          count: 1,
          evidence: [],
          createdByEcho: false,
          version: 1,
          updatedAt: '2026-01-01T00:00:00.000Z',
        },
      }),
    );
  });

  it('stores a marketing complaint under the stream key, with its scope and address', async () => {
    const res = await call('GET', '/suppressions/jane@example.com?stream=marketing');
    expect(res.status).toBe(200);
    expect(res.body.record).toMatchObject({
      email: 'stream:marketing:jane@example.com',
      scope: 'marketing',
      address: 'jane@example.com',
      reason: 'complaint',
      status: 'suppressed',
    });
  });

  it('leaves the address sendable on other streams and for global checks', async () => {
    expect((await call('GET', '/suppressions/jane@example.com?stream=transactional')).status).toBe(
      404,
    );
    expect((await call('GET', '/suppressions/jane@example.com')).status).toBe(404);
    const check = await call('POST', '/suppressions/check', {
      emails: ['jane@example.com', 'dead@example.com'],
      stream: 'transactional',
    });
    expect(check.body.results.map((r: { suppressed: boolean }) => r.suppressed)).toEqual([
      false,
      true,
    ]);
  });

  it('suppresses a hard bounce globally: no stream can reach it', async () => {
    for (const q of ['', '?stream=marketing', '?stream=transactional']) {
      expect((await call('GET', `/suppressions/dead@example.com${q}`)).status).toBe(200);
    }
  });

  it('puts a complaint with no mapped stream in the fallback scope (global by default)', async () => {
    expect((await call('GET', '/suppressions/nostream@example.com')).body.record).toMatchObject({
      email: 'nostream@example.com',
      reason: 'complaint',
    });
  });

  it('reads records without a scope as global', async () => {
    expect((await call('GET', '/suppressions/legacy@example.com?stream=marketing')).status).toBe(
      200,
    );
  });

  it('lifts a complaint only with force and a reason, recorded under the caller key name', async () => {
    const refused = await call('DELETE', '/suppressions/jane@example.com', {
      why: 'asked by phone',
      stream: 'marketing',
    });
    expect(refused.status).toBe(409);
    expect(refused.body.error).toBe('force-required');
    const lifted = await call(
      'DELETE',
      '/suppressions/jane@example.com',
      { why: 'asked by phone', stream: 'marketing', force: true },
      KEYS[1]!.key,
    );
    expect(lifted.status).toBe(200);
    expect(lifted.body.records[0]).toMatchObject({
      status: 'unsuppressed',
      lifted: { by: 'api:ops', why: 'asked by phone (forced)' },
    });
    expect(lifted.body.records[0].history.map((h: { change: string }) => h.change)).toEqual([
      'suppressed',
      'lifted',
    ]);
    expect((await call('GET', '/suppressions/jane@example.com?stream=marketing')).status).toBe(404);
  });

  it('lifts a hard bounce without force; new evidence suppresses it again', async () => {
    expect(
      (await call('DELETE', '/suppressions/dead@example.com', { why: 'new mailbox' })).status,
    ).toBe(200);
    expect((await call('GET', '/suppressions/dead@example.com')).status).toBe(404);
  });

  it('refuses an unknown key and an invalid stream', async () => {
    expect((await call('GET', '/suppressions/a@example.com', undefined, 'nope')).status).toBe(401);
    expect((await call('GET', '/suppressions/a@example.com?stream=Bad Name')).status).toBe(400);
  });
});
