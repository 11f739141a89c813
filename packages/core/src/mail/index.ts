/**
 * @rebound/core/mail: bounce mails (DSN, ARF, plain-text and auto-reply bounces) read into
 * a report and into normalized events. Its own entry point because it carries the MIME parser
 * (postal-mime): code that never reads a mail never loads it.
 */
export { type MailEventOptions, mailEvents } from './events.ts';
export { MAX_MAIL_BYTES } from './mime.ts';
export { parseBounceMail } from './parse-mail.ts';
export type {
  MailOutcome,
  MailRecipient,
  MailReport,
  MailReportKind,
} from './report.ts';
