/**
 * Builds SST's deploy program the way the CLI does (pkg/project/stack.go + pkg/js): esbuild
 * bundles `sst.config.ts` with `.sst/platform/src`, injects the `$`-globals shim and the
 * provider/`sst` namespaces, defines `$app`/`$cli`/`$dev`, and runs `run(mod.run)` from
 * `platform/src/auto/run.ts`. The output lives in `.sst/platform` so its externals
 * (`@pulumi/*`, `@aws-sdk/*`, …) resolve to the platform's own packages, as SST's does.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build, type Plugin } from 'esbuild';
import { PLATFORM, ROOT } from './platform.ts';

/** The `$app` global SST computes from `app()` (pkg/project: name, stage, removal, …). */
export interface AppGlobal {
  name: string;
  stage: string;
  removal: string;
  protect: boolean;
  providers: Record<string, unknown>;
  home: string;
}

/** The CLI's esbuild banner: ESM output that still has `require`, `__filename`, `__dirname`. */
const BANNER = [
  "import { createRequire as topLevelCreateRequire } from 'module';",
  'const require = topLevelCreateRequire(import.meta.url);',
  "import { fileURLToPath as topLevelFileUrlToPath, URL as topLevelURL } from 'url';",
  'const __filename = topLevelFileUrlToPath(import.meta.url);',
  "const __dirname = topLevelFileUrlToPath(new topLevelURL('.', import.meta.url));",
].join('\n');

/** What SST leaves to the platform's node_modules instead of bundling (pkg/js). */
const EXTERNAL = [
  '@pulumi/*',
  '@pulumiverse/*',
  '@sst-provider/*',
  '@aws-sdk/*',
  'esbuild',
  'archiver',
  'glob',
];

/**
 * Every other package the platform imports (vite, the Cloudflare tooling, … which only some
 * components load) also stays external: it loads from the platform's node_modules at run
 * time, next to the output file. Packages the app itself imports are bundled.
 */
const platformPackagesExternal: Plugin = {
  name: 'platform-packages-external',
  setup(b) {
    b.onResolve({ filter: /^[^./]/ }, (args) =>
      args.importer.startsWith(PLATFORM) && !isAbsolute(args.path)
        ? { path: args.path, external: true }
        : undefined,
    );
  },
};

/**
 * The directory of one run's program files, inside `.sst/platform` (git-ignored, SST's own
 * working directory) so that bare imports resolve to the platform's node_modules.
 */
export function programDir(tag: string): string {
  return join(PLATFORM, '.rebound-mock', tag);
}

async function bundle(outfile: string, code: string, options: object) {
  await build({
    stdin: { contents: code, resolveDir: ROOT, sourcefile: 'eval.ts', loader: 'ts' },
    outfile,
    bundle: true,
    format: 'esm',
    platform: 'node',
    target: 'esnext',
    banner: { js: BANNER },
    external: EXTERNAL,
    plugins: [platformPackagesExternal],
    logLevel: 'silent',
    ...options,
  });
  return pathToFileURL(outfile).href;
}

/**
 * Evaluates `app({ stage })` (the CLI's first step, before any resource) and returns `$app`
 * with SST's defaults (removal `retain`, protect off).
 */
export async function evaluateApp(stage: string, dir: string): Promise<AppGlobal> {
  const shim = join(dir, 'app-shim.mjs');
  mkdirSync(dir, { recursive: true });
  writeFileSync(
    shim,
    `export { $config } from ${JSON.stringify(join(PLATFORM, 'src/config.ts'))};\n`,
  );
  const url = await bundle(
    join(dir, 'app.mjs'),
    `import mod from ${JSON.stringify(join(ROOT, 'sst.config.ts'))};\nexport default mod;\n`,
    { inject: [shim] },
  );
  const mod = (await import(url)) as { default: { app(i: object): Promise<Partial<AppGlobal>> } };
  const app = await mod.default.app({ stage });
  return {
    name: String(app.name),
    stage,
    removal: app.removal ?? 'retain',
    protect: app.protect ?? false,
    providers: app.providers ?? {},
    home: String(app.home),
  };
}

/** Bundles the deploy program for `$app`; returns the module URL whose default export is `run()`'s outputs. */
export async function buildProgram(app: AppGlobal, cli: object, dir: string): Promise<string> {
  mkdirSync(dir, { recursive: true });
  return bundle(
    join(dir, 'sst.config.mjs'),
    [
      // The provider namespaces and `sst` as globals, set before `run()` evaluates the config.
      "import * as aws from '@pulumi/aws';",
      `import * as sst from ${JSON.stringify(join(PLATFORM, 'src/components/index.ts'))};`,
      `import { run } from ${JSON.stringify(join(PLATFORM, 'src/auto/run.ts'))};`,
      `import mod from ${JSON.stringify(join(ROOT, 'sst.config.ts'))};`,
      'Object.assign(globalThis, { aws, sst });',
      'const result = await run(mod.run);',
      'export default result;',
    ].join('\n'),
    {
      inject: [join(PLATFORM, 'src/shim/run.js')],
      define: { $app: JSON.stringify(app), $cli: JSON.stringify(cli), $dev: 'false' },
    },
  );
}
