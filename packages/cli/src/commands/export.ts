/**
 * `rebound export`: the suppression list as CSV or JSON Lines (address, scope, status, reason,
 * since, expires, key) — active suppressions by default, `--all` for every record.
 */
import { createWriteStream, type WriteStream } from 'node:fs';
import { scanRecords } from '@rebound/aws';
import { csvField, EXPORT_COLUMNS, exportRow, isActive } from '@rebound/core';
import { printable } from '../format.ts';
import { defaultIo, type Io, parseCommand } from '../io.ts';
import { clientsFor, TABLE_OPTIONS, TABLE_USAGE, tableTargetOf, where } from '../table.ts';

const USAGE = `usage: rebound export [--format csv|jsonl] [--all] [--out FILE] [--table NAME] …

Writes the suppression list: one row per record (address, scope, status, reason, since,
expires, key). Erased addresses have no address, only their keyed hash.

  --format  csv (default) or jsonl
  --all     every record (lifted, on probation, expired too), not only active suppressions
  --out     write to FILE instead of standard output
${TABLE_USAGE}`;

/** Runs the command; returns the exit code. */
export async function run(argv: string[], io: Io = defaultIo): Promise<number> {
  const args = parseCommand(
    'export',
    USAGE,
    argv,
    {
      options: {
        ...TABLE_OPTIONS,
        format: { type: 'string' },
        all: { type: 'boolean' },
        out: { type: 'string' },
      },
    },
    io,
  );
  if (typeof args === 'number') return args;
  const v = args.values;
  const format = (v.format as string | undefined) ?? 'csv';
  if (format !== 'csv' && format !== 'jsonl') {
    io.err(`rebound export: --format must be csv or jsonl, not "${printable(format)}"\n`);
    return 2;
  }
  const target = tableTargetOf(v as never);
  if (typeof target === 'string') {
    io.err(`rebound export: ${target}\n`);
    return 2;
  }
  let file: WriteStream | null = null;
  if (typeof v.out === 'string') {
    file = createWriteStream(v.out, { flags: 'w' });
    const opened = await new Promise<Error | null>((resolve) => {
      file?.once('open', () => resolve(null));
      file?.once('error', resolve);
    });
    if (opened) {
      io.err(`rebound export: cannot write ${printable(v.out)}: ${opened.message}\n`);
      return 1;
    }
  }
  const write = (s: string) => (file ? file.write(s) : io.out(s));
  if (format === 'csv') write(`${EXPORT_COLUMNS.join(',')}\n`);
  const now = new Date();
  let written = 0;
  let scanned = 0;
  try {
    for await (const r of scanRecords(clientsFor(target).doc, target.table, {
      onPage: (n) => {
        scanned = n;
        if (io.tty) io.err(`\rexport: ${n} records read, ${written} written…`);
      },
    })) {
      if (!v.all && !isActive(r, now)) continue;
      const row = exportRow(r);
      write(
        format === 'csv'
          ? `${EXPORT_COLUMNS.map((c) => csvField(row[c])).join(',')}\n`
          : `${JSON.stringify(row)}\n`,
      );
      written++;
    }
  } catch (err) {
    io.err(
      `\nrebound export: cannot read the table ${where(target)}: ${printable((err as Error).message)}\n`,
    );
    return 1;
  } finally {
    if (file) await new Promise((r) => file?.end(r));
  }
  if (io.tty) io.err('\r\x1b[K');
  io.err(
    `export: ${scanned} records read, ${written} written (${v.all ? 'every record' : 'active suppressions'})\n`,
  );
  return 0;
}
