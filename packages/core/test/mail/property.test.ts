/**
 * Property tests: arbitrary bytes, and mails broken in arbitrary places, give a report or one of
 * Rebound's own errors — never another exception — and every event is well formed.
 */
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ReboundError } from '../../src/errors.ts';
import { mailEvents } from '../../src/mail/events.ts';
import { parseBounceMail } from '../../src/mail/parse-mail.ts';

const FIXTURES = new URL('../../../../test/fixtures/mail/', import.meta.url);
const SEEDS = [
  'postfix-dsn-mixed-recipients.eml',
  'rfc5965-abuse.eml',
  'qmail-two-recipients.eml',
  'exchange-2007-recip-not-found.eml',
  'sendmail-plain-user-unknown.eml',
].map((f) => new Uint8Array(readFileSync(new URL(f, FIXTURES))));

async function reportOrOwnError(bytes: Uint8Array | string): Promise<void> {
  let report: Awaited<ReturnType<typeof parseBounceMail>>;
  try {
    report = await parseBounceMail(bytes);
  } catch (e) {
    expect(e).toBeInstanceOf(ReboundError);
    return;
  }
  expect(['dsn', 'arf', 'plain', 'auto-reply', 'not-a-bounce']).toContain(report.kind);
  for (const e of mailEvents(report, { now: new Date(0) })) {
    expect(e.recipient === null || /^[^\s@]+@[^\s@]+$/.test(e.recipient)).toBe(true);
    expect(e.id).toMatch(/^[0-9a-f]{64}$/);
    expect(Number.isNaN(Date.parse(e.occurredAt))).toBe(false);
  }
}

/** A real mail with a slice replaced by arbitrary bytes, or cut short. */
const mutated = fc
  .tuple(
    fc.constantFrom(...SEEDS),
    fc.nat(),
    fc.nat(),
    fc.uint8Array({ maxLength: 300 }),
    fc.boolean(),
  )
  .map(([seed, a, b, junk, cut]) => {
    const from = a % seed.length;
    const to = Math.min(seed.length, from + (b % 400));
    if (cut) return seed.subarray(0, from);
    const out = new Uint8Array(seed.length - (to - from) + junk.length);
    out.set(seed.subarray(0, from));
    out.set(junk, from);
    out.set(seed.subarray(to), from + junk.length);
    return out;
  });

/** Header-shaped text with hostile values: deep multiparts, endless boundaries, long lines. */
const hostile = fc
  .tuple(
    fc.constantFrom(
      'multipart/report; report-type=delivery-status; boundary=b',
      'multipart/mixed; boundary=""',
      'message/delivery-status',
      'text/plain; charset=iso-2022-jp',
      'message/feedback-report',
    ),
    fc.array(
      fc.constantFrom(
        '--b\r\n',
        '--b--\r\n',
        'Final-Recipient: rfc822; a@b.example\r\n',
        'Action: failed\r\n',
        'Status: 5.1.1\r\n',
        '\r\n',
        ' folded\r\n',
        'Content-Type: multipart/mixed; boundary=b\r\n',
        `${'x'.repeat(5000)}\r\n`,
        '<a@b.example>:\r\n',
      ),
      { maxLength: 60 },
    ),
  )
  .map(
    ([type, lines]) =>
      `From: MAILER-DAEMON@x.example\r\nContent-Type: ${type}\r\n\r\n${lines.join('')}`,
  );

describe('Properties: parseBounceMail', () => {
  it('arbitrary bytes give a report or a ReboundError', async () => {
    await fc.assert(fc.asyncProperty(fc.uint8Array({ maxLength: 2000 }), reportOrOwnError), {
      numRuns: 300,
    });
  });

  it('arbitrary text after a header gives a report or a ReboundError', async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ unit: 'binary', maxLength: 2000 }), (s) =>
        reportOrOwnError(`Subject: x\n\n${s}`),
      ),
      { numRuns: 300 },
    );
  });

  it('real mails broken in arbitrary places give a report or a ReboundError', async () => {
    await fc.assert(fc.asyncProperty(mutated, reportOrOwnError), { numRuns: 300 });
  });

  it('hostile MIME shapes give a report or a ReboundError', async () => {
    await fc.assert(fc.asyncProperty(hostile, reportOrOwnError), { numRuns: 200 });
  });
});
