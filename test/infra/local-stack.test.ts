/**
 * The local stack end to end: boots it in-process on a free port (DynamoDB Local, or dynalite
 * behind the transaction shim without Java or with REBOUND_LOCAL_DYNAMODB=dynalite; fauxqs),
 * replays fixtures with the replay code, and reads the suppressions back through the API.
 * Also: a second `npm start` on a busy port says so in one line and exits non-zero.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { VENDORS, type VendorId } from '@rebound/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run as check } from '../../packages/cli/src/commands/check.ts';
import { run as doctor } from '../../packages/cli/src/commands/doctor.ts';
import { buildReplayRequest } from '../../packages/cli/src/commands/replay.ts';
import { runningLocalStack } from '../../packages/cli/src/table.ts';
import { type LocalStack, PortInUseError, startLocalStack } from '../../scripts/local/stack.ts';

const ROOT = join(import.meta.dirname, '..', '..');
const FIXTURES = join(ROOT, 'test', 'fixtures', 'payloads');
let stack: LocalStack | undefined;
let dir: string;

beforeAll(async () => {
  process.env.POWERTOOLS_LOG_LEVEL ??= 'SILENT';
  process.env.POWERTOOLS_METRICS_DISABLED ??= 'true';
  dir = mkdtempSync(join(tmpdir(), 'rebound-stack-'));
  stack = await startLocalStack({ port: 0, dir, log: () => {} });
}, 60_000);
afterAll(async () => {
  await stack?.stop();
  // Stopping removes the file the CLI would otherwise find.
  expect(existsSync(join(dir, 'stack.json'))).toBe(false);
});

async function replay(vendor: VendorId, file: string): Promise<Response> {
  const s = stack as LocalStack;
  const req = await buildReplayRequest(vendor, readFileSync(join(FIXTURES, file)), s.credentials, {
    fresh: true,
  });
  return fetch(`${s.url}/webhooks/${vendor}`, {
    method: 'POST',
    headers: req.headers,
    body: req.body,
  });
}

/** Loopback as /proc/net/tcp{,6} spell it: 127.0.0.1, ::ffff:127.0.0.1 and ::1. */
const LOOPBACK = [
  '0100007F',
  '0000000000000000FFFF00000100007F',
  '00000000000000000000000001000000',
];

/** The local addresses (kernel hex) with a LISTEN socket on `port`, from /proc/net/tcp and tcp6. */
function listenAddresses(port: number): string[] {
  const hexPort = port.toString(16).toUpperCase().padStart(4, '0');
  return ['/proc/net/tcp', '/proc/net/tcp6'].flatMap((file) =>
    readFileSync(file, 'utf8')
      .split('\n')
      .slice(1)
      .map((line) => line.trim().split(/\s+/))
      .filter((f) => f[1]?.endsWith(`:${hexPort}`) && f[3] === '0A')
      .map((f) => (f[1] as string).split(':')[0] as string),
  );
}

async function api(method: string, path: string, body?: unknown) {
  const s = stack as LocalStack;
  const res = await fetch(`${s.url}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${s.credentials.apiKey}`,
      'content-type': 'application/json',
    },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

// Runs on whichever DynamoDB the stack picks: both serve the TransactWriteItems the webhooks use.
describe('local stack', () => {
  it.each([
    ['sendgrid', 'sendgrid-bounce-hard.json', 'noreply@example.com'],
    ['postmark', 'postmark-bounce-hardbounce.json', 'bounce@example.com'],
    [
      'ses',
      'ses-notification-bounce-permanent-general-simulator.json',
      'bounce@simulator.amazonses.com',
    ],
    ['ses', 'ses-notification-bounce-permanent-general-sns.json', 'jane@example.com'],
    ['mailgun', 'mailgun-failed-permanent-bounce-550-511-anymail.json', 'invalid@example.com'],
    ['mailgun', 'mailgun-complained-symfony.json', 'alice@example.com'],
    ['resend', 'resend-bounced-permanent-general-constructed.json', 'nobody@example.com'],
    ['generic', 'generic-bounce-diagnostic.json', 'jane.doe@example.com'],
    ['mail', 'mail-postfix-dsn-user-unknown.eml', 'dave@partner.example'],
  ] as const)('%s %s: accepted, and %s is suppressed via the API', async (vendor, file, email) => {
    const res = await replay(vendor, file);
    expect(res.status, await res.clone().text()).toBe(200);
    const got = await api('GET', `/suppressions/${encodeURIComponent(email)}`);
    expect(got.status).toBe(200);
    expect(got.body).toMatchObject({ email, suppressed: true });
  });
  it('POST /suppressions/check reports suppressed and clean addresses', async () => {
    await replay('postmark', 'postmark-bounce-hardbounce.json');
    const got = await api('POST', '/suppressions/check', {
      emails: ['bounce@example.com', 'fine@example.org'],
    });
    expect(got.status).toBe(200);
    const results = got.body.results as { email: string; suppressed: boolean }[];
    expect(results.map((r) => [r.email, r.suppressed])).toEqual([
      ['bounce@example.com', true],
      ['fine@example.org', false],
    ]);
  });
  it('table mode finds the running stack by itself (.rebound/stack.json): rebound check with no flags', async () => {
    await replay('postmark', 'postmark-bounce-hardbounce.json');
    const info = JSON.parse(readFileSync(join(dir, 'stack.json'), 'utf8'));
    expect(info).toMatchObject({
      pid: process.pid,
      url: (stack as LocalStack).url,
      dynamodbEndpoint: (stack as LocalStack).endpoints.dynamodb,
      suppressionsTable: 'rebound-local-suppressions',
    });
    const saved = { ...process.env };
    for (const k of ['REBOUND_SUPPRESSIONS_TABLE', 'AWS_ENDPOINT_URL_DYNAMODB', 'AWS_PROFILE']) {
      delete process.env[k];
    }
    process.env.REBOUND_LOCAL_DIR = dir;
    const out: string[] = [];
    const err: string[] = [];
    try {
      const code = await check(['bounce@example.com', 'fine@example.org', '--json'], {
        out: (x) => out.push(x),
        err: (x) => err.push(x),
      });
      expect(err.join('')).toBe('');
      expect(code).toBe(0);
    } finally {
      process.env = saved;
    }
    expect(out.map((l) => JSON.parse(l)).map((v) => [v.email, v.suppressed])).toEqual([
      ['bounce@example.com', true],
      ['fine@example.org', false],
    ]);
  });
  it('rebound replay --vendor mailgun, then rebound check: suppressed; the same request again changes nothing', async () => {
    const s = stack as LocalStack;
    const file = 'mailgun-failed-permanent-delayed-bounce-550-511-docs.json';
    const req = await buildReplayRequest(
      'mailgun',
      readFileSync(join(FIXTURES, file)),
      s.credentials,
      {
        fresh: true,
      },
    );
    const post = () =>
      fetch(`${s.url}/webhooks/mailgun`, { method: 'POST', headers: req.headers, body: req.body });
    expect((await post()).status).toBe(200);
    const again = await post();
    expect(again.status).toBe(200);
    expect(await again.json()).toMatchObject({ duplicate: true });
    const saved = { ...process.env };
    for (const k of ['REBOUND_SUPPRESSIONS_TABLE', 'AWS_ENDPOINT_URL_DYNAMODB', 'AWS_PROFILE']) {
      delete process.env[k];
    }
    process.env.REBOUND_LOCAL_DIR = dir;
    const out: string[] = [];
    try {
      const code = await check(['christest123@test.com', '--json'], {
        out: (x) => out.push(x),
        err: () => {},
      });
      expect(code).toBe(0);
    } finally {
      process.env = saved;
    }
    expect(JSON.parse(out[0] as string)).toMatchObject({
      email: 'christest123@test.com',
      suppressed: true,
    });
  });
  it('a Resend body changed after signing is refused (403) and writes nothing', async () => {
    const s = stack as LocalStack;
    const req = await buildReplayRequest(
      'resend',
      readFileSync(join(FIXTURES, 'resend-complained-docs.json')),
      s.credentials,
      { fresh: true },
    );
    const body = Buffer.from(
      Buffer.from(req.body).toString().replace('delivered@resend.dev', 'other@resend.dev'),
    );
    const res = await fetch(`${s.url}/webhooks/resend`, {
      method: 'POST',
      headers: req.headers,
      body,
    });
    expect(res.status).toBe(403);
    const got = await api('GET', `/suppressions/${encodeURIComponent('other@resend.dev')}`);
    expect(got.body).toMatchObject({ suppressed: false });
  });
  it('every server of the stack listens on the loopback address only (the kernel socket table)', () => {
    const s = stack as LocalStack;
    const ports = [s.port, ...Object.values(s.endpoints).map((e) => Number(new URL(e).port))];
    for (const port of ports) {
      const listening = listenAddresses(port);
      expect(listening.length, `port ${port} listens`).toBeGreaterThan(0);
      for (const address of listening) expect(LOOPBACK, `port ${port}`).toContain(address);
    }
  });
  it('rebound doctor --local: every webhook verifies, the API takes the local key (exit 0)', async () => {
    const saved = process.env.REBOUND_LOCAL_DIR;
    process.env.REBOUND_LOCAL_DIR = dir;
    const out: string[] = [];
    try {
      const code = await doctor(['--local'], { out: (x) => out.push(x), err: (x) => out.push(x) });
      const n = VENDORS.length + 1; // every vendor's webhook, then the API
      expect(out.join('')).toContain(`doctor: ${n} checks, ${n} in order, 0 to fix`);
      expect(code).toBe(0);
    } finally {
      if (saved === undefined) delete process.env.REBOUND_LOCAL_DIR;
      else process.env.REBOUND_LOCAL_DIR = saved;
    }
    expect(out.join('')).toContain(
      '✓ Suppression API: refuses a request without its key (401) and accepts the key given',
    );
  });
  it('a stale stack.json (its process gone) is not used', () => {
    const stale = mkdtempSync(join(tmpdir(), 'rebound-stale-'));
    const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], {
      encoding: 'utf8',
    });
    writeFileSync(
      join(stale, 'stack.json'),
      JSON.stringify({ pid: Number(dead.stdout), suppressionsTable: 't', dynamodbEndpoint: 'x' }),
    );
    expect(runningLocalStack(stale)).toBeNull();
    expect(runningLocalStack(dir)).toMatchObject({ pid: process.pid });
  });
  it('a wrong signature is rejected and writes nothing', async () => {
    const s = stack as LocalStack;
    const req = await buildReplayRequest(
      'sendgrid',
      readFileSync(join(FIXTURES, 'sendgrid-dropped-invalid.json')),
      s.credentials,
      { fresh: true },
    );
    const body = Buffer.from(req.body.toString().replace('"dropped"', '"bounce"'));
    const res = await fetch(`${s.url}/webhooks/sendgrid`, {
      method: 'POST',
      headers: req.headers,
      body,
    });
    expect(res.status).toBe(403);
  });
  it('unknown routes are 404, the API without its key 401', async () => {
    const s = stack as LocalStack;
    expect((await fetch(`${s.url}/webhooks/acme-mail`, { method: 'POST' })).status).toBe(404);
    expect((await fetch(`${s.url}/suppressions/a@b.c`)).status).toBe(401);
  });
  it('a second stack on the same port fails with PortInUseError', async () => {
    const s = stack as LocalStack;
    await expect(
      startLocalStack({ port: s.port, dir: tmpdir(), log: () => {} }),
    ).rejects.toBeInstanceOf(PortInUseError);
  });
  it('`npm start` on the busy port prints one line and exits 1', () => {
    const s = stack as LocalStack;
    const r = spawnSync(process.execPath, ['scripts/start.ts'], {
      cwd: ROOT,
      encoding: 'utf8',
      env: { ...process.env, PORT: String(s.port), REBOUND_LOCAL_DIR: dir },
      timeout: 30_000,
    });
    expect(r.status).toBe(1);
    expect(r.stderr.trim().split('\n')).toEqual([
      expect.stringContaining(`port ${s.port} is already in use`),
    ]);
  });
});
