/**
 * What Rebound reads out of one raw bounce mail: the report's kind, the MTA family that wrote it
 * and one entry per recipient it names. Events are built from this in `events.ts`.
 */

/** How the mail reports: RFC 3464 DSN, RFC 5965 ARF, free text, an auto-reply, or nothing at all. */
export type MailReportKind = 'dsn' | 'arf' | 'plain' | 'auto-reply' | 'not-a-bounce';

/**
 * What happened to one recipient. `failed`/`delayed` come from a DSN `Action` (or the text of a
 * plain bounce); the others from an ARF `Feedback-Type`. `delivered` covers `relayed`/`expanded`.
 */
export type MailOutcome =
  | 'failed'
  | 'delayed'
  | 'delivered'
  | 'complaint'
  | 'unsubscribe'
  | 'auth-failure'
  | 'ignored';

/** One recipient named by the report. */
export interface MailRecipient {
  /** The address as the report wrote it (normalized later, when the event is built). */
  address: string;
  outcome: MailOutcome;
  /** The report's own word for it: DSN `Action`, ARF `Feedback-Type`, or `failed`/`delayed`. */
  label: string;
  /** DSN `Status` (an enhanced code), when given. */
  status: string | null;
  /** The remote server's reply: DSN `Diagnostic-Code` (type prefix kept) or the located text. */
  diagnostic: string | null;
  /** DSN `Remote-MTA`, ARF `Source-IP`, when given. */
  remote: string | null;
  /** ISO time of this recipient's report (`Last-Attempt-Date`, `Arrival-Date`), when given. */
  at: string | null;
}

/** The result of `parseBounceMail`. */
export interface MailReport {
  kind: MailReportKind;
  /** The MTA or provider family recognized (`postfix`, `exim`, `gmail`, …), or `unknown`. */
  family: string;
  /** Every family whose marker the mail carries, first = `family` (relays such as Mailgun last). */
  families: string[];
  /** The bounce mail's own Message-ID, Subject and Date (ISO). */
  bounceMessageId: string | null;
  subject: string | null;
  date: string | null;
  /** The original (bounced) message's Message-ID, angle brackets removed. */
  messageId: string | null;
  /** DSN `Reporting-MTA` or ARF `User-Agent`, when given. */
  reporter: string | null;
  recipients: MailRecipient[];
}
