/**
 * Deployed size and cold start: bundles every Lambda entry point the way SST 4 does (esbuild,
 * ESM, platform node, ES2024 for nodejs24.x, minified, keepNames), then times module
 * initialization of the largest bundle in fresh Node processes.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { bundleLikeSst } from '../scripts/sst-bundle.ts';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const OUT = fileURLToPath(new URL('../.bench/bundles/', import.meta.url));

export interface BundleFigures {
  bundles_kb: Record<string, number>;
  bundle_kb: number;
  largest_bundle: string;
  init_ms: number;
  init_runs: number;
}

/** Environment a deployed function sees (SST links as SST_RESOURCE_* JSON), with dummy values. */
const LAMBDA_ENV = {
  SST_RESOURCE_App: JSON.stringify({ name: 'rebound', stage: 'bench' }),
  SST_RESOURCE_Suppressions: JSON.stringify({ name: 'bench-suppressions' }),
  SST_RESOURCE_State: JSON.stringify({ name: 'bench-state' }),
  SST_RESOURCE_RetryQueue: JSON.stringify({ url: 'https://sqs.us-east-1.amazonaws.com/1/retry' }),
  SST_RESOURCE_RetryDueQueue: JSON.stringify({ url: 'https://sqs.us-east-1.amazonaws.com/1/due' }),
  SST_RESOURCE_SendgridPublicKeys: JSON.stringify({ value: '' }),
  SST_RESOURCE_PostmarkCredentials: JSON.stringify({ value: 'u:p' }),
  SST_RESOURCE_SnsTopicAllowlist: JSON.stringify({ value: 'arn:aws:sns:us-east-1:1:t' }),
  SST_RESOURCE_SuppressionApiKey: JSON.stringify({ value: 'k' }),
  AWS_REGION: 'us-east-1',
  AWS_ACCESS_KEY_ID: 'bench',
  AWS_SECRET_ACCESS_KEY: 'bench',
};

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] as number;
}

/** Bundles all entry points and measures the largest one's initialization. */
export async function benchBundles(runs = 15): Promise<BundleFigures> {
  mkdirSync(OUT, { recursive: true });
  const entries = readdirSync(new URL('../functions/', import.meta.url)).filter((f) =>
    f.endsWith('.ts'),
  );
  const sizes: Record<string, number> = {};
  for (const entry of entries) {
    const name = entry.replace(/\.ts$/, '');
    const outfile = `${OUT}${name}.mjs`;
    const errors = await bundleLikeSst(`${ROOT}functions/${entry}`, outfile);
    if (errors.length) throw new Error(`bundling ${entry} failed: ${errors[0]?.text}`);
    sizes[name] = Math.round(statSync(outfile).size / 102.4) / 10;
  }
  const [largest, kb] = Object.entries(sizes).sort((a, b) => b[1] - a[1])[0] as [string, number];
  const script = `const t = performance.now(); await import(${JSON.stringify(`file://${OUT}${largest}.mjs`)}); process.stdout.write(String(performance.now() - t));`;
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], {
      env: { ...process.env, ...LAMBDA_ENV },
      encoding: 'utf8',
    });
    if (r.status !== 0)
      throw new Error(`bundle ${largest} failed to initialize: ${r.stderr.slice(-2000)}`);
    times.push(Number(r.stdout));
  }
  return {
    bundles_kb: sizes,
    bundle_kb: kb,
    largest_bundle: largest,
    init_ms: Number(median(times).toFixed(1)),
    init_runs: runs,
  };
}
