/**
 * What every table-side command shares: where it writes (tests pass their own), and how it
 * reads its arguments — a parse error or `--help` ends the command with the usage and its exit
 * code, never a stack trace.
 */
import { type ParseArgsConfig, parseArgs } from 'node:util';
import { checkRecipient } from '@rebound/core';
import { printable } from './format.ts';

/** Where a command writes: its output, its messages, and whether messages go to a terminal. */
export interface Io {
  out: (s: string) => void;
  err: (s: string) => void;
  /** Whether `err` is a terminal (progress lines are drawn only there). */
  tty?: boolean;
}

/** The process's own streams. */
export const defaultIo: Io = {
  out: (s) => process.stdout.write(s),
  err: (s) => process.stderr.write(s),
  tty: process.stderr.isTTY === true,
};

/** A command's parsed arguments. */
export interface Parsed {
  values: Record<string, string | boolean | undefined>;
  positionals: string[];
}

/**
 * Parses `argv` for `rebound <name>` with `options` (plus `--help`; positional arguments only
 * when `positionals`). Returns the arguments, or the exit code when the command ends here: 0
 * after printing the usage for `--help`, 2 after saying what is wrong with the arguments.
 */
export function parseCommand(
  name: string,
  usage: string,
  argv: string[],
  spec: { options: NonNullable<ParseArgsConfig['options']>; positionals?: boolean },
  io: Io,
): Parsed | number {
  const { options, positionals = false } = spec;
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: positionals,
      options: { ...options, help: { type: 'boolean', short: 'h' } },
    });
  } catch (err) {
    io.err(`rebound ${name}: ${(err as Error).message}\n\n${usage}\n`);
    return 2;
  }
  const values = parsed.values as Parsed['values'];
  if (values.help) {
    io.out(`${usage}\n`);
    return 0;
  }
  return { values, positionals: parsed.positionals };
}

/**
 * The one address a command takes (its only positional argument), normalized; or the exit code
 * 2 after saying why it is not one.
 */
export function oneAddress(
  name: string,
  usage: string,
  positionals: readonly string[],
  io: Io,
): string | number {
  const [raw, ...extra] = positionals;
  if (raw === undefined || extra.length) {
    io.err(`rebound ${name}: give exactly one address\n\n${usage}\n`);
    return 2;
  }
  const check = checkRecipient(raw);
  if (!check.ok) {
    io.err(`rebound ${name}: "${printable(raw)}" is not an address: ${check.message}\n`);
    return 2;
  }
  return check.address;
}
