/**
 * SST's platform in `.sst/platform` (what `sst install` extracts from the pinned CLI): where it
 * is, and installing it once for every infra test that needs it (type-check, mock deploy).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

/** The repository root. */
export const ROOT = join(import.meta.dirname, '..', '..', '..');
/** `.sst/platform`: SST's components, shims and their npm packages (Pulumi, @pulumi/aws). */
export const PLATFORM = join(ROOT, '.sst', 'platform');
/** Written last by `sst install`: its presence means the platform is complete. */
export const CONFIG_DTS = join(PLATFORM, 'config.d.ts');

/** The SST CLI binary shipped in the registry package for this platform, if installed. */
export function sstBinary(): string | undefined {
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
  const r = spawnSync(bin, ['install', '--stage', 'test'], {
    cwd: ROOT,
    encoding: 'utf8',
    timeout: 240_000,
    env: {
      ...process.env,
      // No Pulumi/Bun download from GitHub: `install` needs only the npm registry.
      SST_SKIP_DEPENDENCY_CHECK: '1',
      SST_NO_BUN: '1',
      SST_TELEMETRY_DISABLED: '1',
    },
  });
  if (r.status === 0 && existsSync(CONFIG_DTS)) return undefined;
  const tail = `${r.stdout ?? ''}${r.stderr ?? ''}`.trim().split('\n').slice(-3).join(' | ');
  return `\`sst install\` could not run (${r.error?.message ?? `exit ${r.status}`}): ${tail}`;
}

/** A directory lock shared by the test workers (mkdir is atomic); stale after 5 minutes. */
function withLock<T>(fn: () => T): T {
  const lock = join(ROOT, '.sst', 'install.lock');
  mkdirSync(join(ROOT, '.sst'), { recursive: true });
  const deadline = Date.now() + 300_000;
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch {
      const since = statSync(lock, { throwIfNoEntry: false })?.mtimeMs ?? Date.now();
      if (Date.now() - since > 300_000) {
        rmSync(lock, { recursive: true, force: true });
      } else if (Date.now() > deadline) {
        throw new Error(`${lock} is held by another process`);
      }
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 250);
    }
  }
  try {
    return fn();
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

/**
 * Makes sure `.sst/platform` is installed (`sst install`, once, under a lock so parallel test
 * files do not install twice). Returns undefined when ready, else the reason it is not (the
 * caller reports its test as skipped with that reason, never as passed).
 */
export function ensurePlatform(): string | undefined {
  if (existsSync(CONFIG_DTS)) return undefined;
  return withLock(() => (existsSync(CONFIG_DTS) ? undefined : sstInstall()));
}
