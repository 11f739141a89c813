/**
 * Builds the page: esbuild bundles src/main.ts (with Chart.js from npm) into one minified ES
 * module, minifies src/app.css, and takes src/index.html as it is. `buildPage()` returns the
 * three files (the local stack and the tests serve them from memory); run as a script, it
 * writes them to packages/web/dist, which the deployment copies beside the API function.
 */
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { build, transform } from 'esbuild';

/** The built page (the same shape as `@rebound/aws`'s PageAssets). */
export interface BuiltPage {
  html: string;
  js: string;
  css: string;
}

const ROOT = join(import.meta.dirname, '..');

/** Where `npm run build:web` writes the page. */
export const PAGE_DIST = join(ROOT, 'dist');

/** Bundles the page in memory. */
export async function buildPage(): Promise<BuiltPage> {
  const bundle = await build({
    entryPoints: [join(ROOT, 'src/main.ts')],
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    minify: true,
    legalComments: 'none',
    write: false,
    logLevel: 'silent',
  });
  const js = bundle.outputFiles[0]?.text ?? '';
  const css = await transform(readFileSync(join(ROOT, 'src/app.css'), 'utf8'), {
    loader: 'css',
    minify: true,
  });
  return { html: readFileSync(join(ROOT, 'src/index.html'), 'utf8'), js, css: css.code };
}

/** Writes the page to `dir` (each file replaced whole, so concurrent builds never mix). */
export async function writePage(dir = PAGE_DIST): Promise<BuiltPage> {
  const page = await buildPage();
  mkdirSync(dir, { recursive: true });
  const files = { 'index.html': page.html, 'app.js': page.js, 'app.css': page.css };
  for (const [name, text] of Object.entries(files)) {
    const tmp = join(dir, `.${name}.${process.pid}.tmp`);
    writeFileSync(tmp, text);
    renameSync(tmp, join(dir, name));
  }
  return page;
}

/** Sizes for people: bytes and gzipped bytes of each file. */
export function pageSizes(page: BuiltPage): Record<string, { bytes: number; gzip: number }> {
  const size = (s: string) => ({
    bytes: Buffer.byteLength(s),
    gzip: gzipSync(Buffer.from(s)).byteLength,
  });
  return { 'index.html': size(page.html), 'app.js': size(page.js), 'app.css': size(page.css) };
}

if (import.meta.main) {
  const page = await writePage();
  for (const [name, s] of Object.entries(pageSizes(page))) {
    console.log(`${name.padEnd(10)} ${String(s.bytes).padStart(7)} B  (${s.gzip} B gzip)`);
  }
  console.log(`wrote ${PAGE_DIST}`);
}
