/**
 * parseBounceMail and mailEvents beyond the fixture table: limits, what the events carry (labels,
 * times, ids), and the rules that decide a recipient and a report kind.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { PayloadError, PayloadTooLargeError } from '../../src/errors.ts';
import { mailEvents, parseMailEvents } from '../../src/mail/events.ts';
import { MAX_MAIL_BYTES, MIME_READ_BYTES, readMail } from '../../src/mail/mime.ts';
import { parseBounceMail } from '../../src/mail/parse-mail.ts';

const FIXTURES = new URL('../../../../test/fixtures/mail/', import.meta.url);
const fixture = (name: string) => new Uint8Array(readFileSync(new URL(name, FIXTURES)));
const NOW = new Date('2025-06-01T00:00:00Z');

/** A plain bounce whose returned copy is padded to `size` bytes. */
function paddedBounce(size: number): string {
  const head =
    'From: MAILER-DAEMON@mx.example\nTo: bounces@shop.example\nSubject: failure notice\n\n' +
    '<a@partner.example>:\nSorry, no mailbox here by that name. (#5.1.1)\n\n' +
    '--- Below this line is a copy of the message.\n\n';
  return head + 'x'.repeat(Math.max(0, size - head.length));
}

describe('parseBounceMail: limits and junk', () => {
  it('rejects a mail over 10 MB with PayloadTooLargeError, bytes or text', async () => {
    // Prepare
    const big = paddedBounce(MAX_MAIL_BYTES + 512 * 1024);
    // Act / Assess
    await expect(parseBounceMail(big)).rejects.toBeInstanceOf(PayloadTooLargeError);
    await expect(parseBounceMail(new TextEncoder().encode(big))).rejects.toBeInstanceOf(
      PayloadTooLargeError,
    );
  });

  it('reads a mail just under the cap', async () => {
    const events = await parseMailEvents(paddedBounce(MAX_MAIL_BYTES - 1024), { now: NOW });
    expect(events.map((e) => [e.recipient, e.reply?.enhanced])).toEqual([
      ['a@partner.example', '5.1.1'],
    ]);
  });

  it('names what is wrong with bytes that are not a mail', async () => {
    await expect(parseBounceMail(fixture('garbage-bytes.eml'))).rejects.toThrow(
      /not a mail message/,
    );
    await expect(parseBounceMail('')).rejects.toBeInstanceOf(PayloadError);
    await expect(parseBounceMail(42 as unknown as string)).rejects.toBeInstanceOf(PayloadError);
  });

  it('never inflates an attachment: the zip stays as its compressed bytes', async () => {
    // Act
    const parts = await readMail(fixture('zip-bomb-attachment.eml'));
    // Assess: the zip declares 200 MB; what postal-mime hands over is the ~200 KB it carries.
    const returned = parts.email.attachments.find((a) => a.mimeType === 'message/rfc822');
    expect(returned).toBeDefined();
    expect((returned!.content as ArrayBuffer).byteLength).toBeLessThan(1024 * 1024);
    expect(parts.originalHeaders).toContain('Message-ID: <orig-zip-1@shop.example>');
  });

  it('parses only the head of a large mail: the report parts, not a 9 MB attachment after them', async () => {
    // Prepare: the zip-bomb DSN with 9 MB more base64 in its returned message.
    const dsn = new TextDecoder().decode(fixture('zip-bomb-attachment.eml'));
    const padded = dsn.replace(
      '--inner-zip--',
      `--inner-zip\r\nContent-Type: application/octet-stream\r\nContent-Transfer-Encoding: base64\r\n\r\n${'QUFBQUFBQUFB'.repeat(6).concat('\r\n').repeat(125_000)}--inner-zip--`,
    );
    expect(padded.length).toBeGreaterThan(9 * 1024 * 1024);
    // Act
    const parts = await readMail(padded);
    const events = await parseMailEvents(padded);
    // Assess
    const seen = parts.email.attachments.reduce(
      (n, a) => n + (a.content as ArrayBuffer).byteLength,
      0,
    );
    expect(seen).toBeLessThan(MIME_READ_BYTES);
    expect(events.map((e) => [e.recipient, e.reply?.enhanced, e.messageId])).toEqual([
      ['yves@partner.example', '5.1.1', 'orig-zip-1@shop.example'],
    ]);
  });
});

describe('mailEvents: what an event carries', () => {
  it('labels the report kind, the DSN action and status and the family; no permanence of its own (the code is in the reply)', async () => {
    const [failed, delayed] = mailEvents(
      await parseBounceMail(fixture('postfix-dsn-mixed-recipients.eml')),
      { now: NOW },
    );
    expect(failed!.hints).toEqual({
      labels: ['mail:dsn/failed', 'mail:status/5.1.1', 'mail:postfix'],
      kind: 'bounce',
    });
    expect(delayed!.hints).toEqual({
      labels: ['mail:dsn/delayed', 'mail:status/4.7.1', 'mail:postfix'],
      kind: 'deferral',
    });
    expect(failed!.reply?.parts).toEqual({
      code: 'parsed',
      enhanced: 'parsed',
      text: 'vendor-field',
    });
  });

  it('takes the DSN Status as the enhanced code when the diagnostic has none', async () => {
    const [e] = mailEvents(await parseBounceMail(fixture('courier-dsn.eml')));
    expect([e!.reply?.code, e!.reply?.enhanced, e!.reply?.parts.enhanced]).toEqual([
      550,
      '5.0.0',
      'vendor-field',
    ]);
  });

  it('times an event by Last-Attempt-Date, else Arrival-Date, else the bounce Date, else now', async () => {
    const time = async (f: string) =>
      mailEvents(await parseBounceMail(fixture(f)), { now: NOW })[0]!.occurredAt;
    expect(await time('rfc3464-simple-dsn.eml')).toBe('1994-07-07T21:15:49.000Z'); // Last-Attempt-Date
    expect(await time('courier-dsn.eml')).toBe('2025-03-04T10:02:09.000Z'); // Arrival-Date
    expect(await time('qmail-local-no-mailbox.eml')).toBe('2025-03-05T11:00:00.000Z'); // Date
    expect((await parseMailEvents(paddedBounce(300), { now: NOW }))[0]!.occurredAt).toBe(
      NOW.toISOString(),
    );
  });

  it('gives the same ids to the same bounce read twice, and different ids to another message', async () => {
    const a = await parseMailEvents(fixture('exim-two-recipients.eml'));
    const b = await parseMailEvents(fixture('exim-two-recipients.eml'));
    expect(a.map((e) => e.id)).toEqual(b.map((e) => e.id));
    const other = new TextDecoder()
      .decode(fixture('exim-two-recipients.eml'))
      .replace('orig-exim-two-recipients', 'orig-other');
    const c = await parseMailEvents(other);
    expect(c.map((e) => e.messageId)).toEqual([
      'orig-other.eml@shop.example',
      'orig-other.eml@shop.example',
    ]);
    expect(c[0]!.id).not.toBe(a[0]!.id);
  });

  it('an auth-failure report is fix-config and never suppresses; a complaint suppresses', async () => {
    const [auth] = await parseMailEvents(fixture('arf-auth-failure-dkim.eml'));
    expect([auth!.kind, auth!.verdict?.action, auth!.hints.labels?.[0]]).toEqual([
      'block',
      'fix-config',
      'mail:arf/auth-failure',
    ]);
    const [abuse] = await parseMailEvents(fixture('rfc5965-abuse.eml'));
    expect([abuse!.kind, abuse!.verdict?.action, abuse!.reply]).toEqual([
      'complaint',
      'suppress',
      null,
    ]);
    expect(abuse!.occurredAt).toBe('2005-03-08T18:00:00.000Z'); // Arrival-Date, EDT
  });
});

describe('parseBounceMail: who the recipient is', () => {
  it('prefers the Original-Recipient (what the sender wrote) over an alias expansion', async () => {
    const r = await parseBounceMail(fixture('dsn-original-recipient-alias.eml'));
    expect(r.recipients.map((x) => x.address)).toEqual(['sales@partner.example']);
  });

  it('never takes the bounce sender or our own address for a recipient', async () => {
    const r = await parseBounceMail(fixture('google-groups-rejection.eml'));
    expect(r.recipients.map((x) => x.address)).toEqual(['announce@googlegroups.com']);
  });

  it('keeps to X-Failed-Recipients when the header is there', async () => {
    const raw = new TextDecoder()
      .decode(fixture('exim-two-recipients.eml'))
      .replace(
        'X-Failed-Recipients: lou@partner.example, max@strict.example',
        'X-Failed-Recipients: max@strict.example',
      );
    expect((await parseBounceMail(raw)).recipients.map((x) => x.address)).toEqual([
      'max@strict.example',
    ]);
  });

  it('a bounce that carries Auto-Submitted (Exim) is still a bounce; an out-of-office is not', async () => {
    expect((await parseBounceMail(fixture('exim-rcpt-user-unknown.eml'))).kind).toBe('plain');
    const ooo = await parseBounceMail(fixture('auto-reply-outlook-oof.eml'));
    expect([ooo.kind, ooo.recipients]).toEqual(['auto-reply', []]);
  });

  it('decodes ISO-2022-JP, Shift_JIS and KOI8-R bodies', async () => {
    const texts = await Promise.all(
      [
        'domino-japanese-iso2022jp.eml',
        'jp-unregistered-shiftjis-qp.eml',
        'mailru-russian-koi8r-qp.eml',
      ].map(async (f) => (await parseBounceMail(fixture(f))).recipients[0]!.diagnostic),
    );
    expect(texts[0]).toContain('Domino ディレクトリには見つかりません');
    expect(texts[1]).toContain('のユーザーは登録されていません');
    expect((await readMail(fixture('mailru-russian-koi8r-qp.eml'))).text).toContain('К сожалению');
  });
});
