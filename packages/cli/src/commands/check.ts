/**
 * `rebound check EMAIL…`: each address's suppression status and evidence, read from the
 * Suppressions table (`--table`, `--endpoint`) or from a running suppression API (`--url`).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { createSuppressionStore } from '@rebound/aws';
import {
  type AddressStatus,
  checkRecipient,
  isStreamName,
  type SuppressionRecord,
} from '@rebound/core';
import { printable, printableJson } from '../format.ts';
import { defaultIo, type Io } from '../io.ts';
import { clientsFor, type TableTarget, tableTargetOf } from '../table.ts';

const USAGE = `usage: rebound check EMAIL… [--stream NAME] [--table NAME] [--endpoint URL] [--region R]
                     [--url http://localhost:3000 [--api-key KEY]] [--json]

  --stream    check for a stream (marketing, transactional…): blocked when suppressed
              globally or on that stream (default: global only)
  --table     Suppressions table (default: $REBOUND_SUPPRESSIONS_TABLE, else the running
              local stack of npm start, read from .rebound/stack.json)
  --endpoint  DynamoDB endpoint (default: $AWS_ENDPOINT_URL_DYNAMODB, else AWS)
  --url       query a running suppression API instead of DynamoDB
  --api-key   bearer key for --url (default: $REBOUND_API_KEY, else the local stack's key
              in .rebound/credentials.json)
  --json      one JSON object per address`;

interface View {
  email: string;
  stream?: string;
  /** null when the API refused the address (`error`, `message` say why). */
  suppressed: boolean | null;
  record: SuppressionRecord | null;
  /** Every record of the address (global, the stream's, erased). */
  records?: SuppressionRecord[];
  error?: string;
  message?: string;
}

/** A failure the user can act on: printed as one line, never with a stack trace. */
class CheckError extends Error {}

/** What a failed `fetch` says about the connection (`ECONNREFUSED`, `ENOTFOUND`, a timeout …). */
function networkCause(err: unknown): string {
  const cause = (err as { cause?: { code?: string; message?: string } }).cause;
  return cause?.code ?? cause?.message ?? (err as Error).message;
}

async function fromApi(
  url: URL,
  key: string,
  emails: string[],
  stream: string | undefined,
): Promise<View[]> {
  let res: Response;
  try {
    res = await fetch(new URL('/suppressions/check', url), {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body: JSON.stringify({ emails, ...(stream ? { stream } : {}) }),
    });
  } catch (err) {
    throw new CheckError(`cannot reach the suppression API at ${url.href}: ${networkCause(err)}`);
  }
  const body = await res.text();
  if (!res.ok) {
    throw new CheckError(
      `the suppression API at ${url.href} answered ${res.status}: ${printable(body.slice(0, 300))}`,
    );
  }
  try {
    return (JSON.parse(body) as { results: View[] }).results;
  } catch {
    throw new CheckError(`the suppression API at ${url.href} answered something that is not JSON`);
  }
}

async function fromTable(
  target: TableTarget,
  emails: string[],
  stream: string | undefined,
): Promise<View[]> {
  const { doc } = clientsFor(target);
  let found: Map<string, AddressStatus>;
  try {
    found = await createSuppressionStore({ doc, table: target.table, keys: target.keys }).statuses(
      emails,
      stream ?? null,
    );
  } catch (err) {
    const at = target.local
      ? `the local stack's DynamoDB ${target.endpoint}`
      : (target.endpoint ?? `AWS ${target.region ?? process.env.AWS_REGION ?? 'us-east-1'}`);
    throw new CheckError(
      `cannot read the Suppressions table "${target.table}" at ${at}: ${(err as Error).message}`,
    );
  }
  return emails.map((email) => {
    const s = found.get(email);
    return {
      email,
      ...(stream ? { stream } : {}),
      suppressed: s?.suppressed ?? false,
      record: s?.record ?? null,
      records: s?.records ?? [],
    };
  });
}

/**
 * Human-readable lines for one address. Every stored string goes through `printable`: reply
 * texts come from remote mail servers and `lifted.by`/`why` from API callers, so a control
 * sequence in them is shown escaped, never sent to the terminal.
 */
export function describeView(v: View): string[] {
  const p = (x: unknown) => printable(String(x));
  if (v.suppressed === null) return [`${p(v.email)}  invalid: ${p(v.message ?? v.error)}`];
  const records = v.records ?? (v.record ? [v.record] : []);
  const on = v.stream ? ` on ${p(v.stream)}` : '';
  const head = `${p(v.email)}  ${v.suppressed ? `SUPPRESSED${on}` : `sendable${on}`}`;
  if (!records.length) return [`${head} (no record)`];
  const lines = [head];
  const now = Date.now();
  for (const r of records) {
    const status =
      r.status === 'suppressed'
        ? r.expiresAt !== undefined && r.expiresAt * 1000 <= now
          ? 'expired'
          : 'suppressed'
        : r.status;
    const expiry = r.expiresAt ? new Date(r.expiresAt * 1000).toISOString() : 'never';
    const reply = r.reply
      ? ` — ${p([r.reply.code, r.reply.enhanced, r.reply.text].filter(Boolean).join(' '))}`
      : '';
    lines.push(
      `  [${p(r.scope ?? 'global')}] ${status}  ${p(r.reason)} (rule ${p(r.rule)}, ${p(r.vendor)})${reply}`,
      `    first ${p(r.firstSeen)}  last ${p(r.lastSeen)}  events ${p(r.count)}  expires ${expiry}`,
    );
    if (r.probation) lines.push(`    on probation since ${p(r.probation.since)}`);
    if (r.lifted) {
      lines.push(`    lifted ${p(r.lifted.at)} by ${p(r.lifted.by)}: ${p(r.lifted.why)}`);
    }
    for (const e of r.evidence) {
      const code = e.reply ? ` ${[e.reply.code, e.reply.enhanced].filter(Boolean).join(' ')}` : '';
      const note = e.note ? ` — ${e.note}` : '';
      lines.push(
        `    · ${p(`${e.at} ${e.vendor} ${e.kind}${code} ${e.reason}${e.echo ? ' (echo)' : ''}${note}`)}`,
      );
    }
    for (const h of r.history ?? []) {
      const why = h.why ? `: ${h.why}` : '';
      const rule = h.rule ? ` (${h.rule}${h.rulesVersion ? ` ${h.rulesVersion}` : ''})` : '';
      lines.push(
        `    ~ ${p(`${h.at} ${h.change} by ${h.by}${h.reason ? ` ${h.reason}` : ''}${rule}${why}`)}`,
      );
    }
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
export async function run(argv: string[], io: Io = defaultIo): Promise<number> {
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
        stream: { type: 'string' },
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
  if (!parsed.positionals.length) {
    io.err(`rebound check: no address given\n${USAGE}\n`);
    return 2;
  }
  const checks = parsed.positionals.map((raw) => ({ raw, check: checkRecipient(raw) }));
  const bad = checks.filter((c) => !c.check.ok);
  if (bad.length) {
    for (const { raw, check } of bad) {
      if (!check.ok) {
        io.err(
          `rebound check: "${printable(raw)}" is not an address: ${check.message} (${check.error})\n`,
        );
      }
    }
    return 2;
  }
  const emails = checks.map(({ check }) => (check.ok ? check.address : ''));
  const stream = o.stream as string | undefined;
  if (stream !== undefined && !isStreamName(stream)) {
    io.err(
      `rebound check: --stream "${printable(stream)}" is not a stream name (a-z, 0-9, _ and -)\n`,
    );
    return 2;
  }
  let url: URL | undefined;
  if (o.url !== undefined) {
    try {
      url = new URL(o.url as string);
    } catch {
      io.err(`rebound check: --url "${printable(String(o.url))}" is not a URL\n`);
      return 2;
    }
  }
  const target = url ? null : tableTargetOf(o as never);
  if (typeof target === 'string') {
    io.err(`rebound check: ${target}, or give an API (--url)\n`);
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
              stream,
            )
          : await fromTable(target as TableTarget, chunk, stream)),
      );
    }
    for (const v of views)
      io.out(o.json ? `${printableJson(v)}\n` : `${describeView(v).join('\n')}\n`);
    return 0;
  } catch (err) {
    io.err(`rebound check: ${printable((err as Error).message)}\n`);
    return 1;
  }
}
