/**
 * `rebound lift ADDRESS --why "…"`: lifts a suppression, keeping the record and its history
 * (recorded as `cli`). A complaint or an unsubscribe needs `--force`; new evidence suppresses a
 * lifted address again.
 */
import { createSuppressionStore } from '@rebound/aws';
import { isStreamName } from '@rebound/core';
import { printable } from '../format.ts';
import { defaultIo, type Io, oneAddress, parseCommand } from '../io.ts';
import { clientsFor, TABLE_OPTIONS, TABLE_USAGE, tableTargetOf, where } from '../table.ts';

const USAGE = `usage: rebound lift ADDRESS --why "reason" [--force] [--stream NAME] [--table NAME] …

Lifts the suppression of ADDRESS (globally, or on --stream), keeping its record and history.

  --why     why (required; recorded in the history, by "cli")
  --force   required to lift a complaint or an unsubscribe
  --stream  lift the suppression on this stream instead of the global one
${TABLE_USAGE}`;

/** Runs the command; returns the exit code (0 lifted, 1 refused or failed, 2 usage). */
export async function run(argv: string[], io: Io = defaultIo): Promise<number> {
  const args = parseCommand(
    'lift',
    USAGE,
    argv,
    {
      options: {
        ...TABLE_OPTIONS,
        why: { type: 'string' },
        force: { type: 'boolean' },
        stream: { type: 'string' },
      },
      positionals: true,
    },
    io,
  );
  if (typeof args === 'number') return args;
  const v = args.values;
  const address = oneAddress('lift', USAGE, args.positionals, io);
  if (typeof address === 'number') return address;
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
    const outcome = await store.lift(address, {
      by: 'cli',
      why,
      force: v.force === true,
      scope,
    });
    const who = `${printable(address)} [${scope}]`;
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
