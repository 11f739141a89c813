/**
 * `rebound parse-mail`: reads raw bounce mails (RFC 3464 DSNs, RFC 5965 ARF reports, plain-text
 * bounces) from files, folders or standard input and prints one normalized event per recipient.
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { type NormalizedEvent, ReboundError } from '@rebound/core';
import { MAX_MAIL_BYTES, mailEvents, parseBounceMail } from '@rebound/core/mail';

const HELP = `usage: rebound parse-mail [--json] PATH...

Reads raw bounce mails and prints one event per failed, delayed, complaining or unsubscribing
recipient, classified by the same rule table as the webhooks. PATH is a file, a folder (read
recursively; every file but dot-files) or "-" for standard input. A mail that is not a bounce
(an auto-reply, an ordinary mail, a DSN of delivered recipients) prints nothing.

Without --json, one line per event: file, recipient, kind, code, enhanced code, action, reason,
rule. With --json, one normalized event per line with an added "file" (the path as given).

Standard error names each file that could not be read, was larger than 10 MB or was not a mail,
shows progress over folders on a terminal, and ends with a summary line:
  parse-mail: N files, N bounces (DSN, ARF or plain-text reports), N events, N errors
Exit code: 0, or 1 when any file was an error (the others are still read); 2 on a usage error.

  --json      one JSON object per event
  -h, --help`;

/** Where the command writes and reads; injectable for tests. */
export interface Io {
  stdout: { write(s: string): unknown };
  stderr: { write(s: string): unknown; isTTY?: boolean };
  readStdin(): Promise<Buffer>;
}

/** A reader that closed the pipe (`| head`) wants no more: stop quietly, as Unix tools do. */
function quietOnClosedPipe(): void {
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code !== 'EPIPE') throw e;
    process.exit(process.exitCode ?? 0);
  });
}

const processIo: Io = {
  stdout: process.stdout,
  stderr: process.stderr,
  readStdin: async () => {
    const chunks: Buffer[] = [];
    for await (const c of process.stdin) chunks.push(Buffer.isBuffer(c) ? c : Buffer.from(c));
    return Buffer.concat(chunks);
  },
};

/** One input: a path as it will be printed, or standard input. */
type Input = { path: string; stdin: boolean };

interface Totals {
  files: number;
  bounces: number;
  events: number;
  errors: number;
}

/** Runs `rebound parse-mail`; returns the exit code (0 ok, 1 some file was an error, 2 usage). */
export async function run(argv: string[], io: Io = processIo): Promise<number> {
  if (io === processIo) quietOnClosedPipe();
  let parsed: ReturnType<typeof parseOptions>;
  try {
    parsed = parseOptions(argv);
  } catch (e) {
    io.stderr.write(`rebound parse-mail: ${(e as Error).message}\n\n${HELP}\n`);
    return 2;
  }
  if (parsed.values.help) {
    io.stdout.write(`${HELP}\n`);
    return 0;
  }
  if (parsed.positionals.length === 0) {
    io.stderr.write(
      `rebound parse-mail: give at least one PATH (a file, a folder or -)\n\n${HELP}\n`,
    );
    return 2;
  }
  const totals: Totals = { files: 0, bounces: 0, events: 0, errors: 0 };
  const fail = (path: string, why: string) => {
    totals.errors++;
    io.stderr.write(`${clearProgress(io)}rebound parse-mail: ${path}: ${why}\n`);
  };
  for (const arg of parsed.positionals) {
    const inputs = await expand(arg, fail);
    for (const [i, input] of inputs.entries()) {
      if (io.stderr.isTTY && inputs.length > 1) {
        io.stderr.write(`\rparse-mail: ${arg}: ${i + 1}/${inputs.length} files`);
      }
      totals.files++;
      await readOne(input, io, totals, fail, parsed.values.json === true);
    }
  }
  io.stderr.write(
    `${clearProgress(io)}parse-mail: ${totals.files} files, ${totals.bounces} bounces, ${totals.events} events, ${totals.errors} errors\n`,
  );
  return totals.errors > 0 ? 1 : 0;
}

function parseOptions(argv: string[]) {
  return parseArgs({
    args: argv,
    allowPositionals: true,
    options: { json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
  });
}

function clearProgress(io: Io): string {
  return io.stderr.isTTY ? '\r\x1b[K' : '';
}

/** A path argument as inputs: itself, every file under a folder (sorted), or standard input. */
async function expand(arg: string, fail: (path: string, why: string) => void): Promise<Input[]> {
  if (arg === '-') return [{ path: '-', stdin: true }];
  try {
    // A path that cannot be stat'ed is read as a file: reading it names the error.
    const isDirectory = await stat(arg).then(
      (s) => s.isDirectory(),
      () => false,
    );
    if (!isDirectory) return [{ path: arg, stdin: false }];
    const entries = await readdir(arg, { recursive: true, withFileTypes: true });
    return entries
      .filter((d) => d.isFile() && !d.name.startsWith('.'))
      .map((d) => join(arg, d.parentPath.slice(arg.length), d.name))
      .sort()
      .map((path) => ({ path, stdin: false }));
  } catch (e) {
    fail(arg, `cannot read: ${reason(e)}`);
    return [];
  }
}

async function readOne(
  input: Input,
  io: Io,
  totals: Totals,
  fail: (path: string, why: string) => void,
  json: boolean,
): Promise<void> {
  let bytes: Buffer;
  try {
    if (!input.stdin && (await stat(input.path)).size > MAX_MAIL_BYTES) {
      fail(
        input.path,
        `too large: over the ${MAX_MAIL_BYTES / 1024 / 1024} MB limit of a bounce mail`,
      );
      return;
    }
    bytes = input.stdin ? await io.readStdin() : await readFile(input.path);
  } catch (e) {
    fail(input.path, `cannot read: ${reason(e)}`);
    return;
  }
  let events: NormalizedEvent[];
  try {
    const report = await parseBounceMail(
      new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength),
    );
    if (report.kind === 'dsn' || report.kind === 'arf' || report.kind === 'plain') totals.bounces++;
    events = mailEvents(report);
  } catch (e) {
    if (!(e instanceof ReboundError)) throw e;
    fail(
      input.path,
      e.name === 'PayloadTooLargeError'
        ? `too large: ${e.message}`
        : e.message.replace(/^mail: /, ''),
    );
    return;
  }
  totals.events += events.length;
  for (const e of events) {
    io.stdout.write(
      `${clearProgress(io)}${json ? JSON.stringify({ file: input.path, ...e }) : line(input.path, e)}\n`,
    );
  }
}

/** The readable line of one event. */
function line(file: string, e: NormalizedEvent): string {
  const v = e.verdict;
  return [
    file,
    e.recipient ?? '—',
    e.kind,
    e.reply?.code ?? '—',
    e.reply?.enhanced ?? '—',
    v?.action ?? '—',
    v?.reason ?? '—',
    v?.rule ?? '—',
  ].join('  ');
}

function reason(e: unknown): string {
  const err = e as NodeJS.ErrnoException;
  const known: Record<string, string> = {
    ENOENT: 'no such file or folder',
    EACCES: 'permission denied',
    EISDIR: 'is a folder',
  };
  return (err.code && known[err.code]) || err.message || String(e);
}
