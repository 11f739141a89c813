/**
 * Generated malformed SendGrid requests: broken bodies under a valid signature (400), oversize
 * (413), missing headers (401), bad signatures, stale/future timestamps, bodies changed after
 * signing (403). Categories rotate so each appears; their parameters come from the seed.
 */
import type { Rig } from '../aws/e2e.ts';
import { sendgridHeaders, sendgridKeys } from '../aws/signing.ts';
import {
  type BadCase,
  invalidUtf8,
  oversized,
  truncated,
  withBytes,
  wrongTopLevel,
} from './bad-common.ts';
import { mixedSendgridEvents, sendgridBody } from './mixed-batch.ts';
import type { Rng } from './rng.ts';

const SIG = 'x-twilio-email-event-webhook-signature';
const TS = 'x-twilio-email-event-webhook-timestamp';

/** A valid batch of 1–30 events (never written: each case breaks it). */
const validBody = (r: Rng) =>
  sendgridBody(mixedSendgridEvents(r.int(1, 30), `bad${r.int(0, 1e6)}-`, 1_700_000_000));

/** Signed at `at` (seconds from the rig clock) with the rig's key. */
function signedAt(rig: Rig, body: Buffer, offsetS: number) {
  const real = rig.clock.t;
  rig.clock.t = new Date(real.getTime() + offsetS * 1000);
  try {
    return rig.request('sendgrid', body);
  } finally {
    rig.clock.t = real;
  }
}

type Gen = (rig: Rig, r: Rng) => Omit<BadCase, 'category'>;

const GENERATORS: Record<string, Gen> = {
  'truncated JSON, signed': (rig, r) => {
    const body = truncated(validBody(r), r);
    return {
      event: rig.request('sendgrid', body),
      status: 400,
      names: { error: /^sendgrid: body is not JSON$/ },
    };
  },
  'wrong top-level type, signed': (rig, r) => ({
    event: rig.request('sendgrid', Buffer.from(wrongTopLevel('array', r))),
    status: 400,
    names: { error: /^sendgrid: body must be a JSON array$/ },
  }),
  'array of non-objects, signed': (rig, r) => {
    const items = Array.from({ length: r.int(1, 5) }, () => ({ email: 'a@example.com' }));
    const at = r.int(0, items.length - 1);
    const bad = r.pick([1, 'bounce', null, true, [], [{ email: 'b@example.com' }]]);
    const list: unknown[] = [...items];
    list[at] = bad;
    return {
      event: rig.request('sendgrid', Buffer.from(JSON.stringify(list))),
      status: 400,
      names: { error: new RegExp(`^sendgrid: element ${at} is not an object$`) },
    };
  },
  'over the size limit': (rig, r) => {
    const body =
      r.next() < 0.5
        ? oversized(JSON.stringify({ email: 'x@example.com', event: 'bounce' }), r)
        : Buffer.alloc(2 * 1024 * 1024 + r.int(1, 4096), 0x20);
    const event = rig.request('sendgrid', body);
    return {
      event: r.next() < 0.5 ? event : withBytes(event, body),
      status: 413,
      names: { error: /^body exceeds \d+ bytes$/ },
    };
  },
  'invalid UTF-8, signed': (rig, r) => {
    const body = invalidUtf8(validBody(r), r);
    return {
      event: withBytes(rig.request('sendgrid', body), body),
      status: 400,
      names: { error: /^sendgrid: body is not valid UTF-8$/ },
    };
  },
  'missing signature headers': (rig, r) => {
    const event = rig.request('sendgrid', validBody(r));
    const drop = r.pick([[SIG], [TS], [SIG, TS]]);
    const empty = r.next() < 0.3;
    for (const h of drop) {
      if (empty) event.headers[h] = '';
      else delete event.headers[h];
    }
    return { event, status: 401, names: { check: 'missing-header' } };
  },
  'invalid signature': (rig, r) => {
    const body = validBody(r);
    const event = rig.request('sendgrid', body);
    const variants = [
      () => sendgridHeaders(body, sendgridKeys().privateKey, rig.clock.t)[SIG] as string,
      () =>
        Buffer.from(Array.from({ length: r.int(1, 80) }, () => r.int(0, 255))).toString('base64'),
      () => rig.request('sendgrid', validBody(r)).headers[SIG] as string,
      () => '!!not base64!!',
      () => (event.headers[SIG] as string).slice(0, -8),
    ];
    event.headers[SIG] = r.pick(variants)();
    return { event, status: 403, names: { check: 'signature' } };
  },
  'stale or future timestamp': (rig, r) => {
    const off = r.int(601, 10_000_000) * (r.next() < 0.5 ? -1 : 1);
    const event = signedAt(rig, validBody(r), off);
    if (r.next() < 0.2)
      event.headers[TS] = r.pick(['yesterday', '-5', '1e9', '17000000000000', ' ']);
    return { event, status: 403, names: { check: 'timestamp' } };
  },
  'body changed after signing': (rig, r) => {
    const body = validBody(r);
    const event = rig.request('sendgrid', body);
    const changed = Buffer.from(body);
    const at = r.int(0, changed.length - 1);
    const mode = r.int(0, 2);
    let next: Buffer;
    if (mode === 0) next = Buffer.concat([changed, Buffer.from(' ')]);
    else if (mode === 1) next = Buffer.concat([changed.subarray(0, at), changed.subarray(at + 1)]);
    else {
      changed[at] = changed[at] === 0x35 ? 0x34 : 0x35;
      next = changed;
    }
    return {
      event: { ...event, body: next.toString('utf8') },
      status: 403,
      names: { check: 'signature' },
    };
  },
};

/** The `i`-th generated SendGrid case. */
export function sendgridCase(rig: Rig, r: Rng, i: number): BadCase {
  const names = Object.keys(GENERATORS);
  const category = names[i % names.length] as string;
  return { ...(GENERATORS[category] as Gen)(rig, r), category };
}
