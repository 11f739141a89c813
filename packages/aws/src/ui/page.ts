/**
 * The page the suppression API serves at `/`: a static HTML page, its script and its style
 * sheet (built by packages/web, no data in them; the page asks for the API key and sends it as
 * the bearer on every call). Served without a key, with a strict Content-Security-Policy: only
 * this origin's script, style and API, nothing inline, no frames, no forms posting elsewhere.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { HttpResult } from '../handlers/http.ts';

/** The built page (packages/web's `buildPage()`). */
export interface PageAssets {
  html: string;
  js: string;
  css: string;
}

/** The page's Content-Security-Policy. */
export const PAGE_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  // `data:` only for the empty favicon (no request for /favicon.ico).
  "img-src 'self' data:",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

/** Headers every page response carries. */
export const PAGE_HEADERS: Readonly<Record<string, string>> = {
  'content-security-policy': PAGE_CSP,
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
  'cross-origin-opener-policy': 'same-origin',
  // Small files without hashed names: revalidate, so a deploy shows at once.
  'cache-control': 'no-cache',
};

/** The file names in a built page directory. */
export const PAGE_FILES = { html: 'index.html', js: 'app.js', css: 'app.css' } as const;

/** Reads a built page from `dir`; null when it is not there (not built). */
export function loadPageAssets(dir: string): PageAssets | null {
  try {
    return {
      html: readFileSync(join(dir, PAGE_FILES.html), 'utf8'),
      js: readFileSync(join(dir, PAGE_FILES.js), 'utf8'),
      css: readFileSync(join(dir, PAGE_FILES.css), 'utf8'),
    };
  } catch {
    return null;
  }
}

/**
 * Where a deployed function finds the page: `$REBOUND_WEB_DIR`, else `web/` beside the bundle
 * (infra/functions.ts copies packages/web/dist there).
 */
export function defaultPageDir(env: NodeJS.ProcessEnv = process.env): string {
  return env.REBOUND_WEB_DIR ?? join(env.LAMBDA_TASK_ROOT ?? process.cwd(), 'web');
}

const TYPES = {
  html: 'text/html; charset=utf-8',
  js: 'text/javascript; charset=utf-8',
  css: 'text/css; charset=utf-8',
} as const;

/** The page paths: `/`, `/index.html`, `/app.js`, `/app.css`. */
export function pageFileOf(path: string): keyof PageAssets | null {
  if (path === '' || path === '/' || path === '/index.html') return 'html';
  if (path === '/app.js') return 'js';
  if (path === '/app.css') return 'css';
  return null;
}

/** The response for a page path (GET/HEAD), or null when the path is not the page's. */
export function pageResult(
  method: string,
  path: string,
  assets: () => PageAssets | null,
): HttpResult | null {
  const file = pageFileOf(path);
  if (!file || (method !== 'GET' && method !== 'HEAD')) return null;
  const page = assets();
  if (!page) {
    return {
      statusCode: 404,
      headers: { 'content-type': 'application/json', ...PAGE_HEADERS },
      body: JSON.stringify({
        error: 'page-not-built',
        message: 'the page is not in this deployment (npm run build:web, then deploy)',
      }),
    };
  }
  return {
    statusCode: 200,
    headers: { 'content-type': TYPES[file], ...PAGE_HEADERS },
    body: method === 'HEAD' ? '' : page[file],
  };
}
