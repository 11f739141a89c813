/**
 * Bundles a Lambda entry point exactly the way `sst deploy` (SST 4, pkg/runtime/node/build.go)
 * does for `nodejs24.x`: esbuild, ESM, platform node, ES2024, minified, keepNames, `module,main`
 * fields, and the banner that recreates `require`, `__filename` and `__dirname`.
 */
import { type BuildOptions, build } from 'esbuild';

/** SST's ESM banner. */
export const SST_BANNER = [
  "import { createRequire as topLevelCreateRequire } from 'module';",
  'const require = topLevelCreateRequire(import.meta.url);',
  "import { fileURLToPath as topLevelFileUrlToPath, URL as topLevelURL } from 'url';",
  'const __filename = topLevelFileUrlToPath(import.meta.url);',
  "const __dirname = topLevelFileUrlToPath(new topLevelURL('.', import.meta.url));",
].join('\n');

/** The esbuild options SST uses for one entry point (`external` as `nodejs.esbuild.external`). */
export function sstBuildOptions(entry: string, external: string[] = []): BuildOptions {
  return {
    entryPoints: [entry],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'es2024',
    minify: true,
    keepNames: true,
    mainFields: ['module', 'main'],
    banner: { js: SST_BANNER },
    external,
    logLevel: 'silent',
  };
}

/** Bundles `entry` to `outfile`; returns esbuild's errors (empty on success). */
export async function bundleLikeSst(entry: string, outfile: string, external: string[] = []) {
  const result = await build({ ...sstBuildOptions(entry, external), outfile });
  return result.errors;
}

/**
 * Bundles `entry` with code splitting (`nodejs.splitting: true`, as infra/functions.ts deploys
 * it) into `outdir`: `<name>.mjs` plus shared and dynamically imported chunks. Returns the
 * errors and the metafile (which chunks the entry imports statically).
 */
export async function bundleSplitLikeSst(entry: string, outdir: string) {
  const result = await build({
    ...sstBuildOptions(entry),
    outdir,
    splitting: true,
    entryNames: '[name]',
    chunkNames: 'chunk-[hash]',
    outExtension: { '.js': '.mjs' },
    metafile: true,
  });
  return { errors: result.errors, metafile: result.metafile };
}
