/**
 * Which MTA or provider wrote a bounce, from its markers: a data table, array order =
 * precedence (relays that only pass bounces on come last). Each row cites its source.
 */
// biome-ignore-all format: one row per family, so the table reads as a table.
import type { MailParts } from './mime.ts';

/** One family marker. Any given condition matching marks the family. */
export interface FamilyRow {
  id: string;
  /** On the bounce's From address or display name. */
  from?: RegExp;
  /** On a header: `[name, value pattern]`. */
  header?: readonly [string, RegExp];
  /** On the plain-text body. */
  body?: RegExp;
  source: string;
}

const MW = (s: string) => `wordings ${s}`;

export const FAMILIES: readonly FamilyRow[] = [
  { id: 'google-groups', from: /@googlegroups\.com/i, body: /groups\.google\.com|Google Groups/, source: 'Google Groups rejection notices (support.google.com/groups)' },
  { id: 'amazon-ses', from: /@amazonses\.com/i, header: ['x-ses-outgoing', /./], body: /error occurred while trying to deliver the mail to the following recipients/i, source: 'Amazon SES bounce mails (MAILER-DAEMON@amazonses.com; docs.aws.amazon.com/ses)' },
  { id: 'gmail', from: /@(?:googlemail|gmail)\.com/i, body: /Google tried to deliver your message|Delivery to the following recipients? (?:failed permanently|has been delayed)|\bgsmtp\b/i, source: MW('§1 (SFM550 Google; GG); Gmail NDR layout') },
  { id: 'exchange-2003', body: /did not reach some or all of the intended recipients|following recipient\(s\) (?:cannot|could not) be reached/i, source: 'Exchange 2003 NDR layout (EXS)' },
  { id: 'exchange', header: ['x-ms-exchange-message-is-ndr', /./], body: /Diagnostic information for administrators|Delivery (?:has failed|is delayed) to these recipients|RESOLVER\.\w+\.|Remote Server returned '|#\d\.\d\.\d+ |Diagnoseinformationen für Administratoren|Información de diagnóstico para administradores/, source: MW('§1, §25: EXO, EXS; PB/2SNHTj4Y, PB/4NLVeuUu') },
  { id: 'domino', body: /Domino|Delivery Failure Report|was not delivered to:/i, source: MW('§1 (not listed in Domino Directory), §25 (IBM technote 1100477)') },
  { id: 'yahoo', from: /@(?:yahoo|yahoo-inc|aol|aim)\.com/i, body: /unable to deliver your message to the following address/i, source: 'Yahoo/AOL bounce layout; SFM554 Yahoo' },
  { id: 'gmx', from: /@(?:gmx\.(?:net|de|com)|web\.de)/i, body: /SMTP error from remote server for \w+ command/i, source: MW('§1 (SFM550 GMX, Web.de)') },
  { id: 'mail.ru', from: /@(?:corp\.)?mail\.ru/i, body: /Mail\.Ru|mail\.ru/, source: MW('§2 (SFM550 Mail.ru)') },
  { id: 'yandex', from: /@yandex\.(?:ru|com|net)/i, body: /yandex/i, source: MW('§1 (SFM550 Yandex)') },
  { id: 'docomo', body: /@docomo\.ne\.jp/i, source: MW('§1, §4 (NS docomo)') },
  { id: 'au', body: /@(?:ezweb\.ne\.jp|au\.com)/i, source: MW('§1 (NS au)') },
  { id: 'softbank', body: /@(?:softbank\.ne\.jp|i\.softbank\.jp|[a-z]\.vodafone\.ne\.jp)/i, source: MW('§1 (NS SoftBank)') },
  { id: 'sun-messaging', body: /This report relates to a message you sent with the following header fields/i, source: 'Sun/Oracle Messaging Server report layout' },
  { id: 'qmail', body: /This is the qmail-send program|does not like recipient|no mailbox here by that name|Giving up on [\d.]+/i, source: MW('§1, §25: QM qmail-send.c, qmail-remote.c, qmail-local.c; VP vdelivermail.c') },
  { id: 'courier', body: /Courier mail server|UNDELIVERABLE MAIL/, source: MW('§25: CO module.dsn') },
  { id: 'opensmtpd', body: /This is the MAILER-DAEMON, please DO NOT REPLY to this e-?mail|Error is:/i, source: MW('§25: OS bounce.c') },
  { id: 'sendmail', body: /-{3,} Transcript of session follows -{3,}|The original message was received at/i, source: MW('§25: SM savemail.c, envelope.c') },
  { id: 'exim', header: ['x-failed-recipients', /./], body: /This message was created automatically by mail delivery software|SMTP error from remote mail server after/i, source: MW('§25: EX deliver.c, smtp.c') },
  { id: 'postfix', body: /This is the mail system at host|I'm sorry to have to inform you that your message could not|\(in reply to [\w ]+ command\)/i, source: MW('§25: PF bounce_templates.c, smtp_proto.c') },
  { id: 'sendgrid', header: ['x-sg-eid', /./], body: /sendgrid\.net/i, source: 'SendGrid relay headers (X-SG-EID; docs.sendgrid.com)' },
  { id: 'mailgun', header: ['x-mailgun-sid', /./], body: /mailgun\.(?:org|net)/i, source: 'Mailgun relay headers (X-Mailgun-Sid; documentation.mailgun.com)' },
];

/** The families whose markers the mail carries, in table order. */
export function familiesOf(parts: MailParts, from: string, body: string): string[] {
  const out: string[] = [];
  for (const row of FAMILIES) {
    const header = row.header ? parts.headers.get(row.header[0]) : undefined;
    if (
      (row.from?.test(from) ?? false) ||
      (header !== undefined && row.header !== undefined && header.some((v) => row.header![1].test(v))) ||
      (row.body?.test(body) ?? false)
    ) {
      out.push(row.id);
    }
  }
  return out;
}
