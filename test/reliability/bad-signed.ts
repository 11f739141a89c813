/**
 * Generated malformed requests for Rebound's own signed sources (generic JSON and raw mail):
 * no or malformed `rebound-signature` (401 missing-header), a timestamp outside ±5 minutes (403),
 * a wrong secret or a changed body (403 signature), and, correctly signed, bodies that can never
 * be read (400: not JSON, not the schema, too many events, not a mail, binary junk) or are too
 * large (413).
 */
import { readFileSync } from 'node:fs';
import { hmacSignature, signatureHeader } from '@rebound/core/vendors';
import { GENERIC_SECRET, MAIL_SECRET, payload, type Rig } from '../aws/e2e.ts';
import {
  type BadCase,
  invalidUtf8,
  LIMIT,
  truncated,
  withBytes,
  wrongTopLevel,
} from './bad-common.ts';
import type { Rng } from './rng.ts';

type Source = 'generic' | 'mail';
type Gen = (rig: Rig, r: Rng) => Omit<BadCase, 'category'>;

const GENERIC_FIXTURES = [
  'generic-bounce-diagnostic.json',
  'generic-batch-mixed.json',
  'generic-bounce-config.json',
];
const MAIL_FIXTURES = [
  'postfix-dsn-user-unknown.eml',
  'exim-two-recipients.eml',
  'gmail-dsn-user-unknown.eml',
];
const mail = (name: string) => readFileSync(`test/fixtures/mail/${name}`);
const valid = (source: Source, r: Rng) =>
  source === 'generic' ? payload(r.pick(GENERIC_FIXTURES)) : mail(r.pick(MAIL_FIXTURES));
const secretOf = (source: Source) => (source === 'generic' ? GENERIC_SECRET : MAIL_SECRET);

/** A request for `body` whose signature header is `header` (or none). */
function withSignature(rig: Rig, source: Source, body: Buffer, header: string | undefined) {
  const event = rig.request(source, body);
  if (header === undefined) delete event.headers['rebound-signature'];
  else (event.headers as Record<string, string>)['rebound-signature'] = header;
  return event;
}

/** Generators both sources share (the signature's checks). */
function signatureCases(source: Source): Record<string, Gen> {
  const secret = secretOf(source);
  return {
    'missing or malformed signature': (rig, r) => {
      const body = valid(source, r);
      const t = Math.floor(rig.clock.t.getTime() / 1000);
      const v1 = hmacSignature(secret, t, body);
      const header = r.pick([
        undefined,
        '',
        'garbage',
        `t=${t}`,
        `v1=${v1}`,
        `t=${t},v1=${v1.slice(1)}`,
        `t=x,v1=${v1}`,
        `t=${t},v0=${v1}`,
      ]);
      return {
        event: withSignature(rig, source, body, header),
        status: 401,
        names: { check: 'missing-header' },
      };
    },
    'timestamp outside the window': (rig, r) => {
      const body = valid(source, r);
      const skew = r.pick([-1, 1]) * r.int(301, 86_400 * 30);
      const then = new Date(rig.clock.t.getTime() + skew * 1000);
      return {
        event: withSignature(rig, source, body, signatureHeader([secret], then, body)),
        status: 403,
        names: { check: 'timestamp' },
      };
    },
    'wrong secret or changed body': (rig, r) => {
      const body = valid(source, r);
      const other = `${secret.slice(0, -1)}${secret.endsWith('x') ? 'y' : 'x'}`;
      const header =
        r.next() < 0.5
          ? signatureHeader([other], rig.clock.t, body)
          : signatureHeader([secret], rig.clock.t, Buffer.concat([body, Buffer.from(' ')]));
      return {
        event: withSignature(rig, source, body, header),
        status: 403,
        names: { check: 'signature' },
      };
    },
  };
}

const GENERIC: Record<string, Gen> = {
  ...signatureCases('generic'),
  'truncated JSON': (rig, r) => ({
    event: rig.request('generic', truncated(valid('generic', r), r)),
    status: 400,
    names: { error: /^generic: body is not JSON$/ },
  }),
  'wrong top-level type': (rig, r) => ({
    event: rig.request('generic', Buffer.from(wrongTopLevel('object', r).replace(/^\[\]$/, '"x"'))),
    status: 400,
    names: { error: /^generic: / },
  }),
  'not the schema': (rig, r) => {
    const e = JSON.parse(payload('generic-bounce-diagnostic.json').toString('utf8'));
    const broken = r.pick([
      () => ({ ...e, action: 'suppress' }),
      () => ({ ...e, kind: 'hard-bounce' }),
      () => ({ ...e, occurredAt: 1_772_446_500 }),
      () => ({ ...e, recipient: undefined }),
      () => ({ ...e, reply: { code: 550, diagnostic: 'x' } }),
      () => ({ ...e, reply: { code: r.int(600, 9999) } }),
      () => ({ ...e, version: r.int(2, 9) }),
      () => ({ ...e, metadata: { n: r.int(0, 9) } }),
      () => Array.from({ length: r.int(101, 140) }, () => e),
      () => [],
    ])();
    return {
      event: rig.request('generic', Buffer.from(JSON.stringify(broken))),
      status: 400,
      names: { error: /^generic: / },
    };
  },
  'invalid UTF-8': (rig, r) => {
    const body = invalidUtf8(valid('generic', r), r);
    return {
      event: withBytes(rig.request('generic', body), body),
      status: 400,
      names: { error: /^generic: body is not valid UTF-8$/ },
    };
  },
  'over the size limit': (rig, r) => {
    const body = Buffer.alloc(LIMIT + r.int(1, 64 * 1024), 0x20);
    return {
      event: rig.request('generic', body),
      status: 413,
      names: { error: /^body exceeds \d+ bytes$/ },
    };
  },
};

const MAIL: Record<string, Gen> = {
  ...signatureCases('mail'),
  'binary junk': (rig, r) => {
    const body = Buffer.from(Array.from({ length: r.int(1, 4096) }, () => r.int(0, 255)));
    // Junk that happens to start like a header line would be a (strange) mail: keep it junk.
    body[0] = 0xff;
    return {
      event: rig.request('mail', body),
      status: 400,
      names: { error: /^mail: not a mail message/ },
    };
  },
  'JSON or text, not a mail': (rig, r) => ({
    event: rig.request(
      'mail',
      Buffer.from(
        r.pick([
          '{"Type":"Bounce"}',
          '[1,2,3]',
          '<html><body>hi</body></html>',
          '   ',
          '\n\n\nhello',
        ]),
      ),
    ),
    status: 400,
    names: { error: /^mail: not a mail message/ },
  }),
  'over 4 MB': (rig, r) => {
    const body = Buffer.concat([
      mail('postfix-dsn-user-unknown.eml'),
      Buffer.alloc(4 * 1024 * 1024 + r.int(1, 64 * 1024), 0x41),
    ]);
    return {
      event: rig.request('mail', body),
      status: 413,
      names: { error: /^body exceeds \d+ bytes$/ },
    };
  },
};

/** The `i`-th generated case of `source`. */
export function signedCase(source: Source) {
  const table = source === 'generic' ? GENERIC : MAIL;
  return (rig: Rig, r: Rng, i: number): BadCase => {
    const names = Object.keys(table);
    const category = names[i % names.length] as string;
    return { ...(table[category] as Gen)(rig, r), category };
  };
}
