/**
 * `rebound normalize`: prints the normalized events of a stored vendor payload, one JSON object
 * per line. Offline: signatures are NOT verified (said on stderr).
 */
import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import {
  isVendorId,
  loadVendor,
  PayloadError,
  VENDOR_IDS,
  VENDORS,
  vendorEntry,
} from '@rebound/core';

const HELP = `usage: rebound normalize --vendor ${VENDOR_IDS.join('|')} FILE|-

Prints one JSON object per normalized event (one per recipient per event) of a payload file as
stored in test/fixtures/payloads/ (e.g. a SendGrid array, a Postmark object, an SNS envelope, an
SNS→Lambda event or a bare SES document; for --vendor mail, a raw mail). "-" reads standard
input. Signatures are not verified.
SendGrid signature descriptors (rawBodyBase64) are unwrapped; SNS vector files are skipped.

  --vendor NAME   ${VENDORS.map((v) => `${v.id} (${v.title})`).join(', ')}
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

/**
 * Runs `rebound normalize`; returns the exit code: 0 ok, 1 JSON that is not this vendor's
 * payload, 2 a usage error (unknown vendor, missing or non-JSON file).
 */
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
  if (!isVendorId(vendor) || file === undefined || extra.length > 0) {
    const why = !isVendorId(vendor)
      ? `--vendor must be one of ${VENDOR_IDS.join(', ')}${vendor === undefined ? '' : ` (not "${vendor}")`}`
      : 'give exactly one FILE (or -)';
    io.stderr.write(`rebound normalize: ${why}\n\n${HELP}\n`);
    return 2;
  }
  let body: Buffer;
  try {
    body = file === '-' ? await io.readStdin() : await readFile(file);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory' : code;
    io.stderr.write(`rebound normalize: cannot read ${file}: ${why ?? (e as Error).message}\n`);
    return 2;
  }
  const unwrapped = unwrapDescriptor(body);
  if (unwrapped === 'skip') {
    io.stderr.write(
      `rebound normalize: ${file} is a signature test-vector file, not a payload; skipped\n`,
    );
    return 0;
  }
  io.stderr.write('rebound normalize: offline mode, signatures are NOT verified\n');
  const found = describeContent(unwrapped);
  const rawMail = vendorEntry(vendor)?.payload === 'message/rfc822';
  if (!rawMail && (found === 'empty' || found.startsWith('not JSON'))) {
    io.stderr.write(
      `rebound normalize: ${file === '-' ? 'standard input' : file} is ${found}: a payload file is JSON\n`,
    );
    return 2;
  }
  const adapter = await loadVendor(vendor);
  try {
    const events = await adapter.parse(unwrapped);
    for (const e of events) io.stdout.write(`${JSON.stringify(e)}\n`);
    if (events.length === 0)
      io.stderr.write('rebound normalize: no events (control message or empty batch)\n');
    return 0;
  } catch (e) {
    if (!(e instanceof PayloadError)) throw e;
    const hint = await otherVendorFor(unwrapped, vendor);
    io.stderr.write(
      `rebound normalize: ${file === '-' ? 'standard input' : file} is ${found}; ` +
        `not read as ${adapter.title}: ${e.message}${hint}\n`,
    );
    return 1;
  }
}

/** What a body is, in a few words: empty, not JSON, an array of n, an object with keys …. */
export function describeContent(body: Uint8Array): string {
  const text = Buffer.from(body).toString('utf8').trim();
  if (text === '') return 'empty';
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return `not JSON (it starts with ${JSON.stringify(text.slice(0, 24))})`;
  }
  if (Array.isArray(json)) return `a JSON array of ${json.length} element(s)`;
  if (json === null || typeof json !== 'object')
    return `a JSON ${json === null ? 'null' : typeof json}`;
  const keys = Object.keys(json);
  const shown = keys.slice(0, 6).join(', ');
  return keys.length
    ? `a JSON object with keys ${shown}${keys.length > 6 ? ', …' : ''}`
    : 'an empty JSON object';
}

/** `; it reads as a <title> payload (--vendor <id>)` when another vendor parses it into events. */
async function otherVendorFor(body: Uint8Array, tried: string): Promise<string> {
  for (const v of VENDORS) {
    if (v.id === tried) continue;
    try {
      if ((await (await loadVendor(v.id)).parse(body)).length > 0) {
        return `; it reads as a ${v.title} payload (--vendor ${v.id})`;
      }
    } catch {
      // not this vendor's either
    }
  }
  return '';
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
