/** Reply parser: a table of what real MTAs and ESPs send, and what must never be read as a code. */
import { describe, expect, it } from 'vitest';
import { parseReply } from '../../src/smtp/reply.ts';

const CASES: readonly {
  name: string;
  input: string;
  code: number | null;
  enhanced: string | null;
  text?: string;
  command?: string | null;
}[] = [
  {
    name: 'plain reply',
    input: '550 5.1.1 user unknown',
    code: 550,
    enhanced: '5.1.1',
    text: 'user unknown',
  },
  {
    name: 'smtp; prefix (Postmark)',
    input: 'smtp;550 5.1.1 The email account that you tried to reach does not exist.',
    code: 550,
    enhanced: '5.1.1',
    text: 'The email account that you tried to reach does not exist.',
  },
  {
    name: 'SMTP; prefix with space',
    input: 'SMTP; 552 5.2.2 Mailbox full',
    code: 552,
    enhanced: '5.2.2',
    text: 'Mailbox full',
  },
  {
    name: 'X-Postfix; prefix',
    input:
      'X-Postfix; host mx.example.org[192.0.2.1] said: 550 5.1.1 <a@example.org>: Recipient address rejected',
    code: 550,
    enhanced: '5.1.1',
  },
  {
    name: 'multi-line reply joined',
    input:
      '550-5.7.26 The MAIL FROM domain has an SPF record with a hard fail policy 550-5.7.26 To best protect our users 550 5.7.26 the message has been blocked',
    code: 550,
    enhanced: '5.7.26',
    text: 'The MAIL FROM domain has an SPF record with a hard fail policy To best protect our users the message has been blocked',
  },
  {
    name: 'Postfix said/in reply to',
    input:
      'host mx.example.jp[192.0.2.22] said: 550 5.2.2 <a@example.jp>... Mailbox Full (in reply to RCPT TO command)',
    code: 550,
    enhanced: '5.2.2',
    command: 'RCPT',
  },
  {
    name: 'Exchange RESOLVER code',
    input: '550 5.1.10 RESOLVER.ADR.RecipientNotFound; Recipient not found by SMTP address lookup',
    code: 550,
    enhanced: '5.1.10',
  },
  {
    name: 'Exchange #5.1.1',
    input: '#5.1.1 smtp;550 5.1.1 RESOLVER.ADR.RecipNotFound; not found',
    code: 550,
    enhanced: '5.1.1',
  },
  {
    name: 'Exchange Remote Server returned',
    input: "Remote Server returned '550 5.1.351 Remote server returned unknown recipient'",
    code: 550,
    enhanced: '5.1.351',
  },
  {
    name: 'enhanced code without a basic code',
    input: '5.2.2 <a@example.jp>... Mailbox Full',
    code: null,
    enhanced: '5.2.2',
    text: '<a@example.jp>... Mailbox Full',
  },
  {
    name: 'basic code without an enhanced code',
    input: '552 Message size exceeds fixed limit',
    code: 552,
    enhanced: null,
    text: 'Message size exceeds fixed limit',
  },
  {
    name: 'code after text',
    input:
      '192.0.2.153 does not like recipient. Remote host said: 550 5.1.1 <u@example.jp>... User Unknown',
    code: 550,
    enhanced: '5.1.1',
    command: 'RCPT',
  },
  {
    name: 'code after a colon',
    input:
      'mx.example.net [192.0.2.25] did not like our RCPT TO:552 5.2.3 <a@example.net>: too big',
    code: 552,
    enhanced: '5.2.3',
    command: 'RCPT',
  },
  {
    name: 'enhanced code in parentheses (qmail)',
    input: 'Sorry, no mailbox here by that name. (#5.1.1)',
    code: null,
    enhanced: '5.1.1',
  },
  {
    name: 'no code at all',
    input: 'Envelope expired',
    code: null,
    enhanced: null,
    text: 'Envelope expired',
  },
  {
    name: 'follow-on 503 is not the reply',
    input: '550 <a@example.jp>: User unknown 503 No recipients specified',
    code: 550,
    enhanced: null,
  },
  {
    name: 'permanent reply wins over an earlier temporary one',
    input: '450 busy - please try later 551 not our customer 503 need RCPT command',
    code: 551,
    enhanced: null,
  },
  {
    name: 'session transcript: the failing reply, not 250/354/221',
    input:
      'Out: 250 2.1.5 Ok In: DATA Out: 354 End data Out: 451 4.3.0 Error: queue file write error In: QUIT Out: 221 2.0.0 Bye',
    code: 451,
    enhanced: '4.3.0',
  },
  {
    name: 'enhanced code joined to its basic code beats an earlier one',
    input: "5.1.0 - Unknown address error 550-'5.7.1 <a@example.com>... Access denied'",
    code: 550,
    enhanced: '5.7.1',
  },
  {
    name: 'IP addresses are not codes',
    input: 'connect to mx.example.jp[192.0.2.250]:25: Connection timed out via 203.0.113.252',
    code: null,
    enhanced: null,
  },
  {
    name: 'IP address x.y.z.w is not an enhanced code',
    input: 'host 5.5.4.2 refused',
    code: null,
    enhanced: null,
  },
  {
    name: 'version numbers are not codes',
    input: 'Protection provided by MagicMail version 2.0.1 and v5.1.1 build 550.2',
    code: null,
    enhanced: null,
  },
  {
    name: 'dates and times are not codes',
    input: 'Received 5/25/2018 8:21:10 AM, 2024-04-29T23:34:45.000Z, 2025-05-09',
    code: null,
    enhanced: null,
  },
  {
    name: 'URL fragments are not codes',
    input:
      'see http://support.google.com/mail/bin/answer.py?answer=550&x=5.1.1 and https://example.com/451/4.4.1',
    code: null,
    enhanced: null,
  },
  {
    name: 'ports and ids are not codes',
    input: 'unable to connect to [192.0.2.222:465]: LPN007_426 OFR_416 [416] E2110 NN-222',
    code: null,
    enhanced: null,
  },
  {
    name: 'Yahoo dotted id is not an enhanced code',
    input: '421 4.7.0 [TSS04] Messages deferred - 4.16.55.1; see https://postmaster.yahooinc.com',
    code: 421,
    enhanced: '4.7.0',
  },
  {
    name: 'delivery reply',
    input: '250 2.0.0 OK 1480624905 x11si2381290qkg.52 - gsmtp',
    code: 250,
    enhanced: '2.0.0',
  },
];

describe('Function: parseReply', () => {
  it.each(CASES)('reads $name', ({ input, code, enhanced, text, command }) => {
    // Act
    const reply = parseReply(input);
    // Assess
    expect(reply.code).toBe(code);
    expect(reply.enhanced).toBe(enhanced);
    if (text !== undefined) expect(reply.text).toBe(text);
    if (command !== undefined) expect(reply.command).toBe(command);
    expect(reply.parts.code).toBe(code === null ? null : 'parsed');
    expect(reply.parts.enhanced).toBe(enhanced === null ? null : 'parsed');
  });

  it('records a class conflict and keeps both codes', () => {
    const reply = parseReply('550 4.2.2 mailbox full, try later');
    expect(reply.code).toBe(550);
    expect(reply.enhanced).toBe('4.2.2');
    expect(reply.conflict).toEqual({ codeClass: 5, enhancedClass: 4 });
  });

  it('has no conflict when the classes agree', () => {
    expect(parseReply('552 5.2.2 full').conflict).toBeNull();
  });

  it('takes vendor fields as vendor-field parts', () => {
    const reply = parseReply('Amazon SES did not send the message', {
      enhanced: '5.1.1',
      code: 550,
      textOrigin: 'vendor-field',
    });
    expect(reply).toMatchObject({
      code: 550,
      enhanced: '5.1.1',
      parts: { code: 'vendor-field', enhanced: 'vendor-field', text: 'vendor-field' },
    });
  });

  it('prefers a specific parsed code over a generic vendor x.0.0', () => {
    const reply = parseReply('550 5.1.1 user unknown', { enhanced: '5.0.0' });
    expect(reply.enhanced).toBe('5.1.1');
    expect(reply.parts.enhanced).toBe('parsed');
  });

  it('keeps a specific vendor code over the text', () => {
    const reply = parseReply('550 5.1.0 rejected', { enhanced: '5.1.1' });
    expect(reply).toMatchObject({ enhanced: '5.1.1', parts: { enhanced: 'vendor-field' } });
  });

  it('ignores invalid vendor fields', () => {
    const reply = parseReply('550 5.1.1 x', { enhanced: 'five', code: 9999 });
    expect(reply).toMatchObject({
      code: 550,
      enhanced: '5.1.1',
      parts: { code: 'parsed', enhanced: 'parsed' },
    });
  });

  it('folds control characters and survives non-strings', () => {
    expect(parseReply('550\u0000 5.1.1\r\n user\tunknown').text).toBe('user unknown');
    expect(parseReply(undefined).code).toBeNull();
    expect(parseReply(42 as unknown as string).text).toBe('42');
  });

  // The fast check before folding must agree with the fold itself for every UTF-16 unit.
  it('folds every kind of blank, and only blanks', () => {
    // biome-ignore lint/suspicious/noControlCharactersInRegex: the fold covers control characters.
    const fold = (s: string) => s.replace(/[\s\u0000-\u001f\u007f]+/g, ' ').trim();
    for (let u = 0; u < 0x10000; u++) {
      const ch = String.fromCharCode(u);
      for (const input of [`a${ch}b`, `a ${ch}b`, `a${ch} b`, `user unknown${ch}`]) {
        expect(parseReply(input).text).toBe(fold(input));
      }
    }
  });

  it('keeps one text when a multi-line reply repeats its codes', () => {
    expect(parseReply('550-5.1.1 first line 550-5.1.1 second 550 5.1.1 third').text).toBe(
      'first line second third',
    );
    expect(parseReply('550-5.1.1 a 550-5.1.1 550-5.1.1 b').text).toBe('a 550-5.1.1 b');
    expect(parseReply('550 a 550-b 550 c 5500 d').text).toBe('a b c 5500 d');
    expect(parseReply('# 550 5.1.1 user unknown').text).toBe('user unknown');
  });
});
