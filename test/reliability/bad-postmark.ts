/**
 * Generated malformed Postmark requests: missing (401 missing-header) or wrong Basic credentials
 * (401 credentials), broken bodies with valid credentials (400), oversize (413).
 */
import type { Rig } from '../aws/e2e.ts';
import { PM_PASS, PM_USER, payload } from '../aws/e2e.ts';
import { basicAuth } from '../aws/signing.ts';
import {
  type BadCase,
  invalidUtf8,
  oversized,
  truncated,
  withBytes,
  wrongTopLevel,
} from './bad-common.ts';
import type { Rng } from './rng.ts';

const FIXTURES = [
  'postmark-bounce-hardbounce.json',
  'postmark-bounce-softbounce.json',
  'postmark-spamcomplaint-docs.json',
  'postmark-delivery-basic.json',
  'postmark-subscriptionchange-unsubscribe.json',
];

const validBody = (r: Rng) => payload(r.pick(FIXTURES));

type Gen = (rig: Rig, r: Rng) => Omit<BadCase, 'category'>;

const GENERATORS: Record<string, Gen> = {
  'missing Authorization': (rig, r) => {
    const event = rig.request('postmark', validBody(r));
    const v = r.pick([undefined, '', '   ']);
    if (v === undefined) delete event.headers.authorization;
    else event.headers.authorization = v;
    return { event, status: 401, names: { check: 'missing-header' } };
  },
  'wrong credentials': (rig, r) => {
    const event = rig.request('postmark', validBody(r));
    const variants = [
      () => basicAuth(PM_USER, `${PM_PASS}x`),
      () => basicAuth(`${PM_USER}2`, PM_PASS),
      () => basicAuth(PM_USER, PM_PASS.toUpperCase()),
      () => basicAuth('', ''),
      () => basicAuth(PM_USER, ''),
      () => `Basic ${Buffer.from(PM_USER).toString('base64')}`,
      () => `Bearer ${Buffer.from(`${PM_USER}:${PM_PASS}`).toString('base64')}`,
      () => 'Basic !!!',
      () =>
        `Basic ${Buffer.from(Array.from({ length: r.int(1, 40) }, () => r.int(0, 255))).toString('base64')}`,
      () => basicAuth(PM_USER, PM_PASS).replace('Basic ', 'Digest '),
    ];
    event.headers.authorization = r.pick(variants)();
    return { event, status: 401, names: { check: 'credentials' } };
  },
  'truncated JSON': (rig, r) => ({
    event: rig.request('postmark', truncated(validBody(r), r)),
    status: 400,
    names: { error: /^postmark: body is not JSON$/ },
  }),
  'wrong top-level type': (rig, r) => ({
    event: rig.request('postmark', Buffer.from(wrongTopLevel('object', r))),
    status: 400,
    names: { error: /^postmark: body must be a JSON object$/ },
  }),
  'invalid UTF-8': (rig, r) => {
    const body = invalidUtf8(validBody(r), r);
    return {
      event: withBytes(rig.request('postmark', body), body),
      status: 400,
      names: { error: /^postmark: body is not valid UTF-8$/ },
    };
  },
  'over the size limit': (rig, r) => {
    const body = oversized(validBody(r).toString('utf8'), r);
    const event = rig.request('postmark', body);
    return {
      event: r.next() < 0.5 ? event : withBytes(event, body),
      status: 413,
      names: { error: /^body exceeds \d+ bytes$/ },
    };
  },
};

/** The `i`-th generated Postmark case. */
export function postmarkCase(rig: Rig, r: Rng, i: number): BadCase {
  const names = Object.keys(GENERATORS);
  const category = names[i % names.length] as string;
  return { ...(GENERATORS[category] as Gen)(rig, r), category };
}
