/**
 * `rebound sync VENDOR` from a terminal: usage errors (exit 2), missing settings (2), refused
 * credentials (3, "check the API key", no stack trace), a dry run that prints what it would do
 * and writes nothing, progress lines on a terminal, the summary line and `--json`, against the
 * local SendGrid v3 fake (test/sync/fakes/sendgrid-fake.ts; Twilio SendGrid API reference:
 * https://www.twilio.com/docs/sendgrid/api-reference/bounces-api) and DynamoDB Local.
 */
import { spawn, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { hashedKey } from '@rebound/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { run } from '../../packages/cli/src/commands/sync.ts';
import { type SendgridFake, startSendgridFake } from './fakes/sendgrid-fake.ts';
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

const ROOT = join(import.meta.dirname, '..', '..');
const KEY = 'SG.cli-key';
let fake: SendgridFake;
let stack: SyncStack;

beforeEach(async () => {
  fake = await startSendgridFake(KEY);
  stack = await syncStack();
  const created = Math.floor(Date.now() / 1000) - 86_400;
  fake.lists.bounces.push(
    { email: 'one@example.com', created },
    { email: 'two@example.com', created: created + 1 },
  );
});
afterEach(async () => {
  await fake.close();
});

/** Runs the command with its output captured. */
async function cli(argv: string[], env: Record<string, string> = {}, tty = false) {
  let out = '';
  let err = '';
  const code = await run(argv, {
    out: (s) => {
      out += s;
    },
    err: (s) => {
      err += s;
    },
    tty,
    env: {
      SENDGRID_API_KEY: KEY,
      REBOUND_SENDGRID_API_URL: fake.url,
      REBOUND_SUPPRESSIONS_TABLE: stack.tables.suppressions,
      REBOUND_STATE_TABLE: stack.tables.state,
      AWS_ENDPOINT_URL_DYNAMODB: process.env.DDB_ENDPOINT as string,
      AWS_REGION: 'us-east-1',
      ...env,
    },
    policy: recordingPolicy([]),
  });
  return { code, out, err };
}

describe('rebound sync: usage', () => {
  it.each([
    [[], /name one vendor \(ses, sendgrid, postmark\)/],
    [['mailgun'], /unknown vendor "mailgun" \(known: ses, sendgrid, postmark\)/],
    [['sendgrid', 'postmark'], /name one vendor/],
    [['sendgrid', '--since', 'yesterday'], /--since "yesterday" is not an ISO date, a duration/],
    [['sendgrid', '--bogus'], /Unknown option '--bogus'/],
  ])('%j → exit 2', async (argv, message) => {
    const r = await cli(argv);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(message);
    expect(r.out).toBe('');
  });
  it('names the missing tables and the missing key', async () => {
    const noTables = await cli(['sendgrid'], { REBOUND_SUPPRESSIONS_TABLE: '' });
    expect(noTables).toMatchObject({ code: 2 });
    expect(noTables.err).toMatch(/name both tables \(--table or REBOUND_SUPPRESSIONS_TABLE/);
    const noKey = await cli(['sendgrid'], { SENDGRID_API_KEY: '' });
    expect(noKey.code).toBe(2);
    expect(noKey.err).toBe(
      'rebound sync: no SendGrid API key: set SENDGRID_API_KEY (deployed: the SendgridApiKey secret)\n',
    );
  });
  it('--help prints the usage', async () => {
    const r = await cli(['--help']);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^usage: rebound sync VENDOR \[--dry-run\] \[--since WHEN\]/);
  });
});

describe.skipIf(!HAS_TRANSACTIONS)('rebound sync: runs', () => {
  it('a refused key exits 3 with the vendor’s words and what to check, no stack trace', async () => {
    const r = await cli(['sendgrid'], { SENDGRID_API_KEY: 'SG.revoked' });
    expect(r.code).toBe(3);
    expect(r.err).toMatch(/^rebound sync: sendgrid answered 401 \(.+\): check the API key/);
    expect(r.err).not.toMatch(/\n\s+at /);
    expect(r.err.trim().split('\n')).toHaveLength(1);
  });

  it('--dry-run prints each address it would create or lift and writes nothing', async () => {
    await seed(stack, [
      lifted('back@example.com', new Date(Date.now() - 60_000).toISOString(), 'cli', true),
    ]);
    const r = await cli(['sendgrid', '--dry-run']);
    expect(r.code).toBe(0);
    const lines = r.out.trim().split('\n');
    expect(lines.slice(0, 3)).toEqual([
      // SendGrid lists newest first.
      'would create two@example.com  vendor-suppressed from sendgrid:sync/bounces',
      'would create one@example.com  vendor-suppressed from sendgrid:sync/bounces',
      expect.stringMatching(
        /^would lift {3}back@example\.com {2}lifted \S+ by cli: customer asked$/,
      ),
    ]);
    expect(lines[3]).toMatch(
      /^sync sendgrid \(dry run, everything\): pulled 2, would create 2 \(known 0, skipped 0\), would push 0, would lift 1; nothing written/,
    );
    expect(lines).toHaveLength(4);
    expect((await recordsByEmail(stack)).size).toBe(1);
    expect(await scanAll(stack, 'state')).toEqual([]);
    expect(fake.requests.every((q) => q.method === 'GET')).toBe(true);
  });

  it('a run draws progress on a terminal and ends with one summary line', async () => {
    const r = await cli(['sendgrid'], {}, true);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(
      /^sync sendgrid: completed in \d+\.\d s, everything — pulled 2 \(created 2, known 0, skipped 0\), pushed 0, lifted 0 \(absent 0, refused 0\)\n$/,
    );
    expect(r.err).toContain('\r\x1b[Ksendgrid pull bounces offset 0: 2 pulled, 2 created');
    expect(r.err.endsWith('\r\x1b[K')).toBe(true);
    expect((await recordsByEmail(stack)).size).toBe(2);
    // Not a terminal: no progress at all.
    const again = await cli(['sendgrid', '--since', 'all', '--json']);
    expect(again.err).toBe('');
    expect(JSON.parse(again.out)).toMatchObject({
      vendor: 'sendgrid',
      status: 'completed',
      since: null,
      counts: { pulled: 2, created: 0, known: 2 },
    });
  });

  it('honours the deployment’s hash-only key scheme: no plain address is stored', async () => {
    const bad = await cli(['sendgrid'], { REBOUND_HASH_ONLY: 'true' });
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/REBOUND_HASH_ONLY=true needs REBOUND_ERASURE_KEY/);
    const r = await cli(['sendgrid'], { REBOUND_HASH_ONLY: 'true', REBOUND_ERASURE_KEY: 'k' });
    expect(r.code).toBe(0);
    const keys = [...(await recordsByEmail(stack)).keys()].sort();
    expect(keys).toEqual(
      [hashedKey('k', 'one@example.com'), hashedKey('k', 'two@example.com')].sort(),
    );
    expect(JSON.stringify(await scanAll(stack, 'suppressions'))).not.toContain('@example.com');
  });

  it('reads the deployment’s streams as the scheduled sync does (a bad setting exits 2); a SendGrid global unsubscribe stays global', async () => {
    const bad = await cli(['sendgrid'], { REBOUND_STREAMS: 'Not A Name' });
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(
      /^rebound sync: streams \(REBOUND_STREAM_\*\): stream name "Not A Name"/,
    );
    fake.lists.bounces.length = 0;
    fake.lists.unsubscribes.push({
      email: 'unsub@example.com',
      created: Math.floor(Date.now() / 1000) - 60,
    });
    const r = await cli(['sendgrid'], {
      REBOUND_STREAMS: 'marketing',
      REBOUND_STREAM_FALLBACK: 'marketing',
    });
    expect(r.code).toBe(0);
    // SendGrid's unsubscribes list is its global one: every stream is blocked there, and here.
    expect([...(await recordsByEmail(stack)).keys()]).toEqual(['unsub@example.com']);
  });

  it('a missing table exits 1 naming the tables', async () => {
    const r = await cli(['sendgrid'], { REBOUND_STATE_TABLE: 'no-such-table' });
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/^rebound sync: cannot use the tables ".+" and "no-such-table" at http/);
  });

  it('the rebound command knows sync, and its exit code is the process’s', async () => {
    // Asynchronous: the SendGrid fake answers from this process's event loop.
    const child = spawn(
      process.execPath,
      [join(ROOT, 'packages/cli/bin/rebound.js'), 'sync', 'sendgrid'],
      {
        cwd: ROOT,
        env: {
          PATH: process.env.PATH ?? '',
          SENDGRID_API_KEY: 'SG.revoked',
          REBOUND_SENDGRID_API_URL: fake.url,
          REBOUND_SUPPRESSIONS_TABLE: stack.tables.suppressions,
          REBOUND_STATE_TABLE: stack.tables.state,
          AWS_ENDPOINT_URL_DYNAMODB: process.env.DDB_ENDPOINT as string,
          AWS_REGION: 'us-east-1',
          AWS_ACCESS_KEY_ID: 'local',
          AWS_SECRET_ACCESS_KEY: 'local',
        },
      },
    );
    let stderr = '';
    child.stderr.on('data', (c: Buffer) => {
      stderr += c.toString('utf8');
    });
    const status = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(status).toBe(3);
    expect(stderr).toMatch(/check the API key/);
    const help = spawnSync(
      process.execPath,
      [join(ROOT, 'packages/cli/bin/rebound.js'), '--help'],
      {
        encoding: 'utf8',
      },
    );
    expect(help.stdout).toMatch(/\n {2}sync {7}sync with an ESP's own suppression list\n/);
  });
});
