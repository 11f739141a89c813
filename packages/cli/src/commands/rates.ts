/**
 * `rebound rates`: the last days' delivered mail, hard bounces and complaints per day, stream
 * and sending domain, with the bounce and complaint rates and flags against the thresholds.
 * Reads the State table's counters (`--state-table`, `--endpoint`) or a running API (`--url`).
 */
import { createClients, readStats, type Stats } from '@rebound/aws';
import { formatPct, isStreamName, RATE_THRESHOLDS } from '@rebound/core';
import { printable } from '../format.ts';
import { defaultIo, type Io, parseCommand } from '../io.ts';
import { localApiKey } from './check.ts';

const USAGE = `usage: rebound rates [--days 14] [--stream S] [--domain D] [--json]
                     [--state-table NAME] [--endpoint URL] [--region R]
                     [--url http://localhost:3000 [--api-key KEY]]

Per day, stream and sending domain: delivered, hard bounces, bounce %, complaints, complaint %
and flags (warn/CRIT) against the thresholds (bounces ${RATE_THRESHOLDS.bounceWarn} % / ${RATE_THRESHOLDS.bounceCritical} %,
complaints ${RATE_THRESHOLDS.complaintWarn} % / ${RATE_THRESHOLDS.complaintCritical} %; rows under ${RATE_THRESHOLDS.minVolume} messages are not flagged).

  --days         how many days back, today included (1–90, default 14)
  --stream       only this stream (global, marketing, …)
  --domain       only this sending domain
  --json         the rows as JSON
  --state-table  State table (default: $REBOUND_STATE_TABLE)
  --endpoint     DynamoDB endpoint (default: $AWS_ENDPOINT_URL_DYNAMODB, else AWS)
  --region       AWS region (default: the SDK's)
  --url          read a running suppression API's GET /stats instead of DynamoDB
  --api-key      bearer key for --url (default: $REBOUND_API_KEY, else .rebound/credentials.json)`;

/** A failure the user can act on: one line, no stack trace. */
class RatesError extends Error {}

async function fromApi(url: URL, key: string, q: URLSearchParams): Promise<Stats> {
  let res: Response;
  try {
    res = await fetch(new URL(`/stats?${q}`, url), { headers: { authorization: `Bearer ${key}` } });
  } catch (err) {
    const cause = (err as { cause?: { code?: string } }).cause?.code ?? (err as Error).message;
    throw new RatesError(`cannot reach the API at ${url.href}: ${cause}`);
  }
  const text = await res.text();
  if (!res.ok) {
    throw new RatesError(
      `the API at ${url.href} answered ${res.status}: ${printable(text.slice(0, 300))}`,
    );
  }
  return JSON.parse(text) as Stats;
}

const FLAG_LABEL: Record<string, string> = {
  'bounce-warn': 'bounce warn',
  'bounce-critical': 'BOUNCE CRIT',
  'complaint-warn': 'complaint warn',
  'complaint-critical': 'COMPLAINT CRIT',
};

/** The table `rebound rates` prints (newest day first). */
export function ratesTable(stats: Stats): string {
  const head = [
    'date',
    'stream',
    'domain',
    'delivered',
    'hard',
    'bounce %',
    'complaints',
    'complaint %',
    'flags',
  ];
  const rows = [...stats.rates]
    .sort(
      (a, b) =>
        b.day.localeCompare(a.day) ||
        a.stream.localeCompare(b.stream) ||
        a.domain.localeCompare(b.domain),
    )
    .map((r) => [
      r.day,
      printable(r.stream),
      printable(r.domain),
      String(r.delivered),
      String(r.hard),
      formatPct(r.bouncePct),
      String(r.complaints),
      formatPct(r.complaintPct),
      r.flags.map((f) => FLAG_LABEL[f] ?? f).join(', ') ||
        (r.volume < stats.thresholds.minVolume ? '(low volume)' : 'ok'),
    ]);
  if (!rows.length) return `no mail counted in ${stats.days[0]} … ${stats.days.at(-1)}\n`;
  const right = new Set([3, 4, 5, 6, 7]);
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (right.has(i) ? c.padStart(widths[i] ?? 0) : c.padEnd(widths[i] ?? 0)))
      .join('  ')
      .trimEnd();
  return `${[line(head), ...rows.map(line)].join('\n')}\n`;
}

/** Runs the command; returns the exit code (0 ok, 1 failure, 2 usage). */
export async function run(argv: string[], io: Io = defaultIo): Promise<number> {
  const args = parseCommand(
    'rates',
    USAGE,
    argv,
    {
      options: {
        days: { type: 'string' },
        stream: { type: 'string' },
        domain: { type: 'string' },
        json: { type: 'boolean' },
        'state-table': { type: 'string' },
        endpoint: { type: 'string' },
        region: { type: 'string' },
        url: { type: 'string' },
        'api-key': { type: 'string' },
      },
    },
    io,
  );
  if (typeof args === 'number') return args;
  const v = args.values;
  const days = Number(v.days ?? 14);
  if (!Number.isInteger(days) || days < 1 || days > 90) {
    io.err(
      `rebound rates: --days must be a whole number 1–90, not "${printable(String(v.days))}"\n`,
    );
    return 2;
  }
  const stream = v.stream as string | undefined;
  if (stream !== undefined && stream !== 'global' && !isStreamName(stream)) {
    io.err(`rebound rates: --stream "${printable(stream)}" is not a stream name\n`);
    return 2;
  }
  const domain = (v.domain as string | undefined)?.toLowerCase();
  let stats: Stats;
  try {
    if (v.url !== undefined) {
      let url: URL;
      try {
        url = new URL(v.url as string);
      } catch {
        io.err(`rebound rates: --url "${printable(String(v.url))}" is not a URL\n`);
        return 2;
      }
      const key =
        (v['api-key'] as string | undefined) ?? process.env.REBOUND_API_KEY ?? localApiKey();
      const q = new URLSearchParams({ days: String(days) });
      if (stream) q.set('stream', stream);
      if (domain) q.set('domain', domain);
      stats = await fromApi(url, key, q);
    } else {
      const table = (v['state-table'] as string | undefined) ?? process.env.REBOUND_STATE_TABLE;
      if (!table) {
        io.err(
          'rebound rates: which table? give --state-table or set REBOUND_STATE_TABLE (or --url)\n',
        );
        return 2;
      }
      const endpoint = (v.endpoint as string | undefined) ?? process.env.AWS_ENDPOINT_URL_DYNAMODB;
      const clients = createClients({
        ...(endpoint ? { dynamodbEndpoint: endpoint } : {}),
        ...(v.region ? { region: v.region as string } : {}),
      });
      try {
        stats = await readStats(clients.doc, table, {
          days,
          until: new Date(),
          stream: stream ?? null,
          domain: domain ?? null,
        });
      } catch (err) {
        throw new RatesError(
          `cannot read the State table "${table}"${endpoint ? ` at ${endpoint}` : ''}: ${(err as Error).message}`,
        );
      }
    }
  } catch (err) {
    if (err instanceof RatesError) {
      io.err(`rebound rates: ${err.message}\n`);
      return 1;
    }
    throw err;
  }
  if (v.json) io.out(`${JSON.stringify(stats.rates, null, 2)}\n`);
  else io.out(ratesTable(stats));
  return 0;
}
