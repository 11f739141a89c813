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
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { bundleLikeSst } from '../../scripts/sst-bundle.ts';
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
    AWS_REGION: process.env.AWS_REGION ?? 'us-east-1',
    POWERTOOLS_METRICS_DISABLED: 'true',
  });
});

beforeEach((ctx) => {
  if (unavailable) ctx.skip(`handlers not listed: ${unavailable}`);
});

describe('handler bundles', () => {
  it('the config declares six handlers, each a root-relative file.export', () => {
    expect(handlers).toHaveLength(6);
    for (const h of handlers) expect(h).toMatch(/^functions\/[a-z-]+\.handler$/);
  });
  it('each bundles as SST would and its module exports a handler function', {
    timeout: 120_000,
  }, async () => {
    for (const h of handlers) {
      const file = h.replace(/\.handler$/, '');
      const path = join(OUT, `${file.replace('functions/', '')}.mjs`);
      expect(await bundleLikeSst(join(ROOT, `${file}.ts`), path), h).toEqual([]);
      const mod = (await import(pathToFileURL(path).href)) as { handler?: unknown };
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
      linked('SendgridPublicKeys', { value: '' }),
      linked('PostmarkCredentials', { value: 'u:p' }),
      linked('SnsTopicAllowlist', { value: 'arn:aws:sns:us-east-1:1:t' }),
      linked('SuppressionApiKey', { value: 'k' }),
    ]);
    for (const h of handlers) {
      const path = join(OUT, `${h.replace(/^functions\/|\.handler$/g, '')}.mjs`);
      const script = `const m = await import(${JSON.stringify(pathToFileURL(path).href)}); process.stdout.write(typeof m.handler);`;
      const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], {
        env: {
          PATH: process.env.PATH,
          AWS_REGION: 'us-east-1',
          POWERTOOLS_METRICS_DISABLED: 'true',
          ...env,
        },
        encoding: 'utf8',
      });
      expect(r.stderr.slice(-500), h).toBe('');
      expect(r.stdout, h).toBe('function');
    }
  });
});
