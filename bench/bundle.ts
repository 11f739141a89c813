/**
 * Deployed size and cold start: bundles every Lambda entry point the way SST 4 deploys them
 * (esbuild, ESM, platform node, ES2024 for nodejs24.x, minified, keepNames, code splitting),
 * then, per function (the generic webhook once per vendor), measures what module
 * initialization loads (bytes of the files actually imported) and how long it takes, in fresh
 * Node processes.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { VENDOR_IDS, VENDORS } from '@rebound/core';
import { bundleSplitLikeSst } from '../scripts/sst-bundle.ts';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const OUT = fileURLToPath(new URL('../.bench/bundles/', import.meta.url));

export interface BundleFigures {
  /** Everything in the function's zip (all chunks), KB. */
  bundles_kb: Record<string, number>;
  /** What initialization loads (entry + the chunks it imports, its vendor's only), KB. */
  loaded_kb: Record<string, number>;
  /** Median initialization time per function, ms. */
  init_ms_by_function: Record<string, number>;
  bundle_kb: number;
  largest_loaded_kb: number;
  largest_bundle: string;
  init_ms: number;
  init_runs: number;
}

/** Secrets given explicit bench values below. */
const BASE_SECRETS = new Set([
  'SST_RESOURCE_PostmarkCredentials',
  'SST_RESOURCE_SendgridPublicKeys',
]);

/** Environment a deployed function sees (SST links as SST_RESOURCE_* JSON), with dummy values. */
const LAMBDA_ENV = {
  SST_RESOURCE_App: JSON.stringify({ name: 'rebound', stage: 'bench' }),
  SST_RESOURCE_Suppressions: JSON.stringify({ name: 'bench-suppressions' }),
  SST_RESOURCE_State: JSON.stringify({ name: 'bench-state' }),
  SST_RESOURCE_RetryQueue: JSON.stringify({ url: 'https://sqs.us-east-1.amazonaws.com/1/retry' }),
  SST_RESOURCE_RetryDueQueue: JSON.stringify({ url: 'https://sqs.us-east-1.amazonaws.com/1/due' }),
  SST_RESOURCE_SendgridPublicKeys: JSON.stringify({ value: 'pending' }),
  SST_RESOURCE_PostmarkCredentials: JSON.stringify({ value: 'u:p' }),
  SST_RESOURCE_SnsTopicAllowlist: JSON.stringify({ value: 'arn:aws:sns:us-east-1:123456789012:t' }),
  SST_RESOURCE_SnsCredentials: JSON.stringify({ value: '' }),
  SST_RESOURCE_SuppressionApiKey: JSON.stringify({ value: 'k' }),
  SST_RESOURCE_GenericWebhookSecrets: JSON.stringify({ value: 'pending' }),
  SST_RESOURCE_MailWebhookSecrets: JSON.stringify({ value: 'pending' }),
  AWS_REGION: 'us-east-1',
  AWS_ACCESS_KEY_ID: 'bench',
  AWS_SECRET_ACCESS_KEY: 'bench',
  // The scheduled sync, as deployed with SES sync on.
  REBOUND_SYNC: 'ses',
  // Every other vendor secret as a stage deploys it before it is set: its `pending` default.
  ...Object.fromEntries(
    VENDORS.flatMap((v) =>
      v.settings
        .filter((spec) => spec.kind === 'secret' && 'deployDefault' in spec)
        .filter((spec) => typeof spec.deployDefault === 'string' && spec.deployDefault !== '')
        .map((spec) => [
          `SST_RESOURCE_${spec.name}`,
          JSON.stringify({ value: spec.deployDefault }),
        ]),
    ).filter(([k]) => !BASE_SECRETS.has(k as string)),
  ),
};

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] as number;
}

const kb = (bytes: number) => Math.round(bytes / 102.4) / 10;

function dirBytes(dir: string): number {
  return readdirSync(dir).reduce((n, f) => n + statSync(`${dir}${f}`).size, 0);
}

/** One fresh process: imports the entry, prints init ms and (with `track`) the files loaded. */
function start(entry: string, env: Record<string, string>, track: boolean) {
  const script = [
    "import { registerHooks } from 'node:module';",
    'const seen = [];',
    track ? 'registerHooks({ load(url, c, next) { seen.push(url); return next(url, c); } });' : '',
    `const t = performance.now(); await import(${JSON.stringify(pathToFileURL(entry).href)});`,
    'process.stdout.write(JSON.stringify({ ms: performance.now() - t, seen }));',
  ].join('\n');
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], {
    env: { ...process.env, ...LAMBDA_ENV, ...env },
    encoding: 'utf8',
  });
  if (r.status !== 0) throw new Error(`${entry} failed to initialize: ${r.stderr.slice(-2000)}`);
  return JSON.parse(r.stdout) as { ms: number; seen: string[] };
}

/** Bundles all entry points and measures each function's initialization. */
export async function benchBundles(runs = 11): Promise<BundleFigures> {
  rmSync(OUT, { recursive: true, force: true });
  mkdirSync(OUT, { recursive: true });
  const entries = readdirSync(new URL('../functions/', import.meta.url)).filter((f) =>
    f.endsWith('.ts'),
  );
  const bundles_kb: Record<string, number> = {};
  const loaded_kb: Record<string, number> = {};
  const init: Record<string, number> = {};
  for (const entry of entries) {
    const name = entry.replace(/\.ts$/, '');
    const dir = `${OUT}${name}/`;
    const { errors } = await bundleSplitLikeSst(`${ROOT}functions/${entry}`, dir);
    if (errors.length) throw new Error(`bundling ${entry} failed: ${errors[0]?.text}`);
    bundles_kb[name] = kb(dirBytes(dir));
    // What the deploy sets per function: the vendor of the generic entries (the direct entry
    // serves SES's subscriber and the inbound mail receiver), the synced vendors of the sync.
    const functions: (readonly [string, Record<string, string>])[] =
      name === 'webhook'
        ? VENDOR_IDS.map((v) => [`webhook:${v}`, { REBOUND_VENDOR: v }] as const)
        : name === 'subscriber'
          ? [
              ['subscriber:ses', { REBOUND_VENDOR: 'ses' }],
              [
                'subscriber:mail',
                { REBOUND_VENDOR: 'mail', REBOUND_INBOUND_MAIL_BUCKET: 'bench-inbound' },
              ],
            ]
          : [[name, name === 'sync' ? { REBOUND_SYNC: 'ses' } : {}] as const];
    for (const [fn, env] of functions) {
      const { seen } = start(`${dir}${name}.mjs`, env, true);
      const files = seen.filter((u) => u.startsWith('file:')).map((u) => fileURLToPath(u));
      loaded_kb[fn] = kb(files.reduce((n, f) => n + statSync(f).size, 0));
      init[fn] = Number(
        median(
          Array.from({ length: runs }, () => start(`${dir}${name}.mjs`, env, false).ms),
        ).toFixed(1),
      );
    }
  }
  const [largest, size] = Object.entries(loaded_kb).sort((a, b) => b[1] - a[1])[0] as [
    string,
    number,
  ];
  return {
    bundles_kb,
    loaded_kb,
    init_ms_by_function: init,
    bundle_kb: Math.max(...Object.values(bundles_kb)),
    largest_loaded_kb: size,
    largest_bundle: largest,
    init_ms: init[largest] as number,
    init_runs: runs,
  };
}
