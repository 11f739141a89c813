/**
 * `rebound reclassify` on DynamoDB: verdicts stored under an old rule table, the table changes,
 * a dry run shows the diff and writes nothing, apply lifts (audited), a second apply changes
 * nothing, a webhook's concurrent write is read again, and a run resumes from its cursor.
 */
import {
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  ScanCommand,
} from '@aws-sdk/lib-dynamodb';
import { runReclassify } from '@rebound/aws';
import {
  classify,
  createClassifier,
  DEFAULT_PROCESS_CONFIG,
  foldGroup,
  parseReply,
  RULES,
  type SuppressionRecord,
} from '@rebound/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { run as cli } from '../../packages/cli/src/commands/reclassify.ts';
import { createStack, makeEvent, type Stack } from './helpers.ts';

const NOW = new Date('2026-11-30T09:00:00.000Z');
/** The table before "suppress on evidence": any bare 550/551/553 suppressed. */
const OLD_ROW = {
  id: 'old-550-551-553',
  reason: 'user-unknown' as const,
  codes: [550, 551, 553],
  source: 'the old table',
};
const OLD = createClassifier(RULES.flatMap((r) => (r.id === 'x.5-protocol' ? [OLD_ROW, r] : [r])));
/** An older, more careless table still: the bare-code row above every wording. */
const OLDER = createClassifier([OLD_ROW, ...RULES]);

let stack: Stack;
const table = () => stack.tables.suppressions;

/** Stores the record the webhooks would have written for `text`, judged by `by`. */
async function store(email: string, text: string, by = OLD): Promise<SuppressionRecord | null> {
  const reply = parseReply(text);
  const event = makeEvent({
    recipient: email,
    kind: 'bounce',
    reply,
    verdict: by(reply, { kind: 'bounce' }),
  });
  const ctx = {
    now: NOW,
    leaseId: 'l',
    config: DEFAULT_PROCESS_CONFIG,
    decideRetry: () => ({ kind: 'exhausted' as const, attempts: 0 }),
  };
  const record = foldGroup(email, [event], { record: null, soft: null, markers: new Map() }, ctx)
    .record as SuppressionRecord;
  // A verdict that neither suppresses nor probates writes no record (a policy block).
  if (!record) return null;
  await stack.clients.doc.send(
    new PutCommand({ TableName: table(), Item: { ...record, version: 1 } }),
  );
  return record;
}

const read = async (email: string) =>
  (
    await stack.clients.doc.send(
      new GetCommand({ TableName: table(), Key: { email }, ConsistentRead: true }),
    )
  ).Item;

beforeAll(async () => {
  stack = await createStack();
  await store('bare@example.com', '550 Rejected');
  await store(
    'gone@example.com',
    '550 5.1.1 <gone@example.com>: Recipient address rejected: User unknown',
  );
  await store(
    'blocked@example.com',
    '550 5.7.1 Service unavailable; client [192.0.2.1] blocked using zen.spamhaus.org',
  );
  await store('policy@example.com', '550 Access denied', OLDER);
});

describe('reclassify on DynamoDB Local', () => {
  it('stored the old verdicts: two bare refusals suppressed by the old rule', async () => {
    expect(await read('bare@example.com')).toMatchObject({
      status: 'suppressed',
      rule: 'old-550-551-553',
    });
    expect(await read('policy@example.com')).toMatchObject({
      status: 'suppressed',
      rule: 'old-550-551-553',
    });
    expect(await read('blocked@example.com')).toBeUndefined();
  });

  it('a dry run shows the diff and writes nothing', async () => {
    const before = (await stack.clients.doc.send(new ScanCommand({ TableName: table() }))).Items;
    const seen: string[] = [];
    const summary = await runReclassify(
      { doc: stack.clients.doc, table: table(), now: () => NOW },
      { onChange: (c) => seen.push(`${c.email} ${c.change} ${c.before.rule}→${c.after.rule}`) },
    );
    expect(seen.sort()).toEqual([
      'bare@example.com lift old-550-551-553→5xx-unproven',
      'policy@example.com lift old-550-551-553→refusal-words',
    ]);
    expect(summary).toMatchObject({
      applied: false,
      scanned: 3,
      changes: { lift: 2, suppress: 0 },
      cursor: null,
    });
    expect((await stack.clients.doc.send(new ScanCommand({ TableName: table() }))).Items).toEqual(
      before,
    );
  });

  it('apply lifts (audited as reclassify with the rules version), and a second apply changes nothing', async () => {
    const summary = await runReclassify(
      { doc: stack.clients.doc, table: table(), now: () => NOW },
      { apply: true },
    );
    expect(summary.changes.lift).toBe(2);
    expect(await read('bare@example.com')).toMatchObject({
      status: 'probation',
      lifted: { by: 'reclassify' },
      version: 2,
    });
    const policy = await read('policy@example.com');
    expect(policy).toMatchObject({ status: 'unsuppressed', lifted: { by: 'reclassify' } });
    expect(policy?.history.at(-1)).toMatchObject({
      by: 'reclassify',
      change: 'lifted',
      rulesVersion: classify.rulesVersion,
    });
    expect(await read('gone@example.com')).toMatchObject({ status: 'suppressed', version: 1 });
    const again = await runReclassify(
      { doc: stack.clients.doc, table: table(), now: () => NOW },
      { apply: true },
    );
    expect(again.changes).toEqual({ lift: 0, suppress: 0, probation: 0, clear: 0 });
  });

  it('reads a record a webhook changed between the scan and the write, and judges it again', async () => {
    await store('race@example.com', '550 Rejected');
    let interfered = false;
    const doc = {
      send: async (cmd: unknown) => {
        if (cmd instanceof PutCommand && !interfered) {
          interfered = true;
          // A webhook adds evidence first (version 1 → 2).
          const current = await read('race@example.com');
          await stack.clients.doc.send(
            new PutCommand({ TableName: table(), Item: { ...current, count: 2, version: 2 } }),
          );
        }
        return stack.clients.doc.send(cmd as never);
      },
    } as unknown as DynamoDBDocumentClient;
    const summary = await runReclassify({ doc, table: table(), now: () => NOW }, { apply: true });
    expect(summary.retried).toBe(1);
    expect(await read('race@example.com')).toMatchObject({
      status: 'probation',
      count: 2,
      version: 3,
    });
  });

  it('stops after a page and resumes from its cursor, covering every record once', async () => {
    const emails: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const s = await runReclassify(
        { doc: stack.clients.doc, table: table(), now: () => NOW, classify: OLD },
        { cursor, maxPages: 1, pageSize: 2, onChange: (c) => emails.push(c.email) },
      );
      cursor = s.cursor;
      pages++;
    } while (cursor && pages < 10);
    // Under the old table, the bare refusals today's rules lifted are suppressed again, each once
    // (the "Access denied" one stays clear: even that table read it as a policy block).
    expect(emails.sort()).toEqual(['bare@example.com', 'race@example.com']);
    expect(pages).toBeGreaterThan(1);
  });
});

describe('Command: rebound reclassify', () => {
  const io = () => {
    const out: string[] = [];
    const err: string[] = [];
    return { out, err, io: { out: (s: string) => out.push(s), err: (s: string) => err.push(s) } };
  };

  it('prints the diff and a summary line, and exits 0', async () => {
    await store('cli@example.com', '551 No thank you');
    const o = io();
    const code = await cli(
      ['--table', table(), '--endpoint', String(process.env.DDB_ENDPOINT)],
      o.io,
    );
    expect(code).toBe(0);
    expect(o.out.join('')).toMatch(
      /^lift\s+cli@example\.com\s+suppress → investigate\s+old-550-551-553 → 5xx-unproven/m,
    );
    expect(o.err.join('')).toMatch(
      /^reclassify \(dry run, rules r-[0-9a-f]{12}\): \d+ records scanned, 1 to lift, 0 to suppress, 0 to put on probation, 0 to clear; run with --apply to write them$/m,
    );
  });

  it('says what is wrong instead of a stack trace: no table, a bad cursor, an unreachable endpoint', async () => {
    const saved = process.env.REBOUND_SUPPRESSIONS_TABLE;
    delete process.env.REBOUND_SUPPRESSIONS_TABLE;
    const a = io();
    expect(await cli([], a.io)).toBe(2);
    expect(a.err.join('')).toMatch(/which table\?/);
    if (saved !== undefined) process.env.REBOUND_SUPPRESSIONS_TABLE = saved;
    const b = io();
    expect(await cli(['--table', 't', '--cursor', 'nope'], b.io)).toBe(2);
    expect(b.err.join('')).toMatch(/not a reclassify cursor/);
    const c = io();
    expect(await cli(['--table', 't', '--endpoint', 'http://127.0.0.1:9'], c.io)).toBe(1);
    expect(c.err.join('')).toMatch(
      /^rebound reclassify: cannot read or write the table t at http:\/\/127\.0\.0\.1:9: /,
    );
    expect(c.err.join('')).not.toMatch(/\n\s+at /);
  });
});
