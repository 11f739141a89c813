/**
 * The suppression list over time on DynamoDB Local, through the CLI: import (Rebound's, SendGrid's
 * and Postmark's exports; twice changes nothing), export (CSV, JSON Lines, round trip), lift
 * (guardrails, history) and forget (a keyed hash keeps the address suppressed), plus hash-only
 * mode where no plain address is stored at all.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import {
  createEventProcessor,
  createRetryScheduler,
  createSuppressionStore,
  ensureTables,
} from '@rebound/aws';
import { decideRetry, hashedKey, parseReply } from '@rebound/core';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { run as exportCmd } from '../../packages/cli/src/commands/export.ts';
import { run as forgetCmd } from '../../packages/cli/src/commands/forget.ts';
import { run as importCmd } from '../../packages/cli/src/commands/import.ts';
import { run as liftCmd } from '../../packages/cli/src/commands/lift.ts';
import {
  clientsFor as awsClients,
  createStack,
  HAS_TRANSACTIONS,
  makeEvent,
  type Stack,
} from '../aws/helpers.ts';

const dir = mkdtempSync(join(tmpdir(), 'rebound-admin-'));
let stack: Stack;
const file = (name: string, text: string) => {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
};
const io = () => {
  const out: string[] = [];
  const err: string[] = [];
  return { out, err, io: { out: (s: string) => out.push(s), err: (s: string) => err.push(s) } };
};
const at = () => [
  '--table',
  stack.tables.suppressions,
  '--endpoint',
  String(process.env.DDB_ENDPOINT),
];
const store = (hashKey: string | null = null) =>
  createSuppressionStore({
    doc: stack.clients.doc,
    table: stack.tables.suppressions,
    keys: { hashKey, hashOnly: false },
  });
const scan = async (table = stack.tables.suppressions) =>
  (await stack.clients.doc.send(new ScanCommand({ TableName: table }))).Items ?? [];

beforeAll(async () => {
  stack = await createStack();
});
afterEach(() => {
  delete process.env.REBOUND_ERASURE_KEY;
  delete process.env.REBOUND_HASH_ONLY;
});

describe('rebound import', () => {
  const bounces = file(
    'sendgrid-bounces.csv',
    'email,created,reason,status\n' +
      'gone@example.com,1790000000,"550 5.1.1 <gone@example.com>: Recipient address rejected: User unknown",5.1.1\n' +
      'blocked@example.com,1790000100,"550 5.7.1 Service unavailable; client [192.0.2.1] blocked using zen.spamhaus.org",5.7.1\n' +
      'not an address,1790000200,"550 5.1.1 user unknown",5.1.1\n',
  );

  it('maps a SendGrid bounce list: evidence kept, blocks and junk skipped, twice changes nothing', async () => {
    const a = io();
    expect(await importCmd([bounces, ...at()], a.io)).toBe(0);
    expect(a.err.join('')).toMatch(
      /^import \(sendgrid\): 3 rows, 1 created, 0 already present, 2 skipped \(1 not-evidence, 1 invalid-address\)$/m,
    );
    expect((await store().status('gone@example.com')).record).toMatchObject({
      status: 'suppressed',
      reason: 'user-unknown',
      vendor: 'sendgrid',
      rule: 'import:sendgrid/bounces',
      firstSeen: '2026-09-21T14:13:20.000Z',
      history: [{ by: 'cli', change: 'imported' }],
    });
    expect((await store().status('blocked@example.com')).records).toEqual([]);
    const b = io();
    expect(await importCmd([bounces, ...at()], b.io)).toBe(0);
    expect(b.err.join('')).toMatch(/1 rows?|0 created, 1 already present/);
  });

  it('puts spam reports on the given stream, and skips a whole SendGrid blocks list', async () => {
    const spam = file('spam.csv', 'email,created\nfan@example.com,1790000000\n');
    expect(
      await importCmd([spam, '--list', 'spam_reports', '--stream', 'marketing', ...at()], io().io),
    ).toBe(0);
    expect(await store().isSuppressed('fan@example.com', 'marketing')).toBe(true);
    expect(await store().isSuppressed('fan@example.com')).toBe(false);
    const blocks = file(
      'blocks.csv',
      'email,created,reason\nb@example.com,1790000000,"421 try later"\n',
    );
    const c = io();
    expect(await importCmd([blocks, '--list', 'blocks', ...at()], c.io)).toBe(0);
    expect(c.err.join('')).toMatch(/1 skipped \(1 not-a-suppression\)/);
  });

  it("maps Postmark's suppression dump (header detected)", async () => {
    const dump = file(
      'postmark.csv',
      'EmailAddress,SuppressionReason,Origin,CreatedAt\n' +
        'hard@example.com,HardBounce,Recipient,2026-01-02T03:04:05Z\n' +
        'unsub@example.com,ManualSuppression,Recipient,2026-01-02T03:04:05Z\n',
    );
    expect(await importCmd([dump, ...at()], io().io)).toBe(0);
    expect((await store().status('hard@example.com')).record?.reason).toBe('vendor-suppressed');
    expect((await store().status('unsub@example.com')).record?.reason).toBe('unsubscribed');
  });

  it('says what is wrong with a file it cannot use', async () => {
    const missing = io();
    expect(await importCmd([join(dir, 'nope.csv'), '--dry-run'], missing.io)).toBe(2);
    expect(missing.err.join('')).toMatch(/cannot read .*nope\.csv: ENOENT/);
    const odd = io();
    expect(await importCmd([file('odd.csv', 'foo,bar\n1,2\n'), '--dry-run'], odd.io)).toBe(2);
    expect(odd.err.join('')).toMatch(/cannot tell which tool wrote/);
  });
});

describe('rebound export', () => {
  it('writes active suppressions as CSV, every record with --all, and round-trips JSON Lines', async () => {
    const csv = io();
    expect(await exportCmd([...at()], csv.io)).toBe(0);
    const lines = csv.out.join('').trim().split('\n');
    expect(lines[0]).toBe('address,scope,status,reason,since,expires,key');
    expect(lines).toContain(
      'fan@example.com,marketing,suppressed,complaint,2026-09-21T14:13:20.000Z,,stream:marketing:fan@example.com',
    );
    expect(csv.err.join('')).toMatch(
      /^export: \d+ records read, \d+ written \(active suppressions\)$/m,
    );
    const out = join(dir, 'all.jsonl');
    expect(await exportCmd([...at(), '--format', 'jsonl', '--out', out], io().io)).toBe(0);
    const exported = readFileSync(out, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(exported.map((r) => r.address).sort()).toEqual([
      'fan@example.com',
      'gone@example.com',
      'hard@example.com',
      'unsub@example.com',
    ]);
    // Into a fresh table: the same active set.
    const other = {
      suppressions: `${stack.tables.suppressions}-copy`,
      state: `${stack.tables.state}-copy`,
    };
    await ensureTables(awsClients().dynamodb, other);
    expect(
      await importCmd(
        [out, '--table', other.suppressions, '--endpoint', String(process.env.DDB_ENDPOINT)],
        io().io,
      ),
    ).toBe(0);
    expect((await scan(other.suppressions)).map((i) => i.email).sort()).toEqual(
      exported.map((r) => r.key).sort(),
    );
  });
});

describe('rebound lift', () => {
  it('refuses to lift a complaint without --force, lifts it with, recorded as cli', async () => {
    const refused = io();
    expect(
      await liftCmd(
        ['fan@example.com', '--stream', 'marketing', '--why', 'asked', ...at()],
        refused.io,
      ),
    ).toBe(1);
    expect(refused.err.join('')).toMatch(/suppressed for a complaint: .* --force/);
    const ok = io();
    expect(
      await liftCmd(
        ['fan@example.com', '--stream', 'marketing', '--why', 'asked', '--force', ...at()],
        ok.io,
      ),
    ).toBe(0);
    const r = (await store().status('fan@example.com', 'marketing')).record;
    expect(r).toMatchObject({
      status: 'unsuppressed',
      lifted: { by: 'cli', why: 'asked (forced)' },
    });
    expect(r?.history?.map((h) => h.change)).toEqual(['imported', 'lifted']);
  });

  it('needs a reason', async () => {
    const e = io();
    expect(await liftCmd(['gone@example.com', ...at()], e.io)).toBe(2);
    expect(e.err.join('')).toMatch(/--why/);
  });
});

describe('rebound forget', () => {
  it('needs the erasure key, then keeps an active suppression as a keyed hash and nothing else', async () => {
    const refused = io();
    expect(await forgetCmd(['gone@example.com', ...at()], refused.io)).toBe(2);
    expect(refused.err.join('')).toMatch(/REBOUND_ERASURE_KEY/);
    process.env.REBOUND_ERASURE_KEY = 'erasure-secret-0123456789';
    const done = io();
    expect(await forgetCmd(['gone@example.com', ...at()], done.io)).toBe(0);
    expect(done.out.join('')).toMatch(
      /^forgot gone@example\.com: global: user-unknown kept as a keyed hash.*the address stays suppressed$/m,
    );
    const items = await scan();
    expect(JSON.stringify(items)).not.toContain('gone@example.com');
    const key = hashedKey('erasure-secret-0123456789', 'gone@example.com');
    expect(items.find((i) => i.email === key)).toMatchObject({
      status: 'suppressed',
      forgotten: true,
      evidence: [],
    });
    // Checks that know the key still see it suppressed; without the key, nothing is found.
    expect(await store('erasure-secret-0123456789').isSuppressed('gone@example.com')).toBe(true);
    expect(await store().isSuppressed('gone@example.com')).toBe(false);
  });
});

describe.runIf(HAS_TRANSACTIONS)('hash-only mode', () => {
  it('stores no plain address: keys, evidence and replies carry only the hash', async () => {
    const keys = { hashKey: 'hash-only-secret-0123456789', hashOnly: true };
    const other = {
      suppressions: `${stack.tables.suppressions}-h`,
      state: `${stack.tables.state}-h`,
    };
    await ensureTables(awsClients().dynamodb, other);
    const sink = createEventProcessor({
      doc: stack.clients.doc,
      tables: other,
      scheduler: createRetryScheduler({
        sqs: stack.clients.sqs,
        queueUrl: stack.retryQueueUrl,
        now: () => new Date(),
      }),
      now: () => new Date('2026-11-30T09:00:00.000Z'),
      decideRetry,
      keys,
    });
    const reply = parseReply(
      '550 5.1.1 <Secret.Person@example.com>: Recipient address rejected: User unknown',
    );
    await sink.process([
      makeEvent({ v: 'hard', recipient: 'secret.person@example.com', reply }),
      makeEvent({ kind: 'complaint', recipient: 'other.person@example.com' }),
    ]);
    const everything = JSON.stringify([
      ...(await scan(other.suppressions)),
      ...(await scan(other.state)),
    ]);
    expect(everything).not.toMatch(/secret\.person|other\.person/i);
    expect(everything).toContain('<recipient>');
    const hashed = createSuppressionStore({
      doc: stack.clients.doc,
      table: other.suppressions,
      keys,
    });
    expect(await hashed.isSuppressed('Secret.Person@example.com')).toBe(true);
    expect(await hashed.isSuppressed('other.person@example.com')).toBe(true);
    expect(await hashed.isSuppressed('nobody@example.com')).toBe(false);
  });
});

describe('CSV injection', () => {
  it('exports a formula-like address with an apostrophe in front, and imports it back as it was', async () => {
    const tables = {
      suppressions: `${stack.tables.suppressions}-csv`,
      state: `${stack.tables.state}-csv`,
    };
    await ensureTables(awsClients().dynamodb, tables);
    const where = ['--table', tables.suppressions, '--endpoint', String(process.env.DDB_ENDPOINT)];
    // `=1+2@example.com` and `-x@example.com` are valid addresses; a spreadsheet would run them.
    const source = file(
      'formula.jsonl',
      `${JSON.stringify({ address: '=1+2@example.com', reason: 'user-unknown', since: '2026-09-01T00:00:00Z' })}\n${JSON.stringify({ address: '-x@example.com', reason: 'complaint', since: '2026-09-01T00:00:00Z' })}\n`,
    );
    expect(await importCmd([source, ...where], io().io)).toBe(0);
    const csv = io();
    expect(await exportCmd([...where], csv.io)).toBe(0);
    const text = csv.out.join('');
    expect(text).toMatch(/^'=1\+2@example\.com,global,suppressed,user-unknown,/m);
    expect(text).toMatch(/^'-x@example\.com,global,suppressed,complaint,/m);
    expect(text).not.toMatch(/^[=+\-@]/m);

    // Rebound's own CSV, imported into a fresh table: the same addresses, apostrophes dropped.
    const copy = {
      suppressions: `${stack.tables.suppressions}-csv-copy`,
      state: `${stack.tables.state}-csv-copy`,
    };
    await ensureTables(awsClients().dynamodb, copy);
    const out = io();
    expect(
      await importCmd(
        [
          file('formula.csv', text),
          '--table',
          copy.suppressions,
          '--endpoint',
          String(process.env.DDB_ENDPOINT),
        ],
        out.io,
      ),
    ).toBe(0);
    expect(out.err.join('') + out.out.join('')).toMatch(/2 created/);
    expect((await scan(copy.suppressions)).map((i) => i.email).sort()).toEqual([
      '-x@example.com',
      '=1+2@example.com',
    ]);
  });
});
