/**
 * `rebound check`: status and evidence from the Suppressions table (DynamoDB Local) and from a
 * running suppression API (the real handler behind a small node:http server), plus usage errors.
 */

import { randomUUID } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
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
import { printable, printableJson } from '../src/format.ts';

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
    expect(r.out).toMatch(/^gone@example\.com {2}SUPPRESSED$/m);
    expect(r.out).toMatch(
      /^ {2}\[global\] suppressed {2}user-unknown \(rule user-unknown, postmark\) — 550 5\.1\.1 no such user$/m,
    );
    expect(r.out).toContain(`· ${AT} postmark bounce 550 5.1.1 user-unknown`);
    expect(r.out).toMatch(/^nobody@example\.com {2}sendable \(no record\)$/m);
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

/** What must never reach the terminal raw (newline aside: it separates lines). */
// biome-ignore lint/suspicious/noControlCharactersInRegex: the test is that none get through
const RAW_CONTROL = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202e]/;

/** A closed port on loopback: something listened there a moment ago. */
async function closedPort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const port = (s.address() as { port: number }).port;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

describe('rebound check: invalid addresses, hostile stored text, unreachable services', () => {
  beforeAll(async () => {
    await clients.doc.send(
      new PutCommand({
        TableName: table,
        Item: {
          email: 'hostile@example.com',
          status: 'unsuppressed',
          action: 'suppress',
          reason: 'user-unknown',
          rule: 'r1',
          reply: { code: 550, enhanced: '5.1.1', text: 'gone\u001b[2J\u001b]0;pwned\u0007' },
          vendor: 'sendgrid',
          firstSeen: AT,
          lastSeen: AT,
          count: 1,
          evidence: [],
          createdByEcho: false,
          lifted: { at: AT, by: 'ops\u001b[31m', why: 'ok\u009b2K\u202edaolnwod' },
          version: 1,
          updatedAt: AT,
        },
      }),
    );
  });

  it('rejects an invalid address with exit 2, naming it (escaped) and why, before any query', async () => {
    const r = await capture(['ok@example.com', 'bad\u001b@example.com', 'nope', '--table', 'none']);
    expect(r.code).toBe(2);
    expect(r.out).toBe('');
    expect(r.err).toContain('"bad\\x1b@example.com" is not an address');
    expect(r.err).toContain('(control-character)');
    expect(r.err).toContain('"nope" is not an address: no "@" in the address (no-at-sign)');
    expect(r.err).not.toMatch(RAW_CONTROL);
  });

  it('escapes control characters in lifted.by, why and the reply text', async () => {
    const r = await capture(['hostile@example.com', '--table', table, '--endpoint', endpoint]);
    expect(r.code).toBe(0);
    expect(r.out).not.toMatch(RAW_CONTROL);
    expect(r.out).toContain('gone\\x1b[2J\\x1b]0;pwned\\x07');
    expect(r.out).toContain('lifted 20');
    expect(r.out).toContain('by ops\\x1b[31m: ok\\x9b2K\\u202edaolnwod');
  });

  it('--json escapes DEL, C1 and bidi controls too, and stays JSON', async () => {
    const r = await capture([
      'hostile@example.com',
      '--json',
      '--table',
      table,
      '--endpoint',
      endpoint,
    ]);
    expect(r.code).toBe(0);
    expect(r.out).not.toMatch(RAW_CONTROL);
    expect(JSON.parse(r.out).record.lifted.why).toBe('ok\u009b2K\u202edaolnwod');
  });

  it('names the URL when the API cannot be reached', async () => {
    const port = await closedPort();
    const r = await capture([
      'a@example.com',
      '--url',
      `http://127.0.0.1:${port}`,
      '--api-key',
      'k',
    ]);
    expect(r.code).toBe(1);
    expect(r.err).toBe(
      `rebound check: cannot reach the suppression API at http://127.0.0.1:${port}/: ECONNREFUSED\n`,
    );
    const bad = await capture(['a@example.com', '--url', 'not a url']);
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/--url "not a url" is not a URL/);
  });

  it('names the table and the endpoint when DynamoDB cannot be reached', async () => {
    const port = await closedPort();
    const r = await capture([
      'a@example.com',
      '--table',
      'suppressions',
      '--endpoint',
      `http://127.0.0.1:${port}`,
    ]);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(
      new RegExp(
        `^rebound check: cannot read the Suppressions table "suppressions" at http://127\\.0\\.0\\.1:${port}: .*ECONNREFUSED`,
      ),
    );
    expect(r.err).not.toMatch(/\n\s+at /); // no stack trace
  });
});

describe('printable', () => {
  it.each([
    ['plain text ✓ é 日本', 'plain text ✓ é 日本'],
    ['a\u0000b', 'a\\x00b'],
    ['\u001b[31mred', '\\x1b[31mred'],
    ['line\nbreak\ttab', 'line\\x0abreak\\x09tab'],
    ['del\u007f c1\u0085\u009b', 'del\\x7f c1\\x85\\x9b'],
    ['bidi\u202e\u2066\u200f', 'bidi\\u202e\\u2066\\u200f'],
  ])('%j → %j', (input, want) => {
    expect(printable(input)).toBe(want);
  });
  it('printableJson escapes what JSON.stringify leaves, and parses back to the same value', () => {
    const v = { a: 'x\u007f\u009b\u202e\u001by' };
    const out = printableJson(v);
    expect(out).toBe('{"a":"x\\u007f\\u009b\\u202e\\u001by"}');
    expect(JSON.parse(out)).toEqual(v);
  });
});
