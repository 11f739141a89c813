/**
 * The packed tarball, as a sending service gets it: `npm pack`, `npm install <tarball>` in a fresh
 * project outside the workspace, then examples/check-before-send.mjs (ESM, Node 24 and the
 * machine's own Node ≥ 20), CommonJS require, the ./sqs subpath and the docs' TypeScript
 * against the installed .d.ts — all on DynamoDB Local and fauxqs.
 */
import { type SpawnSyncOptions, spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import {
  copyFileSync,
  existsSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { SendMessageCommand } from '@aws-sdk/client-sqs';
import { BatchWriteCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clientsFor } from '../../../test/aws/helpers.ts';
import { ensureQueue, ensureTables } from '../../aws/src/index.ts';

const PKG = join(import.meta.dirname, '..');
const ROOT = join(PKG, '..', '..');
const version = (name: string) =>
  (
    JSON.parse(readFileSync(join(ROOT, 'node_modules', name, 'package.json'), 'utf8')) as {
      version: string;
    }
  ).version;

/** The environment without the outer `npm test`'s npm_* settings (they would point npm here). */
const cleanEnv = Object.fromEntries(
  Object.entries(process.env).filter(([k]) => !/^npm_/i.test(k)),
) as NodeJS.ProcessEnv;

function run(cmd: string, args: string[], opts: SpawnSyncOptions = {}) {
  const res = spawnSync(cmd, args, {
    encoding: 'utf8',
    timeout: 170_000,
    ...opts,
    env: { ...cleanEnv, ...opts.env },
  });
  return { status: res.status, stdout: String(res.stdout), stderr: String(res.stderr) };
}

/** The example's arguments and its exact output for the records seeded below. */
const EXAMPLE_ARGS = [
  'check-before-send.mjs',
  'Jane <Suppressed@Example.COM>',
  'expired@example.com',
  'lifted@example.com',
  'unknown@example.com',
  'JOSE\u0301@example.com',
  'not-an-address',
];
const EXAMPLE_WANT = [
  'skip Jane <Suppressed@Example.COM>: complaint (global) since 2026-11-01T00:00:00.000Z',
  'skip JOSE\u0301@example.com: user-unknown (global) since 2026-11-02T00:00:00.000Z',
  'invalid "not-an-address": no "@" in the address',
  'send expired@example.com',
  'send lifted@example.com',
  'send unknown@example.com',
  '',
].join('\n');

/** The machine's own `node` (PATH without node_modules), e.g. Node 20; '' when there is none. */
const SYSTEM_PATH = (cleanEnv.PATH ?? '')
  .split(delimiter)
  .filter((d) => !d.includes('node_modules'))
  .join(delimiter);
const found = spawnSync('sh', ['-c', 'command -v node && node --version'], {
  encoding: 'utf8',
  env: { PATH: SYSTEM_PATH },
});
const [SYSTEM_NODE = '', SYSTEM_NODE_VERSION = ''] =
  found.status === 0 ? String(found.stdout).trim().split('\n') : [];

const clients = clientsFor();
const table = `pkg-suppressions-${randomUUID().slice(0, 8)}`;
const nowS = Math.floor(Date.now() / 1000);
let project: string;
let packDir: string;
let packed: { filename: string; size: number; unpackedSize: number; files: { path: string }[] };
let queueUrl: string;

/** Runs a file in the consumer project with the table and the local endpoints. */
const inProject = (node: string, args: string[], env: NodeJS.ProcessEnv = {}) =>
  run(node, args, {
    cwd: project,
    env: {
      REBOUND_SUPPRESSIONS_TABLE: table,
      AWS_ENDPOINT_URL_DYNAMODB: process.env.DDB_ENDPOINT,
      AWS_REGION: 'us-east-1',
      AWS_ACCESS_KEY_ID: 'local',
      AWS_SECRET_ACCESS_KEY: 'local',
      ...env,
    },
  });

beforeAll(async () => {
  const out = mkdtempSync(join(tmpdir(), 'rebound-pack-'));
  packDir = out;
  // `prepack` builds dist/ first (esbuild + tsc), so the tarball is always fresh.
  const pack = run('npm', ['pack', '-w', '@rebound/client', '--json', '--pack-destination', out], {
    cwd: ROOT,
  });
  expect(pack.status, pack.stderr).toBe(0);
  packed = (JSON.parse(pack.stdout.slice(pack.stdout.indexOf('[\n'))) as (typeof packed)[])[0]!;
  project = mkdtempSync(join(tmpdir(), 'rebound-consumer-'));
  expect(project.startsWith(ROOT)).toBe(false);
  writeFileSync(
    join(project, 'package.json'),
    JSON.stringify({ name: 'sending-service', private: true, type: 'module' }),
  );
  const install = run(
    'npm',
    [
      'install',
      join(out, packed.filename),
      `@aws-sdk/client-sqs@${version('@aws-sdk/client-sqs')}`,
      `@types/node@${version('@types/node')}`,
      '--prefer-offline',
      '--no-audit',
      '--no-fund',
    ],
    { cwd: project },
  );
  expect(install.status, install.stderr).toBe(0);

  await ensureTables(
    clients.dynamodb,
    { suppressions: table, state: `${table}-s` },
    { ttl: false },
  );
  const items = [
    {
      email: 'suppressed@example.com',
      status: 'suppressed',
      reason: 'complaint',
      firstSeen: '2026-11-01T00:00:00.000Z',
    },
    {
      email: 'expired@example.com',
      status: 'suppressed',
      reason: 'user-unknown',
      expiresAt: nowS - 60,
    },
    { email: 'lifted@example.com', status: 'unsuppressed', reason: 'unsubscribed' },
    {
      email: 'josé@example.com',
      status: 'suppressed',
      reason: 'user-unknown',
      firstSeen: '2026-11-02T00:00:00.000Z',
      expiresAt: nowS + 86_400,
    },
  ];
  await clients.doc.send(
    new BatchWriteCommand({
      RequestItems: { [table]: items.map((Item) => ({ PutRequest: { Item } })) },
    }),
  );
  queueUrl = (await ensureQueue(clients.sqs, `pkg-due-${randomUUID().slice(0, 8)}`)).url;
}, 180_000);

afterAll(() => {
  for (const dir of [project, packDir]) if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('the packed tarball', () => {
  it('holds the built JavaScript, the declarations and the manifest — no TypeScript source', () => {
    const paths = packed.files.map((f) => f.path).sort();
    expect(paths).toEqual(
      expect.arrayContaining([
        'package.json',
        'dist/index.js',
        'dist/index.cjs',
        'dist/sqs.js',
        'dist/sqs.cjs',
        'dist/types/client/src/index.d.ts',
      ]),
    );
    for (const p of paths)
      expect(p).toMatch(/^(package\.json|README\.md|dist\/.+\.(js|cjs|d\.ts))$/);
    console.log(
      `client tarball: ${packed.filename} ${(packed.size / 1024).toFixed(1)} KB packed, ${(packed.unpackedSize / 1024).toFixed(1)} KB unpacked, ${paths.length} files`,
    );
  });

  it('installs with only the AWS SDK: no workspace package in node_modules', () => {
    const installed = JSON.parse(
      readFileSync(join(project, 'node_modules/@rebound/client/package.json'), 'utf8'),
    ) as { dependencies: Record<string, string>; peerDependencies: Record<string, string> };
    expect(Object.keys(installed.dependencies)).toEqual(['@aws-sdk/client-dynamodb']);
    expect(Object.keys(installed.peerDependencies)).toEqual(['@aws-sdk/client-sqs']);
    expect(existsSync(join(project, 'node_modules/@rebound/core'))).toBe(false);
    expect(existsSync(join(project, 'node_modules/@rebound/aws'))).toBe(false);
  });

  it('runs examples/check-before-send.mjs: suppressed, expired, lifted, unknown, invalid', () => {
    copyFileSync(
      join(ROOT, 'examples/check-before-send.mjs'),
      join(project, 'check-before-send.mjs'),
    );
    const res = inProject(process.execPath, EXAMPLE_ARGS);
    expect(res.stderr).toBe('');
    expect(res.stdout).toBe(EXAMPLE_WANT);
  });

  // The machine's own Node, when it has one besides the project's (the package says >= 20).
  it.skipIf(!SYSTEM_NODE)(
    `runs the example on the machine's own Node too (${SYSTEM_NODE_VERSION})`,
    () => {
      const res = inProject(SYSTEM_NODE, EXAMPLE_ARGS, { PATH: SYSTEM_PATH });
      // The AWS SDK itself warns on Node 20 that its 2027 releases will need Node 22: only that.
      const sdkWarning =
        /^\(node:\d+\) Warning: NodeVersionSupportWarning: The AWS SDK[\s\S]*?to show where the warning was created\)\n/;
      expect(res.stderr.replace(sdkWarning, '')).toBe('');
      expect(res.stdout).toBe(EXAMPLE_WANT);
    },
  );

  it('fails closed from the tarball too: a missing table stops the send, naming the table', () => {
    const res = inProject(process.execPath, ['check-before-send.mjs', 'a@example.com'], {
      REBOUND_SUPPRESSIONS_TABLE: 'no-such-table',
    });
    expect(res.status).toBe(1);
    expect(res.stdout).toBe('');
    expect(res.stderr).toMatch(
      /^not sending: cannot check suppressions in DynamoDB table "no-such-table": no such table/,
    );
  });

  it('loads with require() (CommonJS) too, main entry and ./sqs', () => {
    const res = inProject(process.execPath, [
      '-e',
      "const c = require('@rebound/client'); const s = require('@rebound/client/sqs'); console.log(typeof c.createSuppressionChecker, typeof s.receiveDueRetries, c.normalizeRecipient('\"JOSE\\u0301\"@Bücher.example'))",
    ]);
    expect(res.stderr).toBe('');
    expect(res.stdout).toBe('function function josé@xn--bcher-kva.example\n');
  });

  it('consumes a retry-due message with @rebound/client/sqs', async () => {
    const body = {
      schema: 'rebound.retry-due',
      version: 1,
      retryId: 'ev1#2',
      recipient: 'jane@example.com',
      messageId: 'm-1',
      vendor: 'sendgrid',
      metadata: { msg_ref: 'welcome-42' },
      attempt: 2,
      dueAt: '2026-11-28T12:05:00.000Z',
      reason: 'rate-limited',
      lastReply: { code: 421, enhanced: '4.7.0', text: 'Try again later' },
      firstFailureAt: '2026-11-28T12:00:00.000Z',
      emittedAt: '2026-11-28T12:05:01.000Z',
    };
    await clients.sqs.send(
      new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: JSON.stringify(body) }),
    );
    await clients.sqs.send(
      new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: '{"schema":"x"}' }),
    );
    writeFileSync(
      join(project, 'consume.mjs'),
      [
        "import { SQSClient } from '@aws-sdk/client-sqs';",
        "import { receiveDueRetries } from '@rebound/client/sqs';",
        `const client = new SQSClient({ endpoint: ${JSON.stringify(process.env.SQS_ENDPOINT)}, region: 'us-east-1', useQueueUrlAsEndpoint: false });`,
        'const seen = [];',
        `const report = await receiveDueRetries({ queueUrl: ${JSON.stringify(queueUrl)}, client, waitSeconds: 1, handle: (m) => { seen.push(m.metadata.msg_ref); } });`,
        'console.log(JSON.stringify({ seen, handled: report.handled, poison: report.poison.map((p) => p.error.field) }));',
      ].join('\n'),
    );
    const res = inProject(process.execPath, ['consume.mjs']);
    expect(res.stderr).toBe('');
    expect(JSON.parse(res.stdout)).toEqual({
      seen: ['welcome-42'],
      handled: ['ev1#2'],
      poison: ['schema'],
    });
  });

  it("type-checks docs/client.md's TypeScript against the installed declarations", () => {
    const doc = readFileSync(join(ROOT, 'docs/client.md'), 'utf8');
    const ts = [...doc.matchAll(/^```ts\n([\s\S]*?)^```$/gm)].map((m) => m[1] as string);
    const examples = ts.filter((t) => t.includes("from '@rebound/client"));
    expect(examples.length).toBeGreaterThanOrEqual(2);
    for (const [i, t] of examples.entries()) writeFileSync(join(project, `doc-example-${i}.ts`), t);
    // Declarations that resolved to `any` would make these pass silently: they must not.
    writeFileSync(
      join(project, 'types-are-real.ts'),
      [
        "import { createSuppressionChecker, normalizeRecipient, parseRetryDueMessage, senderPolicy, type FilterResult } from '@rebound/client';",
        "import { receiveDueRetries } from '@rebound/client/sqs';",
        "const n: string | null = normalizeRecipient('a@b.c');",
        "const attempt: number = parseRetryDueMessage('{}').attempt;",
        "const actions: string[] = senderPolicy({ suppressionsTableArn: 'x' }).Statement[0]!.Action;",
        '// @ts-expect-error a number is not a FilterResult',
        'const bad: FilterResult = 42;',
        '// @ts-expect-error tableName is required',
        'createSuppressionChecker({});',
        '// @ts-expect-error handle is required',
        "void receiveDueRetries({ queueUrl: 'q', client: null as never });",
        'export { n, attempt, actions, bad };',
      ].join('\n'),
    );
    writeFileSync(
      join(project, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: {
          target: 'es2022',
          module: 'nodenext',
          moduleResolution: 'nodenext',
          strict: true,
          noEmit: true,
          skipLibCheck: false,
          types: ['node'],
        },
        include: ['*.ts'],
      }),
    );
    const tsc = join(ROOT, 'node_modules/typescript/bin/tsc');
    const res = run(process.execPath, [tsc, '-p', project], { cwd: project });
    expect(res.stdout + res.stderr).toBe('');
    expect(res.status).toBe(0);
  });
});
