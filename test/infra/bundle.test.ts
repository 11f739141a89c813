/**
 * Every deployed handler bundles the way `sst deploy` bundles it (esbuild: ESM, node, ES2024,
 * minified, keepNames, `module,main` fields, the require/__dirname banner), and the bundle
 * loads and exports a `handler` function with the local-stack environment.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { beforeAll, describe, expect, it } from 'vitest';
import { deploy, loadConfig } from './wiring-helpers.ts';

const ROOT = join(import.meta.dirname, '..', '..');
/** SST's ESM banner (pkg/runtime/node/build.go): `require`, `__filename`, `__dirname`. */
const BANNER = [
  "import { createRequire as topLevelCreateRequire } from 'module';",
  'const require = topLevelCreateRequire(import.meta.url);',
  "import { fileURLToPath as topLevelFileUrlToPath, URL as topLevelURL } from 'url';",
  'const __filename = topLevelFileUrlToPath(import.meta.url);',
  "const __dirname = topLevelFileUrlToPath(new topLevelURL('.', import.meta.url));",
].join('\n');

let handlers: string[] = [];
beforeAll(async () => {
  const { fns } = await deploy(await loadConfig(), 'dev');
  handlers = fns.map((f) => f.handler);
  Object.assign(process.env, {
    REBOUND_SUPPRESSIONS_TABLE: 'suppressions',
    REBOUND_STATE_TABLE: 'state',
    REBOUND_RETRY_QUEUE_URL: 'http://127.0.0.1:9/000000000000/retry',
    REBOUND_RETRY_DUE_QUEUE_URL: 'http://127.0.0.1:9/000000000000/retry-due',
    AWS_REGION: process.env.AWS_REGION ?? 'us-east-1',
    POWERTOOLS_METRICS_DISABLED: 'true',
  });
});

describe('handler bundles', () => {
  it('the config declares six handlers, each a root-relative file.export', () => {
    expect(handlers).toHaveLength(6);
    for (const h of handlers) expect(h).toMatch(/^functions\/[a-z-]+\.handler$/);
  });
  it('each bundles as SST would and its module exports a handler function', {
    timeout: 120_000,
  }, async () => {
    const out = mkdtempSync(join(tmpdir(), 'rebound-bundle-'));
    for (const h of handlers) {
      const file = h.replace(/\.handler$/, '');
      const result = await build({
        entryPoints: [join(ROOT, `${file}.ts`)],
        bundle: true,
        platform: 'node',
        format: 'esm',
        target: 'es2024',
        minify: true,
        keepNames: true,
        mainFields: ['module', 'main'],
        banner: { js: BANNER },
        write: false,
        logLevel: 'silent',
      });
      expect(result.errors, h).toEqual([]);
      const path = join(out, `${file.replace('functions/', '')}.mjs`);
      writeFileSync(path, result.outputFiles[0]?.contents ?? new Uint8Array());
      const mod = (await import(pathToFileURL(path).href)) as { handler?: unknown };
      expect(typeof mod.handler, h).toBe('function');
    }
  });
});
