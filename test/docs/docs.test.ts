/**
 * The documents are tested: docs/address-conformance.json against the implementation, the Python
 * block of docs/client.md (run with python3, and its boto3 part on DynamoDB Local), the README's
 * "check before you send" block against examples/check-before-send.mjs, the IAM JSON.
 */
import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BatchWriteCommand } from '@aws-sdk/lib-dynamodb';
import { ensureTables } from '@rebound/aws';
import { checkRecipient, hashedKey, suppressionKey } from '@rebound/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSuppressionChecker, senderPolicy } from '../../packages/client/src/index.ts';
import { clientsFor } from '../aws/helpers.ts';

const ROOT = join(import.meta.dirname, '..', '..');
const read = (p: string) => readFileSync(join(ROOT, p), 'utf8');

interface Case {
  input: unknown;
  stream?: string;
  hashKey?: string;
  key: string | null;
  error?: string;
  note: string;
}
const conformance = JSON.parse(read('docs/address-conformance.json')) as { cases: Case[] };
const CASES = conformance.cases;

/** The fenced blocks of a markdown file with the given info string. */
function blocks(markdown: string, lang: string): string[] {
  const re = new RegExp(`^\`\`\`${lang}\\n([\\s\\S]*?)^\`\`\`$`, 'gm');
  return [...markdown.matchAll(re)].map((m) => m[1] as string);
}

/** The section of a markdown file from a heading to the next heading of the same level. */
function section(markdown: string, heading: string): string {
  const start = markdown.indexOf(`${heading}\n`);
  expect(start, heading).toBeGreaterThan(-1);
  const level = heading.split(' ')[0] as string;
  const next = markdown.indexOf(`\n${level} `, start + heading.length);
  return markdown.slice(start, next === -1 ? undefined : next);
}

const python = (args: string[], input?: string) =>
  spawnSync('python3', args, { encoding: 'utf8', input, timeout: 60_000 });
const HAS_BOTO3 = python(['-c', 'import boto3']).status === 0;

const tempDirs: string[] = [];
afterAll(() => {
  for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true });
});

/** The Python block of docs/client.md, written as an importable module. */
function pythonModule(): string {
  const py = blocks(read('docs/client.md'), 'python');
  expect(py).toHaveLength(1);
  const dir = mkdtempSync(join(tmpdir(), 'rebound-py-'));
  tempDirs.push(dir);
  writeFileSync(join(dir, 'rebound_keys.py'), py[0] as string);
  return dir;
}

describe('docs/address-conformance.json', () => {
  it('has at least 60 cases, covering every family the rules name', () => {
    expect(CASES.length).toBeGreaterThanOrEqual(60);
    const has = (p: (c: Case) => boolean) => CASES.some(p);
    const input = (c: Case) => String(c.input);
    expect(has((c) => /[A-Z]/.test(input(c)) && c.key !== null)).toBe(true); // case
    expect(has((c) => input(c).includes('<') && c.key !== null)).toBe(true); // display names
    expect(has((c) => c.key?.includes('xn--') === true && !input(c).includes('xn--'))).toBe(true);
    expect(has((c) => input(c) !== input(c).normalize('NFC'))).toBe(true); // NFD inputs
    expect(has((c) => input(c).startsWith('"') && !c.key?.startsWith('"'))).toBe(true); // unquoted
    expect(has((c) => c.key?.startsWith('"') === true)).toBe(true); // quotes kept
    expect(has((c) => input(c).includes('+') && c.key?.includes('+') === true)).toBe(true);
    expect(CASES.filter((c) => c.error === 'control-character').length).toBeGreaterThanOrEqual(5);
    expect(CASES.filter((c) => c.key === null).length).toBeGreaterThanOrEqual(20);
    expect(has((c) => c.stream !== undefined)).toBe(true);
    expect(has((c) => c.hashKey !== undefined)).toBe(true);
  });

  it('every case gives its key (and its reason) with the TypeScript implementation', () => {
    const wrong = CASES.flatMap((c) => {
      const check = checkRecipient(c.input);
      let key: string | null = null;
      if (check.ok) {
        key = suppressionKey(check.address, c.stream ? { stream: c.stream } : 'global');
        if (c.hashKey) key = hashedKey(c.hashKey, key);
      }
      const error = check.ok ? undefined : check.error;
      return key === c.key && error === c.error ? [] : [{ case: c, got: { key, error } }];
    });
    expect(wrong).toEqual([]);
  });

  it('the docs state the number of cases the file has', () => {
    expect(read('docs/client.md')).toContain(`lists ${CASES.length} inputs`);
    expect(read('README.md')).toContain(`${CASES.length} conformance cases`);
  });
});

describe('the Python snippet in docs/client.md', () => {
  it('gives every conformance key with python3 (stdlib only)', () => {
    const dir = pythonModule();
    const harness = [
      'import json, sys',
      `sys.path.insert(0, ${JSON.stringify(dir)})`,
      'import rebound_keys as rk',
      'out = []',
      'for c in json.load(sys.stdin)["cases"]:',
      '    address = rk.normalize(c["input"])',
      '    key = None',
      '    if address is not None:',
      '        key = rk.suppression_key(address, c.get("stream"))',
      '        if c.get("hashKey") is not None:',
      '            key = rk.hashed_key(c["hashKey"], key)',
      '    out.append(key)',
      'print(json.dumps(out))',
    ].join('\n');
    const run = python(['-c', harness], read('docs/address-conformance.json'));
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const keys = JSON.parse(run.stdout) as (string | null)[];
    expect(keys).toHaveLength(CASES.length);
    const wrong = CASES.flatMap((c, i) =>
      keys[i] === c.key ? [] : [{ input: c.input, want: c.key, python: keys[i] }],
    );
    expect(wrong).toEqual([]);
  });

  describe.skipIf(!HAS_BOTO3)('suppressed() with boto3 on DynamoDB Local', () => {
    const clients = clientsFor();
    const table = `docs-py-${randomUUID().slice(0, 8)}`;
    const nowS = Math.floor(Date.now() / 1000);
    beforeAll(async () => {
      await ensureTables(
        clients.dynamodb,
        { suppressions: table, state: `${table}-s` },
        { ttl: false },
      );
      const items = [
        { email: 'gone@example.com', status: 'suppressed', reason: 'user-unknown' },
        { email: 'old@example.com', status: 'suppressed', expiresAt: nowS - 10 },
        { email: 'lifted@example.com', status: 'unsuppressed' },
        { email: 'stream:marketing:news@example.com', status: 'suppressed' },
        { email: hashedKey('k', 'erased@example.com'), status: 'suppressed' },
        { email: 'josé@example.com', status: 'suppressed', expiresAt: nowS + 3600 },
      ];
      await clients.doc.send(
        new BatchWriteCommand({
          RequestItems: { [table]: items.map((Item) => ({ PutRequest: { Item } })) },
        }),
      );
    });

    it('finds the same suppressed addresses as @rebound/client', async () => {
      const list = [
        'Gone <GONE@example.com>',
        'old@example.com',
        'lifted@example.com',
        'news@example.com',
        'Erased@Example.com',
        'JOSE\u0301@example.com',
        'fine@example.com',
        ...Array.from({ length: 120 }, (_, i) => `bulk${i}@example.com`), // two batches
      ];
      const dir = pythonModule();
      const script = [
        'import json, sys, boto3',
        `sys.path.insert(0, ${JSON.stringify(dir)})`,
        'import rebound_keys as rk',
        `client = boto3.client("dynamodb", endpoint_url=${JSON.stringify(process.env.DDB_ENDPOINT)}, region_name="us-east-1", aws_access_key_id="local", aws_secret_access_key="local")`,
        'addresses = json.load(sys.stdin)',
        `print(json.dumps(rk.suppressed(${JSON.stringify(table)}, addresses, stream="marketing", hash_key="k", client=client)))`,
      ].join('\n');
      const run = python(['-c', script], JSON.stringify(list));
      expect(run.stderr).toBe('');
      const fromPython = JSON.parse(run.stdout) as string[];
      expect(fromPython).toEqual([
        'Gone <GONE@example.com>',
        'news@example.com',
        'Erased@Example.com',
        'JOSE\u0301@example.com',
      ]);
      const checker = createSuppressionChecker({
        tableName: table,
        client: clients.dynamodb,
        hashKey: 'k',
      });
      const fromTs = await checker.filterSendable(list, { stream: 'marketing' });
      expect(fromTs.suppressed.map((s) => s.address)).toEqual(fromPython);
      const invalid = python(['-c', script], JSON.stringify(['ok@example.com', 'bad\u0000@x.com']));
      expect(invalid.status).not.toBe(0);
      expect(invalid.stderr).toMatch(/ValueError: not an email address/);
    });
  });
});

describe('README and examples', () => {
  it("the README's check-before-send block is examples/check-before-send.mjs, exactly", () => {
    const part = section(read('README.md'), '## Checking an address before you send');
    const js = blocks(part, 'js');
    expect(js).toHaveLength(1);
    expect(js[0]).toBe(read('examples/check-before-send.mjs'));
    expect(js[0]).toMatch(/from '@rebound\/client'/);
  });

  it("docs/client.md's IAM policy is what senderPolicy gives for the same ARNs", () => {
    const json = blocks(section(read('docs/client.md'), '## IAM'), 'json');
    expect(json).toHaveLength(1);
    const doc = JSON.parse(json[0] as string) as ReturnType<typeof senderPolicy>;
    const [table, queue] = doc.Statement.map((s) => s.Resource[0] as string);
    expect(
      senderPolicy({ suppressionsTableArn: table as string, retryDueQueueArn: queue as string }),
    ).toEqual(doc);
  });
});
