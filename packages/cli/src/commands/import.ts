/**
 * `rebound import FILE`: loads a suppression list — Rebound's own CSV / JSON Lines export, or
 * SendGrid's or Postmark's — creating a record only where none exists (importing twice changes
 * nothing). Other tools' reasons are mapped as their webhooks are; a SendGrid bounce is kept only
 * when its reply is evidence about the address; SendGrid blocks are not suppressions.
 */
import { readFile } from 'node:fs/promises';
import { createIfAbsent } from '@rebound/aws';
import {
  classify,
  csvText,
  detectFormat,
  type ImportFormat,
  type ImportResult,
  importedRecord,
  isStreamName,
  parseCsv,
  resolveProcessConfig,
  rowOf,
  type SendgridList,
} from '@rebound/core';
import { printable } from '../format.ts';
import { defaultIo, type Io, parseCommand } from '../io.ts';
import { clientsFor, TABLE_OPTIONS, TABLE_USAGE, tableTargetOf, where } from '../table.ts';

const LISTS: readonly SendgridList[] = [
  'bounces',
  'blocks',
  'spam_reports',
  'invalid_emails',
  'unsubscribes',
];

const USAGE = `usage: rebound import FILE [--format auto|rebound|sendgrid|postmark] [--list LIST]
                      [--stream NAME] [--dry-run] [--table NAME] …

Creates a suppression for each row that has none yet (existing records are left as they are).

  --format   auto (default: by the CSV header, or .jsonl), rebound, sendgrid or postmark
  --list     for SendGrid exports: ${LISTS.join(', ')} (default bounces)
  --stream   the stream of complaints and unsubscribes in the file (Postmark dumps are per
             message stream); other reasons are always global
  --dry-run  read and map the file, write nothing
${TABLE_USAGE}`;

/** The rows of a file: CSV with a header, or JSON Lines (one object per line). */
function recordsOf(
  text: string,
  jsonl: boolean,
): { fields: Record<string, string>[]; header: string[] } | string {
  if (jsonl) {
    const fields: Record<string, string>[] = [];
    const lines = text.split(/\r?\n/);
    for (let i = 0; i < lines.length; i++) {
      const line = (lines[i] as string).trim();
      if (!line) continue;
      try {
        const o = JSON.parse(line);
        fields.push(
          Object.fromEntries(
            Object.entries(o).map(([k, val]) => [k.toLowerCase(), String(val ?? '')]),
          ),
        );
      } catch {
        return `line ${i + 1} is not JSON`;
      }
    }
    return { fields, header: Object.keys(fields[0] ?? {}) };
  }
  const rows = parseCsv(text);
  const header = (rows[0] ?? []).map((h) => h.trim().toLowerCase());
  return {
    header,
    fields: rows
      .slice(1)
      .map((r) => Object.fromEntries(header.map((h, i) => [h, (r[i] ?? '').trim()]))),
  };
}

/** Runs the command; returns the exit code. */
export async function run(argv: string[], io: Io = defaultIo): Promise<number> {
  const args = parseCommand(
    'import',
    USAGE,
    argv,
    {
      options: {
        ...TABLE_OPTIONS,
        format: { type: 'string' },
        list: { type: 'string' },
        stream: { type: 'string' },
        'dry-run': { type: 'boolean' },
      },
      positionals: true,
    },
    io,
  );
  if (typeof args === 'number') return args;
  const v = args.values;
  const [file, ...extra] = args.positionals;
  if (file === undefined || extra.length) {
    io.err(`rebound import: give exactly one FILE\n\n${USAGE}\n`);
    return 2;
  }
  const list = (v.list as string | undefined) ?? null;
  if (list !== null && !LISTS.includes(list as SendgridList)) {
    io.err(`rebound import: --list must be one of ${LISTS.join(', ')}\n`);
    return 2;
  }
  const stream = (v.stream as string | undefined) ?? null;
  if (stream !== null && !isStreamName(stream)) {
    io.err(`rebound import: --stream "${printable(stream)}" is not a stream name\n`);
    return 2;
  }
  const target = v['dry-run'] ? null : tableTargetOf(v as never);
  if (typeof target === 'string') {
    io.err(`rebound import: ${target}\n`);
    return 2;
  }
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    io.err(
      `rebound import: cannot read ${printable(file)}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}\n`,
    );
    return 2;
  }
  const jsonl = /\.jsonl?$/i.test(file) || v.format === 'rebound-jsonl';
  const read = recordsOf(text, jsonl);
  if (typeof read === 'string') {
    io.err(`rebound import: ${printable(file)}: ${read}\n`);
    return 2;
  }
  const wanted = (v.format as string | undefined) ?? 'auto';
  const format: ImportFormat | null =
    wanted === 'auto' ? (jsonl ? 'rebound' : detectFormat(read.header)) : (wanted as ImportFormat);
  if (!format || !['rebound', 'sendgrid', 'postmark'].includes(format)) {
    io.err(
      `rebound import: cannot tell which tool wrote ${printable(file)} (header: ${printable(read.header.join(','))}); give --format rebound|sendgrid|postmark\n`,
    );
    return 2;
  }
  const now = new Date();
  const ctx = {
    fallbackSince: now.toISOString(),
    stream,
    list: (list as SendgridList | null) ?? null,
    classify,
  };
  // Rebound's own CSV marks formula-like cells with an apostrophe (csvField): drop it.
  const fields =
    format === 'rebound' && !jsonl
      ? read.fields.map((f) =>
          Object.fromEntries(Object.entries(f).map(([k, c]) => [k, csvText(c)])),
        )
      : read.fields;
  const results: ImportResult[] = fields.map((f, i) => rowOf(f, format, i + 2, ctx));
  const counts = { created: 0, exists: 0, skipped: 0 };
  const skips = new Map<string, number>();
  for (const r of results) {
    if (!r.ok) {
      counts.skipped++;
      skips.set(r.skip, (skips.get(r.skip) ?? 0) + 1);
      if (counts.skipped <= 5)
        io.err(`import: line ${r.line} skipped (${r.skip}): ${printable(r.why)}\n`);
    }
  }
  const rows = results.flatMap((r) => (r.ok ? [r.row] : []));
  if (target) {
    const doc = clientsFor(target).doc;
    const config = resolveProcessConfig();
    try {
      for (const row of rows) {
        const record = importedRecord(row, 'cli', file, now.toISOString(), config, target.keys);
        counts[await createIfAbsent(doc, target.table, record)]++;
        if (io.tty && (counts.created + counts.exists) % 100 === 0) {
          io.err(`\rimport: ${counts.created + counts.exists}/${rows.length} rows…`);
        }
      }
    } catch (err) {
      io.err(
        `\nrebound import: cannot write the table ${where(target)}: ${printable((err as Error).message)} (${counts.created} created before the failure; running again is safe)\n`,
      );
      return 1;
    }
    if (io.tty) io.err('\r\x1b[K');
  }
  const skipped = [...skips].map(([k, n]) => `${n} ${k}`).join(', ');
  io.err(
    `import (${format}${list ? `/${list}` : ''}${target ? '' : ', dry run'}): ${results.length} rows, ${target ? `${counts.created} created, ${counts.exists} already present` : `${rows.length} to import`}, ${counts.skipped} skipped${skipped ? ` (${skipped})` : ''}\n`,
  );
  return 0;
}
