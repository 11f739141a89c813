/**
 * `rebound check EMAIL…`: each address's suppression status and evidence, read from the
 * Suppressions table (`--table`, `--endpoint`) or from a running suppression API (`--url`).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { createClients, createSuppressionStore } from '@rebound/aws';
import { isActive, normalizeRecipient, type SuppressionRecord } from '@rebound/core';

/** Where output goes (tests pass their own). */
export interface Io {
  out: (s: string) => void;
  err: (s: string) => void;
}

const USAGE = `usage: rebound check EMAIL… [--table NAME] [--endpoint URL] [--region R]
                     [--url http://localhost:3000 [--api-key KEY]] [--json]

  --table     Suppressions table (default: $REBOUND_SUPPRESSIONS_TABLE)
  --endpoint  DynamoDB endpoint (default: $AWS_ENDPOINT_URL_DYNAMODB, else AWS)
  --url       query a running suppression API instead of DynamoDB
  --api-key   bearer key for --url (default: $REBOUND_API_KEY, else the local stack's key
              in .rebound/credentials.json)
  --json      one JSON object per address`;

interface View {
  email: string;
  suppressed: boolean;
  record: SuppressionRecord | null;
}

async function fromApi(url: string, key: string, emails: string[]): Promise<View[]> {
  const res = await fetch(new URL('/suppressions/check', url), {
    method: 'POST',
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
    body: JSON.stringify({ emails }),
  });
  if (!res.ok) throw new Error(`suppression API answered ${res.status}: ${await res.text()}`);
  return ((await res.json()) as { results: View[] }).results;
}

async function fromTable(
  table: string,
  endpoint: string | undefined,
  region: string | undefined,
  emails: string[],
) {
  const clients = createClients({
    ...(endpoint ? { dynamodbEndpoint: endpoint } : {}),
    ...(region ? { region } : {}),
  });
  const found = await createSuppressionStore({ doc: clients.doc, table }).checkSuppressions(emails);
  const now = new Date();
  return emails.map((email) => {
    const record = found.get(email) ?? null;
    return { email, suppressed: isActive(record, now), record };
  });
}

/** Human-readable lines for one address. */
export function describeView(v: View): string[] {
  const r = v.record;
  if (!r) return [`${v.email}  not suppressed (no record)`];
  const status = v.suppressed
    ? 'SUPPRESSED'
    : r.status === 'unsuppressed'
      ? 'unsuppressed'
      : 'expired';
  const expiry = r.expiresAt ? new Date(r.expiresAt * 1000).toISOString() : 'never';
  const reply = r.reply
    ? ` — ${[r.reply.code, r.reply.enhanced, r.reply.text].filter(Boolean).join(' ')}`
    : '';
  const lines = [
    `${v.email}  ${status}  ${r.reason} (rule ${r.rule}, ${r.vendor})${reply}`,
    `  first ${r.firstSeen}  last ${r.lastSeen}  events ${r.count}  expires ${expiry}`,
  ];
  if (r.lifted) lines.push(`  lifted ${r.lifted.at} by ${r.lifted.by}: ${r.lifted.why}`);
  for (const e of r.evidence) {
    const code = e.reply ? ` ${[e.reply.code, e.reply.enhanced].filter(Boolean).join(' ')}` : '';
    lines.push(
      `  · ${e.at} ${e.vendor} ${e.kind}${code} ${e.reason}${e.echo ? ' (echo)' : ''}${e.note ? ` — ${e.note}` : ''}`,
    );
  }
  return lines;
}

/** The local stack's API key (`npm start` keeps it in .rebound/credentials.json), or ''. */
export function localApiKey(dir = '.rebound'): string {
  try {
    const creds = JSON.parse(readFileSync(join(dir, 'credentials.json'), 'utf8')) as {
      apiKey?: unknown;
    };
    return typeof creds.apiKey === 'string' ? creds.apiKey : '';
  } catch {
    return '';
  }
}

/** Runs the command; returns the exit code (0 ok, 1 failure, 2 usage). */
export async function run(
  argv: string[],
  io: Io = { out: (s) => process.stdout.write(s), err: (s) => process.stderr.write(s) },
): Promise<number> {
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        table: { type: 'string' },
        endpoint: { type: 'string' },
        region: { type: 'string' },
        url: { type: 'string' },
        'api-key': { type: 'string' },
        json: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (err) {
    io.err(`rebound check: ${(err as Error).message}\n${USAGE}\n`);
    return 2;
  }
  const o = parsed.values as Record<string, string | boolean | undefined>;
  if (o.help) {
    io.out(`${USAGE}\n`);
    return 0;
  }
  const emails = parsed.positionals.map((e) => normalizeRecipient(e) ?? e.trim().toLowerCase());
  if (!emails.length) {
    io.err(`rebound check: no address given\n${USAGE}\n`);
    return 2;
  }
  const url = o.url as string | undefined;
  const table = (o.table as string | undefined) ?? process.env.REBOUND_SUPPRESSIONS_TABLE;
  if (!url && !table) {
    io.err(
      'rebound check: name the table (--table or REBOUND_SUPPRESSIONS_TABLE) or an API (--url)\n',
    );
    return 2;
  }
  try {
    const views: View[] = [];
    for (let i = 0; i < emails.length; i += 100) {
      const chunk = emails.slice(i, i + 100);
      views.push(
        ...(url
          ? await fromApi(
              url,
              (o['api-key'] as string | undefined) ?? process.env.REBOUND_API_KEY ?? localApiKey(),
              chunk,
            )
          : await fromTable(
              table as string,
              (o.endpoint as string | undefined) ?? process.env.AWS_ENDPOINT_URL_DYNAMODB,
              o.region as string | undefined,
              chunk,
            )),
      );
    }
    for (const v of views)
      io.out(o.json ? `${JSON.stringify(v)}\n` : `${describeView(v).join('\n')}\n`);
    return 0;
  } catch (err) {
    io.err(`rebound check: ${(err as Error).message}\n`);
    return 1;
  }
}
