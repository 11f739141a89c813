/**
 * Bounce wordings by meaning, as data: one row per wording family, each citing where it was read
 * (the wordings by meaning of docs/classification.md, with their MTA source files, RFCs, or the observed layout).
 */
// biome-ignore-all format: one row per wording, so the tables read as tables.
import { ADDRESS_SOURCE } from './addresses.ts';

/** A wording: a pattern and where it comes from. */
export interface Wording {
  pattern: RegExp;
  source: string;
}

const MW = (s: string) => `wordings ${s}`;
/** A sentence pattern: `ADDR` stands for the address pattern. */
const sentence = (source: string) => new RegExp(source.replace('ADDR', ADDRESS_SOURCE), 'iu');

/** Lines where a plain bounce starts quoting the original message: nothing after is the report. */
export const ORIGINAL_MARKERS: readonly Wording[] = [
  { pattern: /^-{2,}\s*Below this line is a copy of the message\.?/m, source: 'QM qmail-send.c (bounce body); Yahoo/AOL bounces' },
  { pattern: /^-{3,}\s*This is a copy of the (?:body of the )?message/m, source: MW('§25: EX deliver.c') },
  { pattern: /^\s*-{3,}\s*(?:Original message follows|Message header follows|Unsent message follows|Original message header follows)\b/im, source: MW('§25: SM savemail.c') },
  { pattern: /^Below is a copy of the original message:?/m, source: MW('§25: OS bounce.c') },
  { pattern: /^Original message headers:/m, source: MW('§25: EXO (NDR layout)') },
  { pattern: /^-{3,}\s*(?:Original message|Forwarded message|Message truncated)\s*-{3,}/im, source: 'Gmail and webmail NDR layouts (observed)' },
  { pattern: /^-{3,}\s*(?:元のメッセージ|原文|Исходное сообщение)/m, source: 'localized NDR layouts (observed)' },
];

/** Subjects of bounce and delay notices. */
export const BOUNCE_SUBJECTS: readonly Wording[] = [
  { pattern: /undelivered mail returned to sender|delayed mail \(still being retried\)/i, source: MW('§25: PF bounce_templates.c') },
  { pattern: /mail delivery failed|warning: message .* delayed/i, source: MW('§25: EX deliver.c') },
  { pattern: /returned mail|warning: could not send message/i, source: MW('§25: SM savemail.c, envelope.c') },
  { pattern: /failure notice/i, source: 'QM qmail-send.c (Subject: failure notice)' },
  { pattern: /undeliverable|non-?deliverable|delivery has failed/i, source: MW('§25: EXO NDR ("Undeliverable:")') },
  { pattern: /delivery status notification|delivery (?:failure|report|problem|failed|delayed|notification)/i, source: 'Gmail/Exchange DSN subjects ("Delivery Status Notification (Failure)", "(Delay)"); Domino "DELIVERY FAILURE"' },
  { pattern: /undeliverable mail|could not be delivered|not delivered|message not sent/i, source: MW('§25: CO module.dsn ("UNDELIVERABLE MAIL")') },
  { pattern: /unzustellbar|nicht zustellbar|non remis|no se puede entregar|non recapitabile|niet bezorgd/i, source: 'localized NDR subjects (Exchange/GMX locales)' },
  { pattern: /配信(?:エラー|失敗|不能)|送信エラー|エラーメール|返送|не доставлено|недоставленное/i, source: 'Japanese and Russian NDR subjects (dream.jp techinfo; Mail.Ru)' },
];

/** Senders of bounces (local part, or display name). */
export const BOUNCE_SENDERS: readonly Wording[] = [
  { pattern: /^(?:mailer-daemon|mailer_daemon|mail-daemon|mailerdaemon|postmaster|mdaemon|double-bounce|bounces?)@/i, source: 'RFC 5321 §4.5.5 (null reverse-path notifications come from the mail system, e.g. MAILER-DAEMON, postmaster)' },
  { pattern: /mail delivery (?:system|subsystem)|mail administrator|mailer-daemon|postmaster|mail delivery/i, source: MW('§25: EX ("Mail Delivery System"), SM ("Mail Delivery Subsystem")') },
];

/** Notices that delivery is delayed and still being retried (deferrals, not failures). */
export const DELAY_SIGNS: readonly Wording[] = [
  { pattern: /THIS IS A WARNING ONLY/i, source: MW('§25: PF bounce_templates.c') },
  { pattern: /Warning: message \S+ delayed|Delivery attempts will continue/i, source: MW('§25: EX deliver.c') },
  { pattern: /could not send message for past|transient non-fatal errors/i, source: MW('§25: SM envelope.c, savemail.c') },
  { pattern: /A message is delayed for more than/i, source: MW('§25: OS bounce.c') },
  { pattern: /WARNING: delayed mail|DELAYS IN DELIVERING YOUR MESSAGE/i, source: MW('§25: CO module.dsn') },
  { pattern: /Delivery is delayed to these recipients|Delivery Status Notification \(Delay\)/i, source: 'EXS (delay DSN "Delivery is delayed to these recipients or groups"); Gmail delay subject' },
  { pattern: /Delivery to the following recipients? has been delayed|will be retried for \d+ more/i, source: 'Gmail delay notice layout (observed)' },
];

/** Body wordings that say delivery failed: the headings before the failed recipients, and framing. */
export const FAILURE_SIGNS: readonly Wording[] = [
  { pattern: /following address(?:\(es\)|es)? failed|could not be delivered to one or more/i, source: MW('§25: EX deliver.c') },
  { pattern: /wasn't able to deliver your message to the following addresses/i, source: MW('§25: QM qmail-send.c') },
  { pattern: /unable to deliver your message to the following address/i, source: 'Yahoo/AOL bounce layout (qmail-derived)' },
  { pattern: /following addresses had (?:permanent fatal|transient non-fatal) errors/i, source: MW('§25: SM savemail.c') },
  { pattern: /Delivery (?:has failed|is delayed) to these recipients/i, source: MW('§25: EXO; PB/4NLVeuUu') },
  { pattern: /following recipient\(s\) (?:cannot|could not) be reached|did not reach some or all of the intended recipients/i, source: 'Exchange 2003 NDR layout (EXS)' },
  { pattern: /Delivery to the following recipients? (?:failed permanently|has been delayed)/i, source: 'Gmail NDR layout (observed)' },
  { pattern: /was not delivered to:|Delivery Failure Report|は以下の宛先に配信されませんでした/i, source: MW('§25: Lotus Domino (IBM technote 1100477)') },
  { pattern: /cannot be delivered to the following recipients|following recipients cannot be delivered/i, source: 'Sun/Oracle Messaging Server and Courier report layouts; CO module.dsn' },
  { pattern: /Diagnoseinformationen für Administratoren|Informations de diagnostic pour les administrateurs|Información de diagnóstico para administradores|管理者向けの診断情報|No se pudo encontrar la dirección de correo/i, source: MW('§1: PB/JHaPQHk7 (localized Exchange NDR)') },
  { pattern: /the following list of recipients/i, source: MW('§25: OS bounce.c') },
  { pattern: /error occurred while trying to deliver the mail to the following recipients/i, source: 'Amazon SES bounce mail layout' },
  { pattern: /permanent error; I've given up|Remote host said:/i, source: MW('§1, §25: QM qmail-send.c, qmail-remote.c') },
  { pattern: /宛先にメールを配信できませんでした|以下のアドレスへの送信に失敗|Ваше письмо не может быть доставлено|не может быть доставлено/i, source: 'Japanese carrier and Mail.Ru localized layouts (observed)' },
];

/** Headings after which the remote server's reply (or the reason) is printed. */
export const REPLY_HEADINGS: readonly Wording[] = [
  { pattern: /^\s*The error that the other server returned was:\s*(.*)$/i, source: 'Gmail NDR layout ("Technical details of permanent failure")' },
  { pattern: /^\s*The response (?:from the remote server )?was:\s*(.*)$/i, source: 'Gmail NDR layout (2012 onwards)' },
  { pattern: /^\s*Technical details of (?:permanent|temporary) failure:\s*(.*)$/i, source: 'Gmail NDR layout' },
  { pattern: /^\s*because:\s*(.*)$/i, source: MW('§25: Lotus Domino ("was not delivered to: <a> because:")') },
  { pattern: /^\s*(?:理由|原因|エラー内容)\s*[:：]\s*(.*)$/i, source: MW('§1: dream.jp error05 ("原因: …")') },
  { pattern: /^\s*Error is:\s*(.*)$/i, source: 'OpenSMTPD delivery report ("Error is:")' },
  { pattern: /^\s*Diagnostic(?:-Code| code)\s*:\s*(.*)$/i, source: 'Sun/Oracle Messaging Server report ("Diagnostic code:"); RFC 3464 §2.3.6' },
  { pattern: /^\s*Reason:\s*(.*)$/i, source: MW('§1: dream.jp error05 ("Reason: <a> ...User unknown")') },
  { pattern: /^\s*Remote Server returned '(.*?)'?\s*$/i, source: MW('§1, §25: EXO; PB/2SNHTj4Y, PB/4NLVeuUu ("Remote Server returned \'<reply>\'")') },
  { pattern: /^\s*(?:Remote host said|Remote server replied|The remote server said|Error message):\s*(.*)$/i, source: MW('§1: QM qmail-remote.c ("Remote host said:")') },
];

/** Sentences that name the failed recipient inline; group 1 is the address. */
export const RECIPIENT_SENTENCES: readonly Wording[] = [
  { pattern: sentence(`(?:wasn't|was not|couldn't be|could not be) delivered to <?(ADDR)>?`), source: 'Gmail ("Your message wasn\'t delivered to <a> because …") and Exchange NDR layouts' },
  { pattern: sentence(`Your message to <?(ADDR)>? (?:couldn't|could not|cannot|can't) be delivered`), source: MW('§1: PB/gJSdfVeR (Office 365 NDR body)') },
  { pattern: sentence(`(?:delivery|deliver(?:ing)? (?:your|the) message) to <?(ADDR)>? (?:failed|has failed|has been delayed|was delayed)`), source: 'Gmail and Exchange delay/failure sentences (observed)' },
];
