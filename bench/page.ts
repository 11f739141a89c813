/**
 * `node bench/page.ts [records]`: the page's API on a big table. Seeds DynamoDB Local with
 * 100,000 suppression records (default), 90 days of rate counters (3 streams × 4 sending
 * domains, every action and many reasons by provider) and two days of batch markers with
 * recent bounces, then calls each view's route through the real API handler 20 times and prints
 * the median and p95 latency and the read units DynamoDB reported (eventually consistent reads
 * count half). Also the full CSV export (every Scan page) once. One JSON line at the end.
 */
import { randomUUID } from 'node:crypto';
import { BatchWriteCommand } from '@aws-sdk/lib-dynamodb';
import {
  countBatch,
  createClients,
  createSuppressionApiHandler,
  ensureTables,
  type HttpResult,
} from '@rebound/aws';
import {
  ACTIONS,
  type BatchTally,
  REASONS,
  type Reason,
  type SuppressionRecord,
} from '@rebound/core';
import { buildPage } from '../packages/web/scripts/build.ts';
import { startLocalDynamo } from '../scripts/local/dynamo.ts';

process.env.POWERTOOLS_METRICS_DISABLED = 'true';
process.env.POWERTOOLS_LOG_LEVEL = 'SILENT';
const RECORDS = Number(process.argv[2] ?? 100_000);
const RUNS = 20;
const KEY = 'bench-key';

const ddb = await startLocalDynamo('auto');
const clients = createClients({
  dynamodbEndpoint: ddb.endpoint,
  credentials: { accessKeyId: 'bench', secretAccessKey: 'bench' },
});
const tables = {
  suppressions: `page-s-${randomUUID().slice(0, 6)}`,
  state: `page-st-${randomUUID().slice(0, 6)}`,
};
await ensureTables(clients.dynamodb, tables, { ttl: false });

// Every read reports its consumed capacity; the bench adds it up per call.
let units = 0;
clients.dynamodb.middlewareStack.add(
  ((next: (a: unknown) => Promise<{ output?: { ConsumedCapacity?: unknown } }>) =>
    async (args: { input: Record<string, unknown> }) => {
      args.input.ReturnConsumedCapacity ??= 'TOTAL';
      const out = await next(args);
      const cc = out.output?.ConsumedCapacity;
      for (const c of (Array.isArray(cc) ? cc : cc ? [cc] : []) as { CapacityUnits?: number }[])
        units += c.CapacityUnits ?? 0;
      return out;
    }) as never,
  { step: 'initialize', name: 'bench-read-units' },
);

const now = new Date();
const iso = (t: number) => new Date(t).toISOString();
const reasons = Object.keys(REASONS) as Reason[];

function record(i: number): SuppressionRecord {
  const at = iso(now.getTime() - (i % 365) * 86_400_000);
  const reason = reasons[i % 5 === 0 ? 1 : 0] as Reason;
  return {
    email: `user${i}@d${i % 997}.example.com`,
    status: i % 20 === 0 ? 'unsuppressed' : 'suppressed',
    action: 'suppress',
    reason,
    rule: 'user-unknown',
    reply: {
      code: 550,
      enhanced: '5.1.1',
      text: 'The email account that you tried to reach does not exist',
    },
    vendor: 'sendgrid',
    firstSeen: at,
    lastSeen: at,
    count: 1,
    evidence: [
      {
        eventId: randomUUID(),
        vendor: 'sendgrid',
        kind: 'bounce',
        at,
        reason,
        rule: 'user-unknown',
        reply: {
          code: 550,
          enhanced: '5.1.1',
          text: 'The email account that you tried to reach does not exist',
        },
        messageId: `m${i}`,
        echo: false,
      },
    ],
    history: [{ at, by: 'webhook:sendgrid', change: 'suppressed', reason, rule: 'user-unknown' }],
    createdByEcho: false,
    version: 1,
    updatedAt: at,
  };
}

console.log(`seeding ${RECORDS.toLocaleString('en-US')} records into ${ddb.kind}…`);
const t0 = Date.now();
const chunks: SuppressionRecord[][] = [];
for (let i = 0; i < RECORDS; i += 25)
  chunks.push(Array.from({ length: Math.min(25, RECORDS - i) }, (_, j) => record(i + j)));
let next = 0;
await Promise.all(
  Array.from({ length: 8 }, async () => {
    while (next < chunks.length) {
      let items = chunks[next++]!.map((r) => ({ PutRequest: { Item: r } }));
      while (items.length) {
        const res = await clients.doc.send(
          new BatchWriteCommand({ RequestItems: { [tables.suppressions]: items } }),
        );
        items = (res.UnprocessedItems?.[tables.suppressions] ?? []) as typeof items;
      }
    }
  }),
);
console.log(`  records: ${((Date.now() - t0) / 1000).toFixed(1)} s`);

// 90 days of counters through the real writer (one tally per day), two days of recent markers.
const streams = ['global', 'marketing', 'transactional'];
const domains = ['mail.example.com', 'news.example.com', 'example.org', 'unknown'];
const providers = ['gmail', 'yahoo', 'microsoft', 'apple', 'other'];
for (let d = 0; d < 90; d++) {
  const day = iso(now.getTime() - d * 86_400_000).slice(0, 10);
  const tally: BatchTally = {
    ids: [`day-${day}`],
    days: [
      {
        day,
        cells: streams.flatMap((stream) =>
          domains.map((domain, k) => ({
            stream,
            domain,
            delivered: 10_000 + k * 1000 + d,
            hard: 50 + k * 40,
            soft: 30,
            complaints: 2 + k * 3,
          })),
        ),
        actions: Object.fromEntries(ACTIONS.map((a, k) => [a, 100 + k * 37 + d])),
        reasons: reasons.slice(0, 20).flatMap((reason, k) =>
          providers.map((provider, p) => ({
            reason,
            provider,
            count: 1 + ((k * 7 + p * 3 + d) % 50),
          })),
        ),
      },
    ],
    recent: [],
    cells: [],
  };
  await countBatch({ doc: clients.doc, table: tables.state, now }, tally);
}
for (let b = 0; b < 400; b++) {
  const at = new Date(now.getTime() - b * 300_000);
  const recent = Array.from({ length: 10 }, (_, k) => ({
    at: iso(at.getTime() - k * 1000),
    vendor: 'sendgrid',
    kind: 'bounce' as const,
    to: `user${b * 10 + k}@d${k}.example.com`,
    provider: 'other',
    action: 'suppress' as const,
    reason: 'user-unknown' as Reason,
    rule: 'user-unknown',
    source: 'RFC 3463 §3.2 (X.1.1)',
    reply: '550 5.1.1 The email account that you tried to reach does not exist',
    stream: 'global',
    from: 'mail.example.com',
  }));
  await countBatch(
    { doc: clients.doc, table: tables.state, now: at },
    {
      ids: [`recent-${b}`],
      days: [
        { day: iso(at.getTime()).slice(0, 10), cells: [], actions: { suppress: 10 }, reasons: [] },
      ],
      recent,
      cells: [],
    },
  );
}
console.log(`  seeded in ${((Date.now() - t0) / 1000).toFixed(1)} s`);

const api = createSuppressionApiHandler({
  doc: clients.doc,
  suppressionsTable: tables.suppressions,
  tables,
  apiKeys: [{ name: 'bench', key: KEY }],
  page: await buildPage(),
});
const call = async (method: string, path: string): Promise<HttpResult> => {
  const [rawPath, rawQueryString = ''] = path.split('?');
  return (await api(
    {
      rawPath,
      rawQueryString,
      headers: { authorization: `Bearer ${KEY}` },
      requestContext: { http: { method, sourceIp: '127.0.0.1' }, requestId: randomUUID() },
    } as never,
    {
      getRemainingTimeInMillis: () => 10_000,
      functionName: 'bench',
      awsRequestId: randomUUID(),
    } as never,
  )) as HttpResult;
};

const views: [string, string][] = [
  ['page (GET /)', '/'],
  ['page script (GET /app.js)', '/app.js'],
  ['rates, mix, reasons: 14 days (GET /stats)', '/stats?days=14'],
  ['rates, mix, reasons: 90 days', '/stats?days=90'],
  ['one stream and domain, 90 days', '/stats?days=90&stream=marketing&domain=example.org'],
  ['recent bounces (GET /recent?limit=50)', '/recent?limit=50'],
  [
    'search an address (GET /suppressions/{address})',
    `/suppressions/user4242@d${4242 % 997}.example.com`,
  ],
  [
    'search an address on a stream',
    `/suppressions/user4242@d${4242 % 997}.example.com?stream=marketing`,
  ],
  ['export: one page of 1,000 records', '/export?all=1'],
];
const figures: Record<
  string,
  { p50_ms: number; p95_ms: number; read_units: number; status: number }
> = {};
console.log(
  `\n${'view'.padEnd(50)} ${'p50 ms'.padStart(8)} ${'p95 ms'.padStart(8)} ${'read units'.padStart(11)}`,
);
for (const [name, path] of views) {
  const times: number[] = [];
  let spent = 0;
  let status = 0;
  for (let i = 0; i < RUNS + 2; i++) {
    units = 0;
    const t = performance.now();
    status = (await call('GET', path)).statusCode;
    const ms = performance.now() - t;
    if (i >= 2) {
      times.push(ms);
      spent = units;
    }
  }
  times.sort((a, b) => a - b);
  const p50 = times[Math.floor(times.length / 2)] ?? 0;
  const p95 = times[Math.floor(times.length * 0.95)] ?? 0;
  figures[name] = { p50_ms: +p50.toFixed(1), p95_ms: +p95.toFixed(1), read_units: spent, status };
  console.log(
    `${name.padEnd(50)} ${p50.toFixed(1).padStart(8)} ${p95.toFixed(1).padStart(8)} ${String(spent).padStart(11)}  (${status})`,
  );
}

// The whole download: every Scan page.
units = 0;
const t1 = performance.now();
let cursor: string | null = null;
let pages = 0;
let rows = 0;
do {
  const res = await call('GET', `/export?all=1${cursor ? `&cursor=${cursor}` : ''}`);
  const page = JSON.parse(res.body) as { next: string | null; rows: number };
  cursor = page.next;
  rows += page.rows;
  pages++;
} while (cursor);
const exportMs = performance.now() - t1;
console.log(
  `\nfull CSV export: ${rows.toLocaleString('en-US')} rows in ${pages} requests, ${(exportMs / 1000).toFixed(1)} s, ${units.toFixed(0)} read units`,
);
await ddb.stop();
console.log(
  JSON.stringify({
    records: RECORDS,
    dynamodb: ddb.kind,
    views: figures,
    export: { rows, pages, ms: Math.round(exportMs), read_units: units },
  }),
);
