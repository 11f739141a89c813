/**
 * The raw mail source in core: the SES receipt event (documented shape, then one broken thing
 * per row), the mails it announces read through a `DirectIo` (an in-memory store here; the S3
 * one is tested against fauxqs), the webhook's answers (events, "not a bounce", refusals) and
 * the replay signer's exact bytes.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { PayloadError, PayloadTooLargeError } from '../../../src/errors.ts';
import { MAX_MAIL_BYTES } from '../../../src/mail/mime.ts';
import { MAX_STORED_MAIL_BYTES } from '../../../src/vendors/mail/meta.ts';
import { parseReceiptEvent, receiveMail } from '../../../src/vendors/mail/parse.ts';
import { receivedMails } from '../../../src/vendors/mail/receipt.ts';
import { mailReplay } from '../../../src/vendors/mail/replay.ts';
import { verifyHmacSignature } from '../../../src/vendors/shared/hmac-signature.ts';
import type { DirectIo } from '../../../src/vendors/types.ts';

const FIXTURES = new URL('../../../../../test/fixtures/', import.meta.url);
const EVENT = JSON.parse(
  readFileSync(new URL('ses-receiving/lambda-event.json', FIXTURES), 'utf8'),
);
const mail = (name: string) => new Uint8Array(readFileSync(new URL(`mail/${name}`, FIXTURES)));
const NOW = new Date('2026-03-02T10:21:00Z');
const ID = 'o3vrnil0e2ic28trm7dfhrc2v0clambda4nbp0g1';

/** An in-memory object store with the S3 reader's contract. */
function store(objects: Record<string, Uint8Array>): DirectIo & { reads: string[] } {
  const reads: string[] = [];
  return {
    reads,
    async readObject(name, maxBytes) {
      reads.push(name);
      const o = objects[name];
      if (!o) throw new PayloadError(`no object ${name}`);
      if (o.byteLength > maxBytes) throw new PayloadTooLargeError(maxBytes);
      return o;
    },
  };
}

const withRecord = (patch: (r: Record<string, unknown>) => void) => {
  const e = structuredClone(EVENT);
  patch(e.Records[0]);
  return e;
};

describe('SES receipt event', () => {
  it('the documented shape names the mail by its message id', () => {
    expect(receivedMails(EVENT)).toEqual([
      { messageId: ID, timestamp: '2026-03-02T10:20:02.028Z' },
    ]);
  });
  // biome-ignore format: one row per case
  it.each([
    ['no Records', {}],
    ['empty Records', { Records: [] }],
    ['another source', withRecord((r) => { r.eventSource = 'aws:sns'; })],
    ['an S3 action, not Lambda', withRecord((r) => { (r.ses as { receipt: { action: { type: string } } }).receipt.action.type = 'S3'; })],
    ['a message id that is a path', withRecord((r) => { (r.ses as { mail: { messageId: string } }).mail.messageId = '../other/key'; })],
    ['no message id', withRecord((r) => { delete (r.ses as { mail: { messageId?: string } }).mail.messageId; })],
  ])('%s → PayloadError', (_name, event) => {
    expect(() => receivedMails(event)).toThrow(PayloadError);
  });
});

describe('parseReceiptEvent', () => {
  it('reads the announced mail by its id and returns its events', async () => {
    const io = store({ [ID]: mail('postfix-dsn-user-unknown.eml') });
    const events = await parseReceiptEvent(EVENT, NOW, io);
    expect(io.reads).toEqual([ID]);
    expect(events.map((e) => [e.vendor, e.recipient, e.verdict?.action])).toEqual([
      ['mail', 'dave@partner.example', 'suppress'],
    ]);
  });
  it('a mail that is gone, too large or not a mail is refused as such', async () => {
    await expect(parseReceiptEvent(EVENT, NOW, store({}))).rejects.toThrow(PayloadError);
    const big = new Uint8Array(MAX_STORED_MAIL_BYTES + 1);
    await expect(parseReceiptEvent(EVENT, NOW, store({ [ID]: big }))).rejects.toThrow(
      PayloadTooLargeError,
    );
    const junk = store({ [ID]: mail('garbage-bytes.eml') });
    await expect(parseReceiptEvent(EVENT, NOW, junk)).rejects.toThrow(PayloadError);
  });
  it('reads up to the parser’s own limit', () => {
    expect(MAX_STORED_MAIL_BYTES).toBe(MAX_MAIL_BYTES);
  });
});

describe('receiveMail (the webhook after verification)', () => {
  // biome-ignore format: one row per case
  it.each([
    ['a DSN: its events', 'postfix-dsn-user-unknown.eml', { events: 1 }],
    ['two failed recipients', 'exim-two-recipients.eml', { events: 2 }],
    ['a newsletter: 200, not a bounce', 'not-a-bounce-newsletter.eml', { report: 'not-a-bounce' }],
    ['an out-of-office: 200, an auto-reply', 'auto-reply-rfc3834.eml', { report: 'auto-reply' }],
    ['a zip bomb attached to a bounce: read without inflating', 'zip-bomb-attachment.eml', { events: 1 }],
  ])('%s', async (_name, file, want) => {
    const got = await receiveMail(mail(file), NOW);
    if ('events' in want) {
      expect('events' in got && got.events.length).toBe(want.events);
    } else {
      expect(got).toEqual({ answer: { status: 200, body: { ok: true, received: 0, report: want.report } } });
    }
  });
  it.each([
    ['binary garbage', 'garbage-bytes.eml'],
    ['JSON, not a mail', 'not-a-mail-json.eml'],
  ])('%s → PayloadError (400)', async (_name, file) => {
    await expect(receiveMail(mail(file), NOW)).rejects.toThrow(PayloadError);
  });
  it('over 10 MB → PayloadTooLargeError (413)', async () => {
    await expect(receiveMail(new Uint8Array(MAX_MAIL_BYTES + 1), NOW)).rejects.toThrow(
      PayloadTooLargeError,
    );
  });
});

describe('mail replay signer', () => {
  it('--fresh moves the date fields to now, and the events with them; other bytes are kept', async () => {
    const file = mail('postfix-dsn-user-unknown.eml');
    const secret = 'mail-secret-0123456789abcdef0123456789';
    const req = mailReplay.request(file, { secret }, { now: NOW, fresh: true });
    expect(() => verifyHmacSignature(req, [secret], NOW)).not.toThrow();
    const got = await receiveMail(req.body, NOW);
    expect('events' in got && got.events[0]?.occurredAt).toBe(NOW.toISOString());
    const strip = (b: Uint8Array) =>
      Buffer.from(b)
        .toString('latin1')
        .replace(/^(Date|Arrival-Date|Last-Attempt-Date):.*$/gim, '');
    expect(strip(req.body)).toBe(strip(file));
  });

  it('posts the exact bytes as message/rfc822, signed so the webhook verifies them', () => {
    const file = mail('postfix-dsn-user-unknown.eml');
    const secret = 'mail-secret-0123456789abcdef0123456789';
    const req = mailReplay.request(file, { secret }, { now: NOW });
    expect(Buffer.from(req.body).equals(Buffer.from(file))).toBe(true);
    expect(req.headers['content-type']).toBe('message/rfc822');
    expect(() => verifyHmacSignature(req, [secret], NOW)).not.toThrow();
  });
});
