/**
 * Type-checks sst.config.ts and infra/ against SST 4.17.1's real platform types. Runs
 * `sst install` (npm registry only) when `.sst/platform` is missing; SKIPPED, with the
 * reason, when that cannot run.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ensurePlatform, ROOT } from './sst-mock/platform.ts';

describe('sst.config.ts against the real SST platform types', () => {
  it('tsc -p tsconfig.sst.json reports no errors', { timeout: 300_000 }, async (ctx) => {
    const reason = ensurePlatform();
    if (reason) {
      ctx.skip(`type-check not run: ${reason}`);
      return;
    }
    const tsc = join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
    const r = spawnSync(process.execPath, [tsc, '-p', 'tsconfig.sst.json'], {
      cwd: ROOT,
      encoding: 'utf8',
      timeout: 240_000,
    });
    expect(`${r.stdout}${r.stderr}`.trim()).toBe('');
    expect(r.status).toBe(0);
  });
});
