/**
 * `rebound forget ADDRESS`: a privacy erasure. Evidence, history and soft-bounce state go; an
 * active suppression is kept under a keyed hash (HMAC with the deployment's REBOUND_ERASURE_KEY),
 * so the address stays suppressed without being stored.
 */
import { forgetAddress } from '@rebound/aws';
import { isStreamName } from '@rebound/core';
import { printable } from '../format.ts';
import { defaultIo, type Io, oneAddress, parseCommand } from '../io.ts';
import { clientsFor, TABLE_OPTIONS, TABLE_USAGE, tableTargetOf, where } from '../table.ts';

const USAGE = `usage: rebound forget ADDRESS [--streams a,b] [--table NAME] [--state-table NAME] …

Erases ADDRESS: its evidence, history and soft-bounce state are deleted. An active suppression is
kept as a keyed hash (HMAC-SHA256 with $REBOUND_ERASURE_KEY, the deployment's secret) so the
address stays suppressed; checks find it when they know the key (the API, the retry worker, and
@rebound/client given hashKey).

  --streams  the streams to erase too (default: $REBOUND_STREAMS)
${TABLE_USAGE}`;

/** Runs the command; returns the exit code. */
export async function run(argv: string[], io: Io = defaultIo): Promise<number> {
  const args = parseCommand(
    'forget',
    USAGE,
    argv,
    {
      options: {
        ...TABLE_OPTIONS,
        streams: { type: 'string' },
      },
      positionals: true,
    },
    io,
  );
  if (typeof args === 'number') return args;
  const v = args.values;
  const address = oneAddress('forget', USAGE, args.positionals, io);
  if (typeof address === 'number') return address;
  const target = tableTargetOf(v as never);
  if (typeof target === 'string') {
    io.err(`rebound forget: ${target}\n`);
    return 2;
  }
  if (!target.keys.hashKey) {
    io.err(
      'rebound forget: set REBOUND_ERASURE_KEY (the deployment secret ErasureKey): without it the address could not stay suppressed\n',
    );
    return 2;
  }
  const streams = String(v.streams ?? process.env.REBOUND_STREAMS ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const bad = streams.find((s) => !isStreamName(s));
  if (bad !== undefined) {
    io.err(`rebound forget: "${printable(bad)}" is not a stream name\n`);
    return 2;
  }
  try {
    const done = await forgetAddress(
      {
        doc: clientsFor(target).doc,
        table: target.table,
        ...(target.stateTable ? { stateTable: target.stateTable } : {}),
        hashKey: target.keys.hashKey,
      },
      address,
      streams,
      new Date(),
    );
    const kept = done.filter((d) => d.outcome === 'kept');
    const parts = done.map(
      (d) =>
        `${d.scope}: ${d.outcome === 'kept' ? `${d.reason} kept as a keyed hash` : `${d.reason} record deleted`}`,
    );
    io.out(
      `forgot ${printable(address)}: ${parts.join('; ') || 'no record'}${target.stateTable ? '; soft-bounce state deleted' : ' (give --state-table to delete its soft-bounce state too)'}${kept.length ? '; the address stays suppressed' : ''}\n`,
    );
    return 0;
  } catch (err) {
    io.err(
      `rebound forget: cannot update the table ${where(target)}: ${printable((err as Error).message)}\n`,
    );
    return 1;
  }
}
