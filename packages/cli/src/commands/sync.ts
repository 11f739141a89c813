/**
 * `rebound sync VENDOR`: one sync run with an ESP's own suppression list (SES, SendGrid,
 * Postmark), from a terminal: pull the vendor's list into Rebound, push to SES, repeat lifts at
 * the vendor. `--dry-run` prints what it would do and writes nothing; a run that stops (Ctrl-C,
 * an error) resumes on the next run. Progress on a terminal, one summary line at the end.
 */
import { parseArgs } from 'node:util';
import { createClients, readConfig, STREAM_SPECS, streamsOf } from '@rebound/aws';
import {
  createAdapter,
  isSyncVendor,
  runSync,
  SYNC_VENDORS,
  SyncAuthError,
  SyncConfigError,
  type SyncItem,
  type SyncProgress,
  type SyncSettings,
  summaryLine,
} from '@rebound/aws/sync';
import { ConfigError, DependencyError, type StreamConfig } from '@rebound/core';
import { printable, printableJson } from '../format.ts';
import { type Io as BaseIo, defaultIo } from '../io.ts';
import { keysFromEnv, runningLocalStack } from '../table.ts';

/** Where output goes, plus what tests change (the environment, the vendors' retry waits). */
export interface Io extends BaseIo {
  /** Environment to read settings from (default `process.env`). */
  env?: Record<string, string | undefined>;
  /** Vendor clients' retry policy (tests shorten the waits). */
  policy?: SyncSettings['policy'];
}

const USAGE = `usage: rebound sync VENDOR [--dry-run] [--since WHEN] [--table NAME] [--state-table NAME]
                    [--endpoint URL] [--region R] [--api-url URL] [--ses-endpoint URL]
                    [--stream ID]… [--json]

  VENDOR         ses, sendgrid or postmark
  --dry-run      print what would be pulled, pushed and lifted; write nothing anywhere
  --since WHEN   the window's start: an ISO date or time, a duration back from now (30m, 12h,
                 7d) or "all" (default: when the last completed sync of VENDOR began)
  --table        Suppressions table (default: $REBOUND_SUPPRESSIONS_TABLE, else the running
                 local stack of npm start, read from .rebound/stack.json)
  --state-table  State table, which keeps the sync's cursor (default: $REBOUND_STATE_TABLE)
  --endpoint     DynamoDB endpoint (default: $AWS_ENDPOINT_URL_DYNAMODB, else AWS)
  --region       AWS region for DynamoDB and SES (default: $AWS_REGION)
  --api-url      SendGrid/Postmark API base URL (default: the vendor's; SendGrid EU:
                 https://api.eu.sendgrid.com; or $REBOUND_SENDGRID_API_URL, $REBOUND_POSTMARK_API_URL)
  --ses-endpoint SESv2 endpoint (default: $AWS_ENDPOINT_URL_SESV2, else AWS)
  --stream       Postmark message stream to sync (repeatable; default: every non-inbound stream)
  --json         print the result as one JSON object instead of the summary line

credentials: SendGrid $SENDGRID_API_KEY (Suppressions scope), Postmark $POSTMARK_SERVER_TOKEN
(a server token), SES the AWS credential chain. Erased keys: $REBOUND_ERASURE_KEY and
$REBOUND_HASH_ONLY, streams $REBOUND_STREAM* (as the deployment has them).
exit codes: 0 done (or paused by Ctrl-C), 1 failed (resumable), 2 usage or missing setting,
3 the vendor refused the credentials.`;

/**
 * The window start `--since` names: `all` → null, `7d`/`12h`/`30m` back from `now`, or an
 * ISO date/time. Undefined when it is none of these.
 *
 * @example parseSince('7d', new Date('2026-11-28T00:00:00Z')) // '2026-11-21T00:00:00.000Z'
 */
export function parseSince(value: string, now: Date): string | null | undefined {
  const v = value.trim();
  if (v === 'all') return null;
  const d = /^(\d+)([mhd])$/.exec(v);
  if (d) {
    const unit = { m: 60_000, h: 3_600_000, d: 86_400_000 }[d[2] as 'm' | 'h' | 'd'];
    return new Date(now.getTime() - Number(d[1]) * unit).toISOString();
  }
  if (!/^\d{4}-\d{2}-\d{2}/.test(v)) return undefined;
  const at = Date.parse(v);
  return Number.isNaN(at) ? undefined : new Date(at).toISOString();
}

/** One line of a dry run (or a lift of a real run). */
export function describeItem(item: SyncItem, dryRun: boolean): string {
  const verb = { create: 'create', push: 'push', lift: 'lift' }[item.action];
  const label = dryRun ? `would ${verb}` : verb;
  return `${label.padEnd(12)} ${printable(item.address)}  ${printable(item.detail)}`;
}

/** The progress line: `sendgrid pull bounces offset 500: 1,000 pulled, 800 created`. */
function progressLine(p: SyncProgress, dryRun: boolean): string {
  const c = p.counts;
  const created = dryRun ? 'would create' : 'created';
  return `${p.vendor} ${p.phase} ${p.where}: ${c.pulled.toLocaleString('en-US')} pulled, ${c.created.toLocaleString('en-US')} ${created}, ${c.pushed} pushed, ${c.lifted} lifted`;
}

/** Runs the command; returns the exit code. */
export async function run(argv: string[], io: Io = defaultIo): Promise<number> {
  const env = io.env ?? process.env;
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        'dry-run': { type: 'boolean' },
        since: { type: 'string' },
        table: { type: 'string' },
        'state-table': { type: 'string' },
        endpoint: { type: 'string' },
        region: { type: 'string' },
        'api-url': { type: 'string' },
        'ses-endpoint': { type: 'string' },
        stream: { type: 'string', multiple: true },
        json: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (err) {
    io.err(`rebound sync: ${(err as Error).message}\n${USAGE}\n`);
    return 2;
  }
  const o = parsed.values as Record<string, string | string[] | boolean | undefined>;
  if (o.help) {
    io.out(`${USAGE}\n`);
    return 0;
  }
  const [vendor, ...extra] = parsed.positionals;
  if (!vendor || extra.length) {
    io.err(`rebound sync: name one vendor (${SYNC_VENDORS.join(', ')})\n${USAGE}\n`);
    return 2;
  }
  if (!isSyncVendor(vendor)) {
    io.err(
      `rebound sync: unknown vendor "${printable(vendor)}" (known: ${SYNC_VENDORS.join(', ')})\n`,
    );
    return 2;
  }
  const now = new Date();
  let since: string | null | undefined;
  if (o.since !== undefined) {
    since = parseSince(String(o.since), now);
    if (since === undefined) {
      io.err(
        `rebound sync: --since "${printable(String(o.since))}" is not an ISO date, a duration (7d, 12h, 30m) or "all"\n`,
      );
      return 2;
    }
  }
  // No table named and no endpoint: the running local stack (`npm start`), if there is one.
  const named = (o.table as string | undefined) ?? env.REBOUND_SUPPRESSIONS_TABLE;
  const local =
    named || o.endpoint || env.AWS_ENDPOINT_URL_DYNAMODB
      ? null
      : runningLocalStack(env.REBOUND_LOCAL_DIR ?? '.rebound');
  const tables = {
    suppressions: named ?? local?.suppressionsTable ?? '',
    state:
      (o['state-table'] as string | undefined) ??
      env.REBOUND_STATE_TABLE ??
      local?.stateTable ??
      '',
  };
  if (!tables.suppressions || !tables.state) {
    io.err(
      'rebound sync: name both tables (--table or REBOUND_SUPPRESSIONS_TABLE, --state-table or REBOUND_STATE_TABLE; the deploy prints SuppressionsTableName and StateTableName)\n',
    );
    return 2;
  }
  const keys = keysFromEnv(env as NodeJS.ProcessEnv);
  if (typeof keys === 'string') {
    io.err(`rebound sync: ${keys}\n`);
    return 2;
  }
  // The deployment's streams, as the scheduled sync reads them: pulled records land where its would.
  let streams: StreamConfig;
  try {
    streams = streamsOf(readConfig(STREAM_SPECS, (spec) => env[spec.env]));
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    io.err(`rebound sync: ${printable(err.problems.join('; '))}\n`);
    return 2;
  }
  const region = (o.region as string | undefined) ?? env.AWS_REGION ?? local?.region;
  const endpoint =
    (o.endpoint as string | undefined) ?? env.AWS_ENDPOINT_URL_DYNAMODB ?? local?.dynamodbEndpoint;
  const apiUrl = o['api-url'] as string | undefined;
  const sesEndpoint = (o['ses-endpoint'] as string | undefined) ?? env.AWS_ENDPOINT_URL_SESV2;
  const postmarkStreams = (o.stream as string[] | undefined) ?? [];
  const settings: SyncSettings = {
    sendgrid: {
      ...(env.SENDGRID_API_KEY ? { apiKey: env.SENDGRID_API_KEY } : {}),
      ...((apiUrl ?? env.REBOUND_SENDGRID_API_URL)
        ? { baseUrl: apiUrl ?? env.REBOUND_SENDGRID_API_URL }
        : {}),
    },
    postmark: {
      ...(env.POSTMARK_SERVER_TOKEN ? { serverToken: env.POSTMARK_SERVER_TOKEN } : {}),
      ...((apiUrl ?? env.REBOUND_POSTMARK_API_URL)
        ? { baseUrl: apiUrl ?? env.REBOUND_POSTMARK_API_URL }
        : {}),
      ...(postmarkStreams.length ? { streams: postmarkStreams } : {}),
    },
    ses: {
      ...(region ? { region } : {}),
      ...(sesEndpoint ? { endpoint: sesEndpoint } : {}),
    },
    ...(io.policy ? { policy: io.policy } : {}),
  };
  const dryRun = o['dry-run'] === true;

  let stopping = false;
  const onSigint = () => {
    if (stopping) process.exit(130);
    stopping = true;
    io.err('\nrebound sync: stopping after this page (Ctrl-C again to quit at once)\n');
  };
  process.on('SIGINT', onSigint);
  let drawn = false;
  const clearProgress = () => {
    if (drawn) io.err('\r\x1b[K');
    drawn = false;
  };
  try {
    const adapter = createAdapter(vendor, settings);
    const clients = createClients({
      ...(endpoint ? { dynamodbEndpoint: endpoint } : {}),
      ...(region ? { region } : {}),
      ...(local ? { credentials: { accessKeyId: 'local', secretAccessKey: 'local' } } : {}),
    });
    const result = await runSync({
      adapter,
      doc: clients.doc,
      tables,
      keys,
      processConfig: { streams },
      dryRun,
      ...(since !== undefined ? { since } : {}),
      shouldStop: () => stopping,
      onProgress: (p) => {
        if (!io.tty) return;
        io.err(`\r\x1b[K${printable(progressLine(p, dryRun)).slice(0, 160)}`);
        drawn = true;
      },
      onItem: (item) => {
        if (o.json || (!dryRun && item.action !== 'lift')) return;
        clearProgress();
        io.out(`${describeItem(item, dryRun)}\n`);
      },
    });
    clearProgress();
    io.out(o.json ? `${printableJson(result)}\n` : `${summaryLine(result)}\n`);
    return 0;
  } catch (err) {
    clearProgress();
    const message = printable((err as Error).message);
    if (err instanceof SyncConfigError) {
      io.err(`rebound sync: ${message}\n`);
      return 2;
    }
    if (err instanceof SyncAuthError) {
      io.err(`rebound sync: ${message}\n`);
      return 3;
    }
    if (err instanceof DependencyError) {
      io.err(
        `rebound sync: cannot use the tables "${printable(tables.suppressions)}" and "${printable(tables.state)}"${endpoint ? ` at ${printable(endpoint)}` : ''}: ${message}\n`,
      );
      return 1;
    }
    io.err(`rebound sync: ${message}\n`);
    return 1;
  } finally {
    process.off('SIGINT', onSigint);
  }
}
