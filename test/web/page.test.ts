/**
 * The page in a real browser (headless Chromium, playwright-core) against the local stack's
 * handlers on DynamoDB Local: signed SendGrid events go through the real webhook handler, then
 * the test loads the page, is refused with a wrong key, enters the right one, sees the rates,
 * the verdict mix and the recent bounces, finds the complaint's address with its evidence and
 * history, tries to lift it without force (the API's 409 shown), lifts it with force, sees it
 * sendable, and downloads the CSV export. A screenshot of each step goes to
 * test/web/screenshots/ (git-ignored). Without Chromium the tests report skipped, with why.
 */
import { mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { buildReplayRequest } from '../../packages/cli/src/commands/replay.ts';
import { type LocalStack, startLocalStack } from '../../scripts/local/stack.ts';
import { chromiumMissing, launchChromium } from './browser.ts';

const SHOTS = join(import.meta.dirname, 'screenshots');
const missing = chromiumMissing();
const COMPLAINT = 'angry.person@example.com';
const HARD = 'gone.person@example.com';

let stack: LocalStack | undefined;
let browser: BrowserContext | undefined;
let page: Page;
const problems: string[] = [];

/** Posts SendGrid events, signed with the local credentials, through the real webhook. */
async function postSendgrid(events: Record<string, unknown>[]) {
  const s = stack as LocalStack;
  const req = await buildReplayRequest(
    'sendgrid',
    Buffer.from(JSON.stringify(events)),
    s.credentials,
    {
      fresh: true,
    },
  );
  const res = await fetch(`${s.url}/webhooks/sendgrid`, {
    method: 'POST',
    headers: req.headers,
    body: req.body,
  });
  expect(res.status).toBe(200);
}

const shot = (name: string) => page.screenshot({ path: join(SHOTS, name), fullPage: true });

beforeAll(async () => {
  if (missing) return;
  process.env.POWERTOOLS_LOG_LEVEL ??= 'SILENT';
  process.env.POWERTOOLS_METRICS_DISABLED ??= 'true';
  mkdirSync(SHOTS, { recursive: true });
  stack = await startLocalStack({
    port: 0,
    dir: mkdtempSync(join(tmpdir(), 'rebound-page-')),
    log: () => {},
  });
  const ts = Math.floor(Date.now() / 1000) - 60;
  const base = (i: number, email: string) => ({
    email,
    timestamp: ts + i,
    sg_event_id: `page-${i}`,
    sg_message_id: `page-msg-${i}`,
    from: 'news@mail.example.com',
  });
  await postSendgrid([
    ...Array.from({ length: 40 }, (_, i) => ({
      ...base(i, `reader${i}@gmail.com`),
      event: 'delivered',
      response: '250 OK',
    })),
    {
      ...base(100, HARD),
      event: 'bounce',
      type: 'bounce',
      status: '5.1.1',
      reason: '550 5.1.1 The email account that you tried to reach does not exist',
    },
    {
      ...base(101, 'busy@yahoo.com'),
      event: 'bounce',
      type: 'blocked',
      status: '4.7.0',
      reason: '421 4.7.0 Try again later',
    },
  ]);
  await postSendgrid([{ ...base(200, COMPLAINT), event: 'spamreport' }]);
  browser = await launchChromium();
  page = await browser.newPage();
  // Every Content-Security-Policy violation the page meets, for the last test.
  await page.addInitScript({
    content: `window.cspViolations = [];
      addEventListener('securitypolicyviolation', (e) => window.cspViolations.push(e.violatedDirective));`,
  });
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(m.text());
  });
  page.on('pageerror', (e) => problems.push(e.message));
}, 120_000);
afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});
beforeEach((ctx) => {
  if (missing) ctx.skip(`browser test not run: ${missing}`);
});

describe('the page in Chromium', () => {
  it('asks for the key, and says so when the API refuses it', async () => {
    const res = await page.goto(`${stack?.url}/`);
    expect(res?.headers()['content-security-policy']).toContain("script-src 'self'");
    await expect(page.locator('#key-form').isVisible()).resolves.toBe(true);
    expect(await page.locator('#main').isVisible()).toBe(false);
    expect(await page.locator('#forget-key').isVisible()).toBe(false);
    await page.fill('#key-input', 'not-the-key');
    await page.click('#key-form button[type=submit]');
    await page.waitForSelector('#status.error');
    expect(await page.textContent('#status')).toContain('refused');
    expect(await page.evaluate(() => sessionStorage.getItem('rebound.apiKey'))).toBeNull();
    await shot('01-key-refused.png');
  });

  it('with the key: rates against thresholds, verdict mix, top reasons, recent bounces', async () => {
    await page.fill('#key-input', stack?.credentials.apiKey as string);
    await page.click('#key-form button[type=submit]');
    await page.waitForSelector('#main:not([hidden])');
    expect(await page.locator('#key-form').isVisible()).toBe(false);
    await page.waitForSelector('#recent-table tbody tr td button');
    const rates = await page.textContent('#rates-table tbody');
    expect(rates).toContain('mail.example.com');
    expect(rates).toContain('40'); // delivered
    expect(await page.textContent('#thresholds')).toContain('0.3 %');
    const mix = await page.textContent('#mix-table tbody');
    expect(mix).toMatch(/\d{4}-\d{2}-\d{2}/);
    expect(await page.textContent('#reasons-table tbody')).toContain('user-unknown');
    const recent = await page.textContent('#recent-table tbody');
    expect(recent).toContain(COMPLAINT);
    expect(recent).toContain(HARD);
    expect(recent).toContain('RFC 3463'); // the source of the rule that decided the hard bounce
    // the charts drew on their canvases
    const drawn = await page.$$eval('canvas', (cs) =>
      cs.map((c) => Number(c.getAttribute('width')) > 0 && Number(c.getAttribute('height')) > 0),
    );
    expect(drawn).toEqual([true, true, true]);
    expect(await page.evaluate(() => sessionStorage.getItem('rebound.apiKey'))).toBe(
      stack?.credentials.apiKey,
    );
    await shot('02-overview.png');
  });

  it('a recent bounce opens its address: suppressed, with evidence and history', async () => {
    await page.click(`#recent-table button[aria-label="Find ${HARD}"]`);
    await page.waitForSelector('#search-result .verdict');
    expect(await page.textContent('#search-result .verdict')).toContain('SUPPRESSED');
    const card = await page.textContent('#search-result .record');
    expect(card).toContain('user-unknown');
    expect(card).toContain('suppressed by webhook:sendgrid');
  });

  it('finds the complaint; lifting it without force shows the API refusing', async () => {
    await page.fill('#search-email', COMPLAINT.toUpperCase());
    await page.click('#search-form button[type=submit]');
    await page.waitForSelector(`#search-result .verdict:has-text("${COMPLAINT}")`);
    expect(await page.textContent('#search-result .verdict')).toContain('SUPPRESSED');
    expect(await page.textContent('#search-result .record')).toContain('complaint');
    await shot('03-search.png');
    // no why: refused before asking the API
    await page.click('#search-result form.lift button[type=submit]');
    await page.waitForSelector('#search-result [role=alert]:not(:empty)');
    expect(await page.textContent('#search-result [role=alert]')).toContain('Say why');
    await page.fill('#search-result form.lift input[type=text]', 'asked by phone');
    await page.click('#search-result form.lift button[type=submit]');
    await page.waitForSelector('#search-result [role=alert]:has-text("force")');
    const alert = await page.textContent('#search-result [role=alert]');
    expect(alert).toContain('Not lifted');
    expect(alert).toContain('complaint');
    expect(await page.textContent('#search-result .verdict')).toContain('SUPPRESSED');
    await shot('04-force-required.png');
  });

  it('with force it is lifted: sendable, the lift in its history', async () => {
    await page.check('#search-result form.lift input[type=checkbox]');
    await page.click('#search-result form.lift button[type=submit]');
    await page.waitForSelector('#search-result .verdict:has-text("sendable")');
    const card = await page.textContent('#search-result .record');
    expect(card).toContain('unsuppressed');
    expect(card).toContain('lifted by api:default');
    expect(card).toContain('asked by phone (forced)');
    expect(await page.locator('#search-result form.lift').count()).toBe(0);
    await shot('05-lifted.png');
  });

  it('exports the active suppressions as CSV', async () => {
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.click('#export-form button[type=submit]'),
    ]);
    const csv = readFileSync((await download.path()) as string, 'utf8');
    expect(csv.split('\n')[0]).toBe('address,scope,status,reason,since,expires,key');
    expect(csv).toContain(`${HARD},global,suppressed,user-unknown`);
    expect(csv).not.toContain(COMPLAINT); // lifted: not an active suppression any more
    expect(await page.textContent('#export-status')).toContain('Exported 1 rows');
  });

  it('ran without script errors or Content-Security-Policy violations', async () => {
    // Chromium logs every non-2xx fetch; the API's 401 (wrong key), 409 (force required) and
    // 404 (the lifted address) were the answers these steps asked for.
    const expected =
      /^Failed to load resource: the server responded with a status of (401|404|409)\b/;
    expect(problems.filter((p) => !expected.test(p))).toEqual([]);
    expect(
      await page.evaluate(() => (globalThis as { cspViolations?: string[] }).cspViolations),
    ).toEqual([]);
  });
});
