/**
 * Builds @rebound/client into dist/: esbuild bundles (ESM + CJS; core's normalization and key
 * derivation bundled in, the AWS SDK left to the installer) and tsc declarations.
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { build } from 'esbuild';

const PKG = join(import.meta.dirname, '..');
const DIST = join(PKG, 'dist');
const ENTRIES = { index: join(PKG, 'src/index.ts'), sqs: join(PKG, 'src/sqs.ts') };

/** Every file under `dir`. */
function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? walk(p) : [p];
  });
}

/** Builds dist/; returns the files written. Throws when a bundle would load workspace code. */
export async function buildClient(): Promise<string[]> {
  rmSync(DIST, { recursive: true, force: true });
  for (const format of ['esm', 'cjs'] as const) {
    await build({
      entryPoints: ENTRIES,
      outdir: DIST,
      bundle: true,
      platform: 'node',
      target: 'node20',
      format,
      splitting: format === 'esm',
      chunkNames: 'chunks/[name]-[hash]',
      outExtension: format === 'cjs' ? { '.js': '.cjs' } : {},
      external: ['@aws-sdk/*'],
      logLevel: 'warning',
    });
  }
  // Declarations for src and the core files it imports, with `.ts` specifiers made `.js`.
  const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
  execFileSync(process.execPath, [tsc, '-p', join(PKG, 'tsconfig.build.json')], {
    stdio: 'inherit',
  });
  const files = walk(DIST);
  for (const f of files.filter((f) => f.endsWith('.d.ts'))) {
    const text = readFileSync(f, 'utf8');
    writeFileSync(f, text.replace(/(['"])(\.{1,2}\/[^'"]*?)\.ts\1/g, '$1$2.js$1'));
  }
  for (const f of files.filter((f) => /\.(c?js|d\.ts)$/.test(f))) {
    const text = readFileSync(f, 'utf8');
    const loads =
      /^\s*(?:import|export)\b.*\bfrom\s*['"]([^'"]+)['"]|\brequire\(['"]([^'"]+)['"]\)/gm;
    const bad = [...text.matchAll(loads)]
      .map((m) => m[1] ?? m[2] ?? '')
      .filter((spec) => spec.startsWith('@rebound/') || spec.endsWith('.ts'));
    if (bad.length) {
      throw new Error(`${f} still loads workspace or TypeScript source: ${bad.join(', ')}`);
    }
  }
  return files;
}

if (import.meta.main) {
  const files = await buildClient();
  const size = files.reduce((n, f) => n + statSync(f).size, 0);
  console.log(`@rebound/client: ${files.length} files in dist/ (${(size / 1024).toFixed(1)} KB)`);
}
