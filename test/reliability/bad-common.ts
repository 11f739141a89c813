/**
 * Pieces shared by the malformed-request generators: the case shape, seeded body mutations
 * (truncation, invalid UTF-8, oversize, wrong JSON types) and the check of one answer.
 */
import type { HttpEvent, HttpResult } from '@rebound/aws';
import type { Rng } from './rng.ts';

/** What the error body must name: a verification check, or an error message pattern. */
export type Names = { check: string } | { error: RegExp };

/** One generated malformed request and the answer it must get. */
export interface BadCase {
  category: string;
  event: HttpEvent;
  status: 400 | 401 | 403 | 413;
  names: Names;
}

/** The body limit the handlers use by default (DEFAULT_MAX_BODY_BYTES). */
export const LIMIT = 2 * 1024 * 1024;

/** A prefix of `body` (possibly empty) that is not valid JSON. */
export function truncated(body: Buffer, r: Rng): Buffer {
  let end = r.int(0, body.length - 1);
  for (; end > 0; end--) {
    try {
      JSON.parse(body.subarray(0, end).toString('utf8'));
    } catch {
      break;
    }
  }
  return body.subarray(0, end);
}

const INVALID_UTF8 = [
  [0xff],
  [0xfe],
  [0x80],
  [0xc0, 0x80],
  [0xc3],
  [0xe2, 0x82],
  [0xed, 0xa0, 0x80],
  [0xf4, 0x90, 0x80, 0x80],
  [0xf8, 0x88, 0x80, 0x80, 0x80],
];

/** `body` with an invalid UTF-8 sequence spliced in at a random offset. */
export function invalidUtf8(body: Buffer, r: Rng): Buffer {
  const at = r.int(0, body.length);
  return Buffer.concat([
    body.subarray(0, at),
    Buffer.from(r.pick(INVALID_UTF8)),
    body.subarray(at),
  ]);
}

/** A JSON array of copies of `unit` just over the body limit (by a random margin). */
export function oversized(unit: string, r: Rng): Buffer {
  const target = LIMIT + r.int(1, 256 * 1024);
  const copies = Math.ceil(target / (unit.length + 1));
  const text = `[${Array.from({ length: copies }, () => unit).join(',')}]`;
  return Buffer.from(text);
}

/** JSON texts of every top-level type except `want`. */
export function wrongTopLevel(want: 'array' | 'object', r: Rng): string {
  const values = [
    '0',
    String(r.int(-1e6, 1e6)),
    '3.25e7',
    '"a string"',
    JSON.stringify(`x${r.int(0, 1e9)}`),
    'null',
    'true',
    'false',
    want === 'array' ? '{}' : '[]',
    want === 'array' ? '{"email":"a@example.com","event":"bounce"}' : '[{"RecordType":"Bounce"}]',
  ];
  return r.pick(values);
}

/** Raw bytes as the event body: base64 so that invalid UTF-8 survives. */
export function withBytes(event: HttpEvent, bytes: Buffer): HttpEvent {
  return { ...event, body: bytes.toString('base64'), isBase64Encoded: true };
}

/** Why an answer does not satisfy `c` (null when it does). */
export function mismatch(c: BadCase, res: HttpResult): string | null {
  if (res.statusCode < 400 || res.statusCode > 499) return `status ${res.statusCode} (not 4xx)`;
  if (res.statusCode !== c.status) return `status ${res.statusCode}, expected ${c.status}`;
  let body: { error?: unknown; check?: unknown };
  try {
    body = JSON.parse(res.body);
  } catch {
    return `body is not JSON: ${res.body.slice(0, 80)}`;
  }
  if (typeof body.error !== 'string' || body.error === '') return 'body has no error';
  if ('check' in c.names && body.check !== c.names.check)
    return `check ${String(body.check)}, expected ${c.names.check}`;
  if ('error' in c.names && !c.names.error.test(body.error))
    return `error "${body.error}" does not match ${c.names.error}`;
  return null;
}
