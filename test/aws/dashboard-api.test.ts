/**
 * The page's routes on the suppression API, through the real handler on DynamoDB Local: the
 * page served without a key (with its CSP), the data routes only with one, 400s that name the
 * problem, /stats from the counters, /recent from the index, /export by cursor; and
 * `rebound rates` reading the same counters from the table and through the API.
 */
import type { AddressInfo } from 'node:net';
import { createSuppressionApiHandler, type HttpResult, PAGE_CSP } from '@rebound/aws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run as rates } from '../../packages/cli/src/commands/rates.ts';
import { buildPage } from '../../packages/web/scripts/build.ts';
import { createLambdaServer } from '../../scripts/local/serve-lambda.ts';
import { createRig, type Rig, sendgridBatch } from './e2e.ts';
import { HAS_TRANSACTIONS, httpEvent, lambdaContext } from './helpers.ts';

const KEY = 'k-dashboard-0123456789';
let rig: Rig;
let api: ReturnType<typeof createSuppressionApiHandler>;
let day: string;

beforeAll(async () => {
  rig = await createRig();
  api = createSuppressionApiHandler({
    doc: rig.stack.clients.doc,
    suppressionsTable: rig.stack.tables.suppressions,
    tables: rig.stack.tables,
    apiKeys: [{ name: 'web', key: KEY }],
    page: await buildPage(),
    now: () => rig.clock.t,
  });
  const ts = Math.floor(rig.clock.t.getTime() / 1000) - 120;
  day = new Date(ts * 1000).toISOString().slice(0, 10);
  if (HAS_TRANSACTIONS)
    expect((await rig.post('sendgrid', sendgridBatch(100, 'dash', ts))).statusCode).toBe(200);
});
afterAll(async () => {
  await rig?.stop();
});

async function get(path: string, key: string | null = KEY, method = 'GET'): Promise<HttpResult> {
  const [rawPath, query = ''] = path.split('?');
  const event = {
    ...httpEvent({ method, path: rawPath, headers: key ? { authorization: `Bearer ${key}` } : {} }),
    rawQueryString: query,
  };
  return (await api(event as never, lambdaContext() as never)) as HttpResult;
}
const body = (r: HttpResult) => JSON.parse(r.body) as Record<string, unknown>;

describe('the page', () => {
  it('is served at / without a key, with a strict CSP and no data in it', async () => {
    const res = await get('/', null);
    expect(res.statusCode).toBe(200);
    expect(res.headers?.['content-type']).toContain('text/html');
    expect(res.headers?.['content-security-policy']).toBe(PAGE_CSP);
    expect(PAGE_CSP).toContain("script-src 'self'");
    expect(PAGE_CSP).not.toContain('unsafe-inline');
    expect(res.body).toContain('<script type="module" src="app.js">');
    expect(res.body).not.toMatch(/<script>|<style>| style=/);
    const js = await get('/app.js', null);
    expect(js.headers?.['content-type']).toContain('text/javascript');
    expect(js.body.length).toBeGreaterThan(10_000);
    expect(js.body).not.toContain(KEY);
    expect((await get('/app.css', null)).headers?.['content-type']).toContain('text/css');
  });
  it('without a built page, / says so (404), never a stack trace', async () => {
    const bare = createSuppressionApiHandler({
      doc: rig.stack.clients.doc,
      suppressionsTable: rig.stack.tables.suppressions,
      apiKey: KEY,
      page: null,
    });
    process.env.REBOUND_WEB_DIR = '/nonexistent';
    const res = (await bare(
      httpEvent({ method: 'GET', path: '/' }) as never,
      lambdaContext() as never,
    )) as HttpResult;
    delete process.env.REBOUND_WEB_DIR;
    expect(res.statusCode).toBe(404);
    expect(JSON.parse(res.body).error).toBe('page-not-built');
  });
});

describe('the data routes', () => {
  it.each(['/stats', '/recent', '/export'])('%s needs the key', async (path) => {
    expect((await get(path, null)).statusCode).toBe(401);
    expect((await get(path, 'wrong')).statusCode).toBe(401);
  });
  it.each([
    ['/stats?days=0', 'invalid-days'],
    ['/stats?days=91', 'invalid-days'],
    ['/stats?days=x', 'invalid-days'],
    ['/stats?stream=Bad!', 'invalid-stream'],
    ['/stats?domain=a%20b', 'invalid-domain'],
    ['/stats?until=2026-02-31x', 'invalid-until'],
    ['/recent?limit=0', 'invalid-limit'],
    ['/recent?limit=1000', 'invalid-limit'],
    ['/export?cursor=not-a-cursor', 'invalid-cursor'],
    ['/export?all=maybe', 'invalid-all'],
  ])('%s → 400 %s', async (path, error) => {
    const res = await get(path);
    expect(res.statusCode).toBe(400);
    expect(body(res)).toMatchObject({ error });
    expect(String(body(res).message)).not.toMatch(/\n\s+at /);
  });
  it('without a State table, /stats answers 503 not-configured', async () => {
    const bare = createSuppressionApiHandler({
      doc: rig.stack.clients.doc,
      suppressionsTable: rig.stack.tables.suppressions,
      apiKey: KEY,
    });
    const res = (await bare(
      httpEvent({
        method: 'GET',
        path: '/stats',
        headers: { authorization: `Bearer ${KEY}` },
      }) as never,
      lambdaContext() as never,
    )) as HttpResult;
    expect(res.statusCode).toBe(503);
    expect(JSON.parse(res.body).error).toBe('not-configured');
  });
});

describe.skipIf(!HAS_TRANSACTIONS)('what the routes read', () => {
  it('/stats: the counters with rates and flags, the mix, the reasons, the read units', async () => {
    const res = await get('/stats?days=3');
    expect(res.statusCode).toBe(200);
    expect(res.headers?.['cache-control']).toBe('no-store');
    const s = body(res) as {
      days: string[];
      rates: Record<string, unknown>[];
      mix: { day: string; actions: Record<string, number> }[];
      reasons: { reason: string; count: number }[];
      cost: { readUnits: number; requests: number };
    };
    expect(s.days).toHaveLength(3);
    expect(s.rates).toEqual([
      expect.objectContaining({
        day,
        stream: 'global',
        domain: 'unknown',
        delivered: 20,
        hard: 20,
        soft: 20,
        complaints: 0,
        bouncePct: 50,
        flags: [],
      }),
    ]);
    expect(s.mix.find((m) => m.day === day)?.actions).toMatchObject({ suppress: 20, retry: 20 });
    expect(s.reasons[0]?.count).toBe(20);
    expect(s.cost.requests).toBe(2);
    expect((await get('/stats?days=3&domain=other.example')).body).toContain('"rates":[]');
  });
  it('/recent: the newest bounces, newest first, each with its rule and source', async () => {
    const res = await get('/recent?limit=5');
    const { entries } = body(res) as { entries: { at: string; rule: string; source: string }[] };
    expect(entries).toHaveLength(5);
    expect([...entries].sort((a, b) => b.at.localeCompare(a.at))).toEqual(entries);
    for (const e of entries) expect(e.rule && e.source).toBeTruthy();
  });
  it('/export: CSV pages joined by cursor', async () => {
    const first = body(await get('/export')) as {
      header: string;
      lines: string;
      next: string | null;
      rows: number;
    };
    expect(first.header).toBe('address,scope,status,reason,since,expires,key\n');
    expect(first.next).toBeNull();
    expect(first.rows).toBe(10);
    expect(first.lines).toContain('hard-dash0@example.com,global,suppressed,user-unknown');
  });
});

describe.skipIf(!HAS_TRANSACTIONS)('rebound rates', () => {
  const capture = () => {
    const out: string[] = [];
    const err: string[] = [];
    return { out, err, io: { out: (s: string) => out.push(s), err: (s: string) => err.push(s) } };
  };
  it('prints the table from the State table, flags included', async () => {
    const c = capture();
    const code = await rates(
      [
        '--state-table',
        rig.stack.tables.state,
        '--endpoint',
        String(process.env.DDB_ENDPOINT),
        '--days',
        '3',
      ],
      c.io,
    );
    expect(code).toBe(0);
    const text = c.out.join('');
    expect(text.split('\n')[0]).toMatch(/^date\s+stream\s+domain\s+delivered\s+hard\s+bounce %/);
    expect(text).toMatch(new RegExp(`${day}\\s+global\\s+unknown\\s+20\\s+20\\s+50\\.0 %`));
    expect(text).toContain('(low volume)');
  });
  it('the same rows through the API (--url), and --json', async () => {
    const server = createLambdaServer(
      () => [
        { method: 'GET', path: /^\/stats$/, functionName: 'SuppressionApi', handler: api as never },
      ],
      () => {},
    );
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      const c = capture();
      expect(await rates(['--url', url, '--api-key', KEY, '--days', '3', '--json'], c.io)).toBe(0);
      const rows = JSON.parse(c.out.join('')) as { day: string; hard: number }[];
      expect(rows).toEqual([expect.objectContaining({ day, hard: 20 })]);
      const bad = capture();
      expect(await rates(['--url', url, '--api-key', 'wrong'], bad.io)).toBe(1);
      expect(bad.err.join('')).toContain('answered 401');
    } finally {
      server.close();
    }
  });
  it('refuses bad options with exit 2', async () => {
    const c = capture();
    expect(await rates(['--days', '0', '--state-table', 'x'], c.io)).toBe(2);
    expect(await rates(['--stream', 'Bad!', '--state-table', 'x'], c.io)).toBe(2);
    expect(c.err.join('')).toContain('--days must be');
  });
});
