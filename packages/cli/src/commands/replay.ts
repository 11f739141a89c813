/**
 * `rebound replay`: sign a stored payload with the local credentials in `.rebound/` (written by
 * `npm start`) and POST it to a running Rebound exactly as the vendor would. Vendors, routes and
 * signing come from the registry: a registered vendor is replayable with no change here.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import {
  isVendorId,
  loadVendor,
  ReboundError,
  type SignedRequest,
  VENDOR_IDS,
  type VendorId,
  vendorEntry,
} from '@rebound/core';
import { runningLocalStack } from '../table.ts';

/** The local credentials file (`.rebound/credentials.json`), as `npm start` writes it. */
export interface LocalCredentials {
  /** Bearer key of the local suppression API. */
  apiKey: string;
  /** By vendor id, in each vendor's own shape (its `local.create`). */
  vendors: Partial<Record<VendorId, unknown>>;
}

/** Reads `<dir>/credentials.json`. */
export function readCredentials(dir: string): LocalCredentials {
  return JSON.parse(readFileSync(join(dir, 'credentials.json'), 'utf8')) as LocalCredentials;
}

/**
 * Builds the exact request the vendor would send for a stored payload file, signed with the
 * vendor's local credentials.
 *
 * @example await buildReplayRequest('sendgrid', readFileSync(file), creds, { fresh: true })
 */
export async function buildReplayRequest(
  vendor: VendorId,
  file: Uint8Array,
  creds: LocalCredentials,
  opts: { now?: Date; sigVersion?: '1' | '2'; fresh?: boolean } = {},
): Promise<SignedRequest> {
  const adapter = await loadVendor(vendor);
  const own = creds.vendors?.[vendor];
  if (!adapter.local.isValid(own)) {
    throw new UsageError(`no ${vendor} credentials in credentials.json (run \`npm start\` once)`);
  }
  return adapter.replay.request(file, own, {
    now: opts.now ?? new Date(),
    ...(opts.fresh ? { fresh: true } : {}),
    ...(opts.sigVersion ? { sigVersion: opts.sigVersion } : {}),
  });
}

/** The endpoint for a vendor: a bare base URL gets the vendor's route appended. */
export function endpointFor(base: string, vendor: VendorId): string {
  let url: URL;
  try {
    url = new URL(base);
  } catch {
    throw new UsageError(`--url ${JSON.stringify(base)} is not a URL (e.g. http://127.0.0.1:3000)`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new UsageError(`--url must be http:// or https://, not ${url.protocol}`);
  }
  if (url.pathname === '/' || url.pathname === '') {
    url.pathname = vendorEntry(vendor)?.route ?? `/webhooks/${vendor}`;
  }
  return url.toString();
}

/** A mistake in how the command was called (exit 2, no stack trace). */
export class UsageError extends Error {}

const USAGE = `usage: rebound replay --vendor ${VENDOR_IDS.join('|')} FILE [--url URL (default: the running npm start)]
       [--dir .rebound] [--sig-version 1|2] [--fresh] [--wait SECONDS]

Signs FILE (as stored in test/fixtures/payloads/) with the local credentials that
\`npm start\` keeps in .rebound/ and posts it as the vendor would (SES documents are
wrapped in a signed SNS envelope). --fresh moves the event times to now (stored
fixtures are old, so their suppressions would already have expired). A stack that is
still starting (503 + Retry-After) is waited for, up to --wait seconds (default 30).`;

/** Waits as the server asks (Retry-After, seconds), within what is left of the budget. */
function retryDelayMs(res: Response, leftMs: number): number {
  const asked = Number(res.headers.get('retry-after'));
  const ms = Number.isFinite(asked) && asked > 0 ? asked * 1000 : 1000;
  return Math.max(0, Math.min(ms, leftMs));
}

/**
 * POSTs the request; while the stack answers 503 "starting" (Retry-After), waits and tries
 * again until `waitMs` is spent. Any other answer is returned as is.
 */
export async function postWhenReady(
  url: string,
  req: SignedRequest,
  waitMs: number,
  sleep = (ms: number) => new Promise((r) => setTimeout(r, ms)),
): Promise<Response> {
  const deadline = Date.now() + waitMs;
  for (;;) {
    const res = await fetch(url, { method: 'POST', headers: req.headers, body: req.body });
    const left = deadline - Date.now();
    if (res.status !== 503 || !res.headers.has('retry-after') || left <= 0) return res;
    await res.arrayBuffer();
    await sleep(retryDelayMs(res, left));
  }
}

/** Reads the payload file; a user error when it is missing or unreadable. */
function readPayload(file: string): Buffer {
  try {
    return readFileSync(file);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory' : code;
    throw new UsageError(`cannot read ${file}: ${why ?? (err as Error).message}`);
  }
}

/** CLI entry: exit 0 on a 2xx answer, 1 on another answer or no answer, 2 on bad usage. */
export async function run(argv: string[]): Promise<number> {
  try {
    return await replay(argv);
  } catch (err) {
    if (err instanceof UsageError || err instanceof ReboundError) {
      process.stderr.write(`rebound replay: ${err.message}\n`);
      return 2;
    }
    throw err;
  }
}

async function replay(argv: string[]): Promise<number> {
  let args: ReturnType<typeof parse>;
  try {
    args = parse(argv);
  } catch (err) {
    throw new UsageError(`${(err as Error).message}\n${USAGE}`);
  }
  const { values, positionals } = args;
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const vendor = values.vendor;
  if (!isVendorId(vendor)) {
    const given = vendor === undefined ? 'missing' : `"${vendor}" is not one of them`;
    throw new UsageError(`--vendor ${VENDOR_IDS.join('|')} (${given})\n${USAGE}`);
  }
  const file = positionals[0];
  if (!file || positionals.length > 1) throw new UsageError(`give exactly one FILE\n${USAGE}`);
  const sigVersion = values['sig-version'];
  if (sigVersion !== '1' && sigVersion !== '2') throw new UsageError('--sig-version is 1 or 2');
  const wait = Number(values.wait);
  if (!Number.isFinite(wait) || wait < 0) throw new UsageError('--wait is a number of seconds');
  // The running local stack (whatever its PORT), else the default port.
  const base = values.url ?? runningLocalStack(values.dir)?.url ?? 'http://127.0.0.1:3000';
  const url = endpointFor(base, vendor);
  const body = readPayload(file);
  let creds: LocalCredentials;
  try {
    creds = readCredentials(values.dir);
  } catch {
    process.stderr.write(
      `rebound replay: no local credentials in ${values.dir}/ (run \`npm start\` once)\n`,
    );
    return 1;
  }
  const req = await buildReplayRequest(vendor, body, creds, { sigVersion, fresh: values.fresh });
  try {
    const res = await postWhenReady(url, req, wait * 1000);
    process.stdout.write(`${res.status} ${url}\n${await res.text()}\n`);
    return res.ok ? 0 : 1;
  } catch (err) {
    process.stderr.write(
      `rebound replay: cannot reach ${url}: ${(err as Error).cause ?? (err as Error).message}\n`,
    );
    return 1;
  }
}

function parse(argv: string[]) {
  return parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      vendor: { type: 'string' },
      url: { type: 'string' },
      dir: { type: 'string', default: '.rebound' },
      'sig-version': { type: 'string', default: '1' },
      fresh: { type: 'boolean', default: false },
      wait: { type: 'string', default: '30' },
      help: { type: 'boolean', short: 'h' },
    },
  });
}
