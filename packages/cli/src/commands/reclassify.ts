/**
 * `rebound reclassify`: runs today's rule table over the evidence stored in the Suppressions
 * table. A dry run (the default) prints the diff — address, old → new action and rule, why —
 * and a summary; `--apply` writes each change, audited as `reclassify` with the rules version.
 */
import { parseArgs } from 'node:util';
import { decodeCursor, runReclassify } from '@rebound/aws';
import type { Reclassification } from '@rebound/core';
import { printable } from '../format.ts';
import { defaultIo, type Io } from '../io.ts';
import { clientsFor, tableTargetOf, where } from '../table.ts';

const USAGE = `usage: rebound reclassify [--apply] [--table NAME] [--endpoint URL] [--region R]
                          [--cursor C] [--max-pages N] [--json]

Runs today's rules over every stored verdict. Without --apply nothing is written: it prints
what would change (lift, suppress, probation, clear) and why. Complaints, unsubscribes and the
vendors' own lists are never lifted; a human's lift is never undone. Safe to run during
webhook traffic (every write is conditional) and to resume (--cursor).

  --apply      write the changes (each one audited: by "reclassify", with the rules version)
  --table      Suppressions table (default: $REBOUND_SUPPRESSIONS_TABLE, else the running
               local stack of npm start, read from .rebound/stack.json)
  --endpoint   DynamoDB endpoint (default: $AWS_ENDPOINT_URL_DYNAMODB, else AWS)
  --cursor     continue where an earlier run stopped
  --max-pages  stop after N pages of 200 records (prints the cursor to continue)
  --json       one JSON object per change, then the summary`;

function line(c: Reclassification): string {
  const move = (a: string, b: string) => (a === b ? a : `${a} → ${b}`);
  return [
    c.change.padEnd(9),
    printable(c.email).padEnd(32),
    move(c.before.action, c.after.action).padEnd(24),
    move(c.before.rule, c.after.rule).padEnd(36),
    printable(c.why),
  ].join(' ');
}

/** Runs the command; returns the exit code (0 ok, 1 the table failed, 2 usage). */
export async function run(argv: string[], io: Io = defaultIo): Promise<number> {
  let values: {
    apply?: boolean;
    table?: string;
    endpoint?: string;
    region?: string;
    cursor?: string;
    'max-pages'?: string;
    json?: boolean;
    help?: boolean;
  };
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        apply: { type: 'boolean' },
        table: { type: 'string' },
        endpoint: { type: 'string' },
        region: { type: 'string' },
        cursor: { type: 'string' },
        'max-pages': { type: 'string' },
        json: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (err) {
    io.err(`rebound reclassify: ${(err as Error).message}\n\n${USAGE}\n`);
    return 2;
  }
  if (values.help) {
    io.out(`${USAGE}\n`);
    return 0;
  }
  const target = tableTargetOf(values);
  if (typeof target === 'string') {
    io.err(`rebound reclassify: ${target}\n`);
    return 2;
  }
  const table = target.table;
  const maxPages = values['max-pages'] === undefined ? undefined : Number(values['max-pages']);
  if (maxPages !== undefined && !(Number.isInteger(maxPages) && maxPages > 0)) {
    io.err(`rebound reclassify: --max-pages must be a positive whole number\n`);
    return 2;
  }
  if (values.cursor) {
    try {
      decodeCursor(values.cursor);
    } catch (err) {
      io.err(`rebound reclassify: ${(err as Error).message}\n`);
      return 2;
    }
  }
  const clients = clientsFor(target);
  const apply = values.apply === true;
  try {
    const summary = await runReclassify(
      { doc: clients.doc, table },
      {
        apply,
        cursor: values.cursor ?? null,
        ...(maxPages ? { maxPages } : {}),
        onChange: (c) =>
          io.out(
            `${values.json ? JSON.stringify({ email: c.email, change: c.change, before: c.before, after: c.after, why: c.why }) : line(c)}\n`,
          ),
        onPage: ({ scanned, changes }) => {
          if (io.tty) io.err(`\rreclassify: ${scanned} records scanned, ${changes} changes…`);
        },
      },
    );
    if (io.tty) io.err('\r\x1b[K');
    if (values.json) {
      io.out(`${JSON.stringify({ summary })}\n`);
    }
    const c = summary.changes;
    const verb = apply ? '' : 'to ';
    io.err(
      `reclassify (${apply ? 'applied' : 'dry run'}, rules ${summary.rulesVersion}): ${summary.scanned} records scanned, ${c.lift} ${verb}lift, ${c.suppress} ${verb}suppress, ${c.probation} ${verb}put on probation, ${c.clear} ${verb}clear${summary.retried ? `, ${summary.retried} re-read after a concurrent change` : ''}${apply ? '' : '; run with --apply to write them'}\n`,
    );
    if (summary.cursor) {
      io.err(
        `reclassify: stopped after ${maxPages} page(s); continue with --cursor ${summary.cursor}\n`,
      );
    }
    return 0;
  } catch (err) {
    const e = err as Error;
    const at = where(target);
    io.err(`rebound reclassify: cannot read or write the table ${at}: ${printable(e.message)}\n`);
    return 1;
  }
}
