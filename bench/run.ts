/**
 * `npm run bench`: Rebound's performance figures. Prints a human table per section and, as the
 * last line, one JSON object with every figure. Targets are printed next to the figures; they
 * are aims, not test assertions.
 */
import { benchAws } from './aws.ts';
import { benchBundles } from './bundle.ts';
import { benchCore } from './core.ts';
import { costPerMillion, PRICES } from './cost.ts';
import { benchLocal } from './local.ts';
import { benchMail } from './mail.ts';

type Figures = Record<string, unknown>;

function table(title: string, rows: [string, string, string?][]): void {
  const w = Math.max(...rows.map(([k]) => k.length));
  console.log(`\n${title}`);
  for (const [k, v, aim] of rows)
    console.log(`  ${k.padEnd(w)}  ${v.padStart(14)}${aim ? `   (${aim})` : ''}`);
}

const fmt = (n: number) => n.toLocaleString('en-US');
const all: Figures = { node: process.version, cpus: (await import('node:os')).cpus().length };

const only = new Set(process.argv.slice(2));
const want = (s: string) => only.size === 0 || only.has(s);

if (want('core')) {
  const c = await benchCore();
  const m = await benchMail();
  Object.assign(all, c, m);
  table('Core (one core, verify-free)', [
    ['corpus events', fmt(c.corpus_events)],
    ['normalize events/s', fmt(c.normalize_events_per_s)],
    [`parse-mail mails/s (${m.parse_mail_corpus_files} .eml)`, fmt(m.parse_mail_per_s)],
    ['parse-mail events/s', fmt(m.parse_mail_events_per_s)],
    ['JSON.parse events/s', fmt(c.json_parse_events_per_s)],
    ['normalize / JSON.parse', c.normalize_ratio.toFixed(3), 'aim ≥ 0.5'],
    ['classify diagnostics/s (repeated texts: memo)', fmt(c.classify_per_s)],
    ['classify diagnostics/s (every text new)', fmt(c.classify_unique_per_s), 'aim ≥ 200,000'],
    ['JSON.stringify baseline/s', fmt(c.classify_baseline_per_s)],
    ['classify / baseline', c.classify_ratio.toFixed(4)],
  ]);
}

if (want('bundle')) {
  const b = await benchBundles();
  Object.assign(all, b);
  table('Bundles (esbuild as SST deploys them: ESM, minified, SDK bundled, code splitting)', [
    ...Object.entries(b.bundles_kb).map(([k, v]): [string, string] => [
      `${k} zip KB`,
      v.toFixed(1),
    ]),
    ...Object.entries(b.loaded_kb).map(([k, v]): [string, string] => [
      `${k} loaded KB / init ms`,
      `${v.toFixed(1)} / ${b.init_ms_by_function[k]?.toFixed(1)}`,
    ]),
    ['largest loaded at init KB', b.largest_loaded_kb.toFixed(1), 'aim ≤ 200'],
    [`init ms of it (median of ${b.init_runs})`, b.init_ms.toFixed(1), 'aim ≤ 60'],
  ]);
}

if (want('aws')) {
  const a = await benchAws();
  const c = costPerMillion(a);
  Object.assign(all, a, c, { prices: PRICES });
  table(`AWS requests for a realistic 1,000-event SendGrid batch (${a.ddb_backend} + fauxqs)`, [
    ...Object.entries(a.batch_effects).map(([k, v]): [string, string] => [`events ${k}`, fmt(v)]),
    ...Object.entries(a.requests_by_command).map(([k, v]): [string, string] => [k, fmt(v)]),
    ['DynamoDB requests', fmt(a.ddb_requests_per_1000)],
    [
      'DynamoDB minimum',
      fmt(a.ddb_requests_min_per_1000),
      'items written / 100 + unavoidable reads / 100',
    ],
    ['DynamoDB / minimum', a.ddb_min_ratio.toFixed(2), 'aim ≤ 1.2'],
    ['SQS requests', fmt(a.sqs_requests_per_1000)],
    ['handler ms for the batch', fmt(a.sendgrid_handler_ms_per_1000)],
    ['USD per million events', c.usd_per_million_events.toFixed(4)],
    ...Object.entries(c.usd_breakdown).map(([k, v]): [string, string] => [
      `  of which ${k}`,
      v.toFixed(4),
    ]),
  ]);
  console.log(`  assumptions: ${c.cost_assumptions}\n  prices: ${PRICES.source}`);
}

if (want('local')) {
  const l = await benchLocal();
  Object.assign(all, l);
  table(`Local stack (npm start, ${l.local_dynamodb}) over HTTP`, [
    [`events/s, ${l.local_senders} senders`, fmt(l.local_events_per_s)],
    ['requests answered 200', fmt(l.local_requests)],
  ]);
}

/** Each aim beside its figure in the JSON line: the aim, the value, and whether it is met. */
const AIMS: [string, '>=' | '<=', number][] = [
  ['normalize_ratio', '>=', 0.5],
  ['classify_unique_per_s', '>=', 200_000],
  ['largest_loaded_kb', '<=', 200],
  ['init_ms', '<=', 60],
  ['ddb_min_ratio', '<=', 1.2],
];
const aims: Record<string, { aim: string; value: number; met: boolean }> = {};
for (const [key, op, bound] of AIMS) {
  const value = all[key];
  if (typeof value !== 'number') continue;
  aims[key] = { aim: `${op} ${bound}`, value, met: op === '>=' ? value >= bound : value <= bound };
}
all.aims = aims;

console.log(`\n${JSON.stringify(all)}`);
