/**
 * The raw mail source's vocabulary: a bounce mail's own report (RFC 3464 Action, RFC 5965
 * Feedback-Type) decides the kind; the table lives with the mail parser (core/src/mail/events.ts).
 * Raw mail carries no vendor permanence: the remote server's reply is all there is.
 */
export { MAIL_OUTCOMES } from '../../mail/events.ts';
