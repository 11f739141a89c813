/**
 * RFC 5965 abuse feedback reports (ARF) and RFC 6591 authentication failure reports: the
 * Feedback-Type decides the outcome; the recipient is the one who complained.
 */

import { dateOf } from './dsn.ts';
import { type FieldGroup, field, parseFieldGroups, untyped } from './fields.ts';
import type { MailOutcome, MailRecipient } from './report.ts';

/** Feedback-Type → outcome. Unknown types read as `other` (RFC 5965 §7.3: "any other feedback"). */
// biome-ignore format: data table, one row per line
const FEEDBACK_TYPES: ReadonlyMap<string, MailOutcome> = new Map<string, MailOutcome>([
  ['abuse', 'complaint'], // RFC 5965 §7.3: unsolicited email or some other kind of email abuse
  ['fraud', 'complaint'], // RFC 5965 §7.3: some kind of fraud or phishing activity
  ['virus', 'complaint'], // RFC 5965 §7.3: report of a virus found in the originating message
  ['other', 'complaint'], // RFC 5965 §7.3: any other feedback that does not fit other types
  ['opt-out', 'unsubscribe'], // draft-shafranovich-feedback-report (opt-out request)
  ['opt-out-list', 'unsubscribe'], // same draft: remove from a list
  ['unsubscribe', 'unsubscribe'], // feedback-loop vendors' spelling of opt-out
  ['auth-failure', 'auth-failure'], // RFC 6591 §3: authentication failure report (our setup)
  ['not-spam', 'ignored'], // RFC 6430 §3: the message was marked as not spam
]);

/** What an ARF report says. */
export interface ArfContent {
  reporter: string | null;
  recipients: MailRecipient[];
}

/**
 * Reads the feedback-report part. Recipients: every Original-Rcpt-To, else Removal-Recipient,
 * else `fallbackRecipients` (the To of the returned message).
 * @example readArf(['Feedback-Type: abuse\nOriginal-Rcpt-To: a@b.c'], []).recipients[0].outcome // 'complaint'
 */
export function readArf(
  texts: readonly string[],
  fallbackRecipients: readonly string[],
): ArfContent {
  const fields: FieldGroup = new Map();
  for (const text of texts) {
    for (const group of parseFieldGroups(text)) {
      for (const [k, v] of group) fields.set(k, [...(fields.get(k) ?? []), ...v]);
    }
  }
  const type = (field(fields, 'feedback-type') ?? 'other').toLowerCase().trim();
  const outcome = FEEDBACK_TYPES.get(type) ?? 'complaint';
  const named = [
    ...(fields.get('original-rcpt-to') ?? []),
    ...(fields.get('removal-recipient') ?? []),
  ];
  const first = fields.has('original-rcpt-to') ? fields.get('original-rcpt-to')! : named;
  const addresses = (first.length ? first : fallbackRecipients).map((a) => untyped(a) ?? a);
  const authFailure = field(fields, 'auth-failure');
  const diagnostic =
    outcome === 'auth-failure'
      ? `Feedback-Type: auth-failure${authFailure ? `; Auth-Failure: ${authFailure}` : ''}`
      : null;
  const at = dateOf(field(fields, 'arrival-date') ?? field(fields, 'received-date'));
  return {
    reporter: field(fields, 'user-agent'),
    recipients: addresses.map((address) => ({
      address,
      outcome,
      label: type,
      status: null,
      diagnostic,
      remote: field(fields, 'source-ip'),
      at,
    })),
  };
}
