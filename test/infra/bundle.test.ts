/**
 * Every deployed handler bundles the way `sst deploy` bundles it (esbuild: ESM, node, ES2024,
 * minified, keepNames, `module,main` fields, the require/__dirname banner), and the bundle
 * loads and exports a `handler` function with the local-stack environment.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { VENDOR_IDS } from '@rebound/core';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { bundleSplitLikeSst } from '../../scripts/sst-bundle.ts';
import { EVERYTHING } from './scenarios.ts';
import { mockDeploy } from './sst-mock/deploy.ts';
import { ensurePlatform } from './sst-mock/platform.ts';

const ROOT = join(import.meta.dirname, '..', '..');
const OUT = mkdtempSync(join(tmpdir(), 'rebound-bundle-'));

const unavailable = ensurePlatform();
let handlers: string[] = [];
beforeAll(async () => {
  if (unavailable) return;
  // The handlers `sst deploy` asks the CLI to build, with every function deployed.
  const { rpc } = await mockDeploy(EVERYTHING);
  handlers = rpc.filter((c) => c.method === 'Runtime.Build').map((c) => String(c.args.handler));
  Object.assign(process.env, {
    REBOUND_SUPPRESSIONS_TABLE: 'suppressions',
    REBOUND_STATE_TABLE: 'state',
    REBOUND_RETRY_QUEUE_URL: 'http://127.0.0.1:9/000000000000/retry',
    REBOUND_RETRY_DUE_QUEUE_URL: 'http://127.0.0.1:9/000000000000/retry-due',
    REBOUND_SNS_TOPIC_ALLOWLIST: 'arn:aws:sns:us-east-1:123456789012:t',
    REBOUND_API_KEY: 'k',
    AWS_REGION: process.env.AWS_REGION ?? 'us-east-1',
    POWERTOOLS_METRICS_DISABLED: 'true',
  });
});

beforeEach((ctx) => {
  if (unavailable) ctx.skip(`handlers not listed: ${unavailable}`);
});

describe('handler bundles', () => {
  it('the config builds twelve functions from five root-relative file.export handlers', () => {
    expect(handlers).toHaveLength(12);
    for (const h of handlers) expect(h).toMatch(/^functions\/[a-z-]+\.handler$/);
    expect(new Set(handlers)).toEqual(
      new Set([
        'functions/webhook.handler',
        'functions/subscriber.handler',
        'functions/retry-worker.handler',
        'functions/suppression-api.handler',
        'functions/reclassify.handler',
      ]),
    );
  });
  it('each bundles as SST would (code splitting) and its module exports a handler function', {
    timeout: 120_000,
  }, async () => {
    for (const h of new Set(handlers)) {
      const file = h.replace(/\.handler$/, '');
      const name = file.replace('functions/', '');
      const { errors } = await bundleSplitLikeSst(join(ROOT, `${file}.ts`), join(OUT, name));
      expect(errors, h).toEqual([]);
      process.env.REBOUND_VENDOR = 'ses';
      const mod = (await import(pathToFileURL(join(OUT, name, `${name}.mjs`)).href)) as {
        handler?: unknown;
      };
      expect(typeof mod.handler, h).toBe('function');
    }
  });

  it('each bundle starts under SST links (Resource from SST_RESOURCE_*), as in Lambda', () => {
    const linked = (name: string, value: object) => [`SST_RESOURCE_${name}`, JSON.stringify(value)];
    const env = Object.fromEntries([
      linked('App', { name: 'rebound', stage: 'test' }),
      linked('Suppressions', { name: 'sst-suppressions' }),
      linked('State', { name: 'sst-state' }),
      linked('RetryQueue', { url: 'http://127.0.0.1:9/000000000000/retry' }),
      linked('RetryDueQueue', { url: 'http://127.0.0.1:9/000000000000/retry-due' }),
      // `pending`: the placeholder of a stage whose SendGrid key does not exist yet.
      linked('SendgridPublicKeys', { value: 'pending' }),
      linked('PostmarkCredentials', { value: 'u:p' }),
      linked('MailgunSigningKeys', { value: 'pending' }),
      linked('ResendSigningSecrets', { value: 'whsec_cmVib3VuZC1zdml4LXRlc3Qtc2VjcmV0' }),
      linked('SnsTopicAllowlist', { value: 'arn:aws:sns:us-east-1:123456789012:t' }),
      linked('SuppressionApiKey', { value: 'k' }),
      linked('GenericWebhookSecrets', { value: 'pending' }),
      linked('MailWebhookSecrets', { value: 'pending' }),
    ]);
    // The generic webhook entry starts once per vendor (REBOUND_VENDOR), as each is deployed;
    // the direct entry once per direct source (SES's subscriber, the inbound mail receiver).
    const starts = [...new Set(handlers)].flatMap((h): (readonly [string, string | undefined])[] =>
      h === 'functions/webhook.handler'
        ? VENDOR_IDS.map((v) => [h, v] as const)
        : h === 'functions/subscriber.handler'
          ? [
              [h, 'ses'],
              [h, 'mail'],
            ]
          : [[h, undefined] as const],
    );
    for (const [h, vendor] of starts) {
      const name = h.replace(/^functions\/|\.handler$/g, '');
      const path = join(OUT, name, `${name}.mjs`);
      // Also reports whether starting loaded undici (Node's fetch/WebSocket client, ~20 ms when a
      // namespace import of `node:http` reads its getters): no function pays for a client it
      // never uses.
      const script = `const m = await import(${JSON.stringify(pathToFileURL(path).href)}); process.stdout.write(typeof m.handler + (process.moduleLoadList.some((x) => x.includes('undici')) ? ' +undici' : ''));`;
      const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], {
        env: {
          PATH: process.env.PATH,
          AWS_REGION: 'us-east-1',
          POWERTOOLS_METRICS_DISABLED: 'true',
          ...(vendor ? { REBOUND_VENDOR: vendor } : {}),
          // The receiver's bucket is a plain setting the deploy passes (not a link).
          REBOUND_INBOUND_MAIL_BUCKET: 'rebound-test-inbound',
          ...env,
        },
        encoding: 'utf8',
      });
      expect(r.stderr.slice(-1500), `${h} ${vendor ?? ''}`).toBe('');
      expect(r.stdout, `${h} ${vendor ?? ''}`).toBe('function');
    }
  });
});
