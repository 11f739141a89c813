/**
 * `rebound check`: status and evidence from the Suppressions table (DynamoDB Local) and from a
 * running suppression API (the real handler behind a small node:http server), plus usage errors.
 */

import { randomUUID } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  createClients,
  createEventProcessor,
  createRetryScheduler,
  createSuppressionApiHandler,
  ensureTables,
} from '@rebound/aws';
import { decideRetry, type NormalizedEvent } from '@rebound/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localApiKey, run } from '../src/commands/check.ts';

const HAS_TX = process.env.DDB_KIND === 'dynamodb-local';
// Real time: `check --table` judges expiry against the real clock.
const NOW = new Date(Math.floor(Date.now() / 1000) * 1000);
const AT = new Date(NOW.getTime() - 3_600_000).toISOString();
const table = `cli-suppressions-${randomUUID().slice(0, 8)}`;
const endpoint = process.env.DDB_ENDPOINT as string;
const clients = createClients({
  region: 'us-east-1',
  dynamodbEndpoint: endpoint,
  credentials: { accessKeyId: 'l', secretAccessKey: 'l' },
});
let server: Server;
let url: string;

function event(over: Partial<NormalizedEvent>): NormalizedEvent {
  return {
    id: randomUUID(),
    vendor: 'postmark',
    vendorEventId: null,
    kind: 'bounce',
    recipient: 'gone@example.com',
    messageId: 'm1',
    occurredAt: AT,
    hints: {},
    echo: false,
    metadata: {},
    reply: {
      code: 550,
      enhanced: '5.1.1',
      text: 'no such user',
      parts: { code: 'parsed', enhanced: 'parsed', text: 'parsed' },
      conflict: null,
      command: null,
    },
    verdict: {
      action: 'suppress',
      reason: 'user-unknown',
      rule: 'user-unknown',
      source: 'test',
      retry: null,
    },
    ...over,
  };
}

async function capture(argv: string[]) {
  let out = '';
  let err = '';
  const code = await run(argv, {
    out: (s) => {
      out += s;
    },
    err: (s) => {
      err += s;
    },
  });
  return { code, out, err };
}

beforeAll(async () => {
  const tables = { suppressions: table, state: `${table}-state` };
  await ensureTables(clients.dynamodb, tables, { ttl: false });
  if (HAS_TX) {
    const sink = createEventProcessor({
      doc: clients.doc,
      tables,
      now: () => NOW,
      decideRetry,
      scheduler: createRetryScheduler({ sqs: clients.sqs, queueUrl: 'unused', now: () => NOW }),
    });
    await sink.process([
      event({}),
      event({ kind: 'complaint', verdict: null, reply: null, recipient: 'spam@example.com' }),
    ]);
  }
  const api = createSuppressionApiHandler({
    doc: clients.doc,
    suppressionsTable: table,
    apiKey: 'k3y',
    now: () => NOW,
  });
  server = createServer(async (req, res) => {
    let body = '';
    for await (const chunk of req) body += chunk;
    const out = await api(
      {
        rawPath: req.url,
        headers: req.headers as Record<string, string>,
        body,
        requestContext: { http: { method: req.method } },
      } as never,
      {
        functionName: 'api',
        awsRequestId: randomUUID(),
        getRemainingTimeInMillis: () => 1000,
      } as never,
    );
    res.writeHead(out.statusCode, out.headers).end(out.body);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
});
afterAll(() => new Promise<void>((r) => (server ? server.close(() => r()) : r())));

describe('rebound check: usage', () => {
  it.each([
    [[], 2],
    [['a@example.com'], 2],
    [['--bogus', 'a@example.com', '--table', 't'], 2],
    [['--help'], 0],
  ])('%j → exit %i', async (argv, code) => {
    const saved = process.env.REBOUND_SUPPRESSIONS_TABLE;
    delete process.env.REBOUND_SUPPRESSIONS_TABLE;
    expect((await capture(argv)).code).toBe(code);
    if (saved !== undefined) process.env.REBOUND_SUPPRESSIONS_TABLE = saved;
  });
});

describe.skipIf(!HAS_TX)('rebound check: status and evidence', () => {
  it('reads the table named by --table at --endpoint', async () => {
    const r = await capture([
      'Gone@Example.com',
      'nobody@example.com',
      '--table',
      table,
      '--endpoint',
      endpoint,
    ]);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(
      /^gone@example\.com {2}SUPPRESSED {2}user-unknown \(rule user-unknown, postmark\) — 550 5\.1\.1 no such user$/m,
    );
    expect(r.out).toContain(`· ${AT} postmark bounce 550 5.1.1 user-unknown`);
    expect(r.out).toMatch(/^nobody@example\.com {2}not suppressed/m);
  });

  it('reads the table from REBOUND_SUPPRESSIONS_TABLE / AWS_ENDPOINT_URL_DYNAMODB, prints JSON', async () => {
    process.env.REBOUND_SUPPRESSIONS_TABLE = table;
    process.env.AWS_ENDPOINT_URL_DYNAMODB = endpoint;
    try {
      const r = await capture(['spam@example.com', '--json']);
      expect(r.code).toBe(0);
      expect(JSON.parse(r.out)).toMatchObject({
        email: 'spam@example.com',
        suppressed: true,
        record: { reason: 'complaint' },
      });
    } finally {
      delete process.env.REBOUND_SUPPRESSIONS_TABLE;
      delete process.env.AWS_ENDPOINT_URL_DYNAMODB;
    }
  });

  it('queries the suppression API with --url and --api-key', async () => {
    const r = await capture(['gone@example.com', '--url', url, '--api-key', 'k3y', '--json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out)).toMatchObject({ email: 'gone@example.com', suppressed: true });
    const bad = await capture(['gone@example.com', '--url', url, '--api-key', 'nope']);
    expect(bad.code).toBe(1);
    expect(bad.err).toMatch(/401/);
  });
});

describe('localApiKey', () => {
  it("reads the local stack's API key from .rebound/credentials.json, or gives ''", () => {
    const dir = mkdtempSync(join(tmpdir(), 'rebound-check-'));
    expect(localApiKey(dir)).toBe('');
    writeFileSync(join(dir, 'credentials.json'), JSON.stringify({ apiKey: 'k-123' }));
    expect(localApiKey(dir)).toBe('k-123');
  });
});
