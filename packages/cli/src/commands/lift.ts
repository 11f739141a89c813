/**
 * `rebound lift ADDRESS --why "…"`: lifts a suppression, keeping the record and its history
 * (recorded as `cli`). A complaint or an unsubscribe needs `--force`; new evidence suppresses a
 * lifted address again.
 */
import { parseArgs } from 'node:util';
import { createSuppressionStore } from '@rebound/aws';
import { checkRecipient, isStreamName } from '@rebound/core';
import { printable } from '../format.ts';
import { clientsFor, TABLE_OPTIONS, TABLE_USAGE, tableTargetOf, where } from '../table.ts';

/** Where output goes (tests pass their own). */
export interface Io {
  out: (s: string) => void;
  err: (s: string) => void;
}

const USAGE = `usage: rebound lift ADDRESS --why "reason" [--force] [--stream NAME] [--table NAME] …

Lifts the suppression of ADDRESS (globally, or on --stream), keeping its record and history.

  --why     why (required; recorded in the history, by "cli")
  --force   required to lift a complaint or an unsubscribe
  --stream  lift the suppression on this stream instead of the global one
${TABLE_USAGE}`;

const defaultIo: Io = { out: (s) => process.stdout.write(s), err: (s) => process.stderr.write(s) };

/** Runs the command; returns the exit code (0 lifted, 1 refused or failed, 2 usage). */
export async function run(argv: string[], io: Io = defaultIo): Promise<number> {
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        ...TABLE_OPTIONS,
        why: { type: 'string' },
        force: { type: 'boolean' },
        stream: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (err) {
    io.err(`rebound lift: ${(err as Error).message}\n\n${USAGE}\n`);
    return 2;
  }
  const v = parsed.values as Record<string, string | boolean | undefined>;
  if (v.help) {
    io.out(`${USAGE}\n`);
    return 0;
  }
  const [raw, ...extra] = parsed.positionals;
  if (raw === undefined || extra.length) {
    io.err(`rebound lift: give exactly one address\n\n${USAGE}\n`);
    return 2;
  }
  const check = checkRecipient(raw);
  if (!check.ok) {
    io.err(`rebound lift: "${printable(raw)}" is not an address: ${check.message}\n`);
    return 2;
  }
  const why = typeof v.why === 'string' ? v.why.trim() : '';
  if (!why) {
    io.err('rebound lift: say why with --why "…" (it is kept in the history)\n');
    return 2;
  }
  const stream = v.stream as string | undefined;
  if (stream !== undefined && !isStreamName(stream)) {
    io.err(`rebound lift: --stream "${printable(stream)}" is not a stream name\n`);
    return 2;
  }
  const target = tableTargetOf(v as never);
  if (typeof target === 'string') {
    io.err(`rebound lift: ${target}\n`);
    return 2;
  }
  const store = createSuppressionStore({
    doc: clientsFor(target).doc,
    table: target.table,
    keys: target.keys,
  });
  const scope = stream ?? 'global';
  try {
    const outcome = await store.lift(check.address, {
      by: 'cli',
      why,
      force: v.force === true,
      scope,
    });
    const who = `${printable(check.address)} [${scope}]`;
    switch (outcome.type) {
      case 'lifted':
        io.out(
          `lifted ${who}: ${outcome.record.reason} — sendable again (new evidence suppresses it again)\n`,
        );
        return 0;
      case 'force-required':
        io.err(
          `rebound lift: ${who} is suppressed for a ${outcome.record.reason}: the recipient asked for it; lift only with --force and a reason\n`,
        );
        return 1;
      case 'not-suppressed':
        io.out(`${who} is not suppressed (${outcome.record.status}): nothing to lift\n`);
        return 0;
      default:
        io.out(`${who} has no record: nothing to lift\n`);
        return 0;
    }
  } catch (err) {
    io.err(
      `rebound lift: cannot update the table ${where(target)}: ${printable((err as Error).message)}\n`,
    );
    return 1;
  }
}
