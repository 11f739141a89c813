/**
 * Type-checks sst.config.ts and infra/ against SST 4.17.1's real platform types. Runs
 * `sst install` (npm registry only) when `.sst/platform/config.d.ts` is missing; SKIPPED, with
 * the reason, when that cannot run.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..', '..');
const CONFIG_DTS = join(ROOT, '.sst', 'platform', 'config.d.ts');

/** The SST CLI binary shipped in the registry package for this platform, if installed. */
function sstBinary(): string | undefined {
  try {
    const require = createRequire(join(ROOT, 'package.json'));
    return require.resolve(`sst-${process.platform}-${process.arch}/bin/sst`);
  } catch {
    return undefined;
  }
}

/** Runs `sst install` offline-style; returns undefined on success, else why it could not. */
function sstInstall(): string | undefined {
  const bin = sstBinary();
  if (!bin) return `the SST CLI package sst-${process.platform}-${process.arch} is not installed`;
  const r = spawnSync(bin, ['install', '--stage', 'typecheck'], {
    cwd: ROOT,
    encoding: 'utf8',
    timeout: 240_000,
    env: {
      ...process.env,
      SST_SKIP_DEPENDENCY_CHECK: '1',
      SST_NO_BUN: '1',
      SST_TELEMETRY_DISABLED: '1',
    },
  });
  if (r.status === 0 && existsSync(CONFIG_DTS)) return undefined;
  const tail = `${r.stdout ?? ''}${r.stderr ?? ''}`.trim().split('\n').slice(-3).join(' | ');
  return `\`sst install\` could not run (${r.error?.message ?? `exit ${r.status}`}): ${tail}`;
}

describe('sst.config.ts against the real SST platform types', () => {
  it('tsc -p tsconfig.sst.json reports no errors', { timeout: 300_000 }, async (ctx) => {
    if (!existsSync(CONFIG_DTS)) {
      const reason = sstInstall();
      if (reason) {
        ctx.skip(`type-check not run: ${reason}`);
        return;
      }
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
