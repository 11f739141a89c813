/**
 * `rebound normalize`: prints the normalized events of a stored vendor payload, one JSON object
 * per line. Offline: signatures are NOT verified (said on stderr).
 */
import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { getVendor, isVendor, PayloadError } from '@rebound/core';

const HELP = `usage: rebound normalize --vendor sendgrid|postmark|ses FILE|-

Prints one JSON object per normalized event (one per recipient per event) of a payload file as
stored in test/fixtures/payloads/: a SendGrid array, a Postmark object, an SNS envelope, an
SNS→Lambda event or a bare SES document. "-" reads standard input. Signatures are not verified.
SendGrid signature descriptors (rawBodyBase64) are unwrapped; SNS vector files are skipped.

  --vendor NAME   sendgrid, postmark or ses
  -h, --help`;

/** Where the command writes and reads; injectable for tests. */
export interface Io {
  stdout: { write(s: string): unknown };
  stderr: { write(s: string): unknown };
  readStdin(): Promise<Buffer>;
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

/** Runs `rebound normalize`; returns the exit code (0 ok, 1 unreadable/invalid payload, 2 usage). */
export async function run(argv: string[], io: Io = processIo): Promise<number> {
  let parsed: ReturnType<typeof parseOptions>;
  try {
    parsed = parseOptions(argv);
  } catch (e) {
    io.stderr.write(`rebound normalize: ${(e as Error).message}\n\n${HELP}\n`);
    return 2;
  }
  if (parsed.values.help) {
    io.stdout.write(`${HELP}\n`);
    return 0;
  }
  const vendor = parsed.values.vendor;
  const [file, ...extra] = parsed.positionals;
  if (!isVendor(vendor) || file === undefined || extra.length > 0) {
    const why = !isVendor(vendor)
      ? `--vendor must be sendgrid, postmark or ses`
      : 'give exactly one FILE (or -)';
    io.stderr.write(`rebound normalize: ${why}\n\n${HELP}\n`);
    return 2;
  }
  let body: Buffer;
  try {
    body = file === '-' ? await io.readStdin() : await readFile(file);
  } catch (e) {
    io.stderr.write(`rebound normalize: cannot read ${file}: ${(e as Error).message}\n`);
    return 1;
  }
  const unwrapped = unwrapDescriptor(body);
  if (unwrapped === 'skip') {
    io.stderr.write(
      `rebound normalize: ${file} is a signature test-vector file, not a payload; skipped\n`,
    );
    return 0;
  }
  io.stderr.write('rebound normalize: offline mode, signatures are NOT verified\n');
  try {
    const events = getVendor(vendor)!.parse(unwrapped);
    for (const e of events) io.stdout.write(`${JSON.stringify(e)}\n`);
    if (events.length === 0)
      io.stderr.write('rebound normalize: no events (control message or empty batch)\n');
    return 0;
  } catch (e) {
    if (!(e instanceof PayloadError)) throw e;
    io.stderr.write(`rebound normalize: not a ${vendor} payload: ${e.message}\n`);
    return 1;
  }
}

function parseOptions(argv: string[]) {
  return parseArgs({
    args: argv,
    allowPositionals: true,
    options: { vendor: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
  });
}

/** SendGrid descriptors carry the exact body in `rawBodyBase64`; SNS vector files have `vectors`. */
function unwrapDescriptor(body: Buffer): Buffer | 'skip' {
  let json: unknown;
  try {
    json = JSON.parse(body.toString('utf8'));
  } catch {
    return body;
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) return body;
  const o = json as Record<string, unknown>;
  if (typeof o.rawBodyBase64 === 'string') return Buffer.from(o.rawBodyBase64, 'base64');
  if (Array.isArray(o.vectors) && typeof o.signingCertificatePem === 'string') return 'skip';
  return body;
}
