/**
 * Each vendor's suppression lists and what an entry on them means for Rebound, as data: the
 * same reasons (and inferred reply parts) the webhooks give the same vendor labels, so a
 * pulled entry and the webhook event for the same suppression read alike. Every pulled entry
 * is an echo: the vendor repeating its own suppression, never new evidence.
 */
import type { Reason } from '@rebound/core';
import type { InferredCode, SesReason } from './sync-types.ts';

/** One SendGrid v3 suppression list. */
export interface SendgridList {
  /** The list's name in its URL, used in labels: `sendgrid:sync/<name>`. */
  name: string;
  /** `GET` this with `limit`/`offset`/`start_time`/`end_time`. */
  listPath: string;
  /** `DELETE` this + the URL-encoded address removes one entry. */
  deletePath: string;
  /** null: the entry's reply text decides (blocks are policy blocks unless the text says else). */
  reason: Reason | null;
  infer: InferredCode | null;
}

/**
 * SendGrid v3 (https://www.twilio.com/docs/sendgrid/api-reference/bounces-api,
 * …/blocks-api, …/spam-reports-api, …/invalid-e-mails-api, …/suppressions-global-suppressions).
 * Reasons as the Event Webhook's `dropped` reasons map them (core vendor-types: "Bounced
 * Address" → vendor-suppressed 550 5.1.1, "Spam Reporting Address" → complaint, "Unsubscribed
 * Address" → unsubscribed, "Invalid" → invalid-address 553 5.1.3). Blocks have no webhook
 * drop reason: SendGrid does not suppress on them, and a policy block is never a suppression,
 * so only a block whose own reply names an address failure becomes evidence. Order matters:
 * an echo only creates a missing record, so the lists whose reasons never expire (complaints,
 * unsubscribes, invalid addresses) are read before bounces, and win for an address on several.
 */
// biome-ignore format: data table, one row per line
export const SENDGRID_LISTS: readonly SendgridList[] = [
  { name: 'spam_reports', listPath: '/v3/suppression/spam_reports', deletePath: '/v3/suppression/spam_reports/', reason: 'complaint', infer: null },
  { name: 'unsubscribes', listPath: '/v3/suppression/unsubscribes', deletePath: '/v3/asm/suppressions/global/', reason: 'unsubscribed', infer: null },
  { name: 'invalid_emails', listPath: '/v3/suppression/invalid_emails', deletePath: '/v3/suppression/invalid_emails/', reason: 'invalid-address', infer: { code: 553, enhanced: '5.1.3' } },
  { name: 'bounces', listPath: '/v3/suppression/bounces', deletePath: '/v3/suppression/bounces/', reason: 'vendor-suppressed', infer: { code: 550, enhanced: '5.1.1' } },
  { name: 'blocks', listPath: '/v3/suppression/blocks', deletePath: '/v3/suppression/blocks/', reason: null, infer: null },
];

/** A Postmark suppression's meaning. */
export interface PostmarkMeaning {
  reason: Reason;
  infer: InferredCode | null;
}

/**
 * Postmark `SuppressionReason` (+ `Origin`) → reason, as the SubscriptionChange webhook maps
 * them (https://postmarkapp.com/developer/api/suppressions-api,
 * https://postmarkapp.com/developer/webhooks/subscription-change-webhook): HardBounce →
 * vendor-suppressed, SpamComplaint → complaint, ManualSuppression by the Recipient (an
 * unsubscribe link) → unsubscribed, by the Customer or an Admin → vendor-suppressed.
 */
export function postmarkMeaning(reason: string, origin: string): PostmarkMeaning {
  if (reason === 'SpamComplaint') return { reason: 'complaint', infer: null };
  if (reason === 'ManualSuppression' && origin === 'Recipient') {
    return { reason: 'unsubscribed', infer: null };
  }
  // HardBounce, a ManualSuppression by the Customer/Admin, and any reason Postmark adds later.
  return { reason: 'vendor-suppressed', infer: null };
}

/**
 * SES account-level suppression reasons (https://docs.aws.amazon.com/ses/latest/APIReference-V2/API_SuppressedDestinationSummary.html)
 * → reason, as the SES notifications map the same list (core vendor-types: a bounce with
 * subtype OnAccountSuppressionList → vendor-suppressed 550 5.1.1, a complaint echo → complaint).
 */
// biome-ignore format: data table, one row per line
export const SES_REASONS: ReadonlyMap<string, { reason: Reason; infer: InferredCode | null }> = new Map([
  ['BOUNCE', { reason: 'vendor-suppressed', infer: { code: 550, enhanced: '5.1.1' } }],
  ['COMPLAINT', { reason: 'complaint', infer: null }],
]);

/** Rebound reasons SES keeps as COMPLAINT; every other suppression is pushed as BOUNCE. */
const COMPLAINT_REASONS: ReadonlySet<Reason> = new Set<Reason>(['complaint', 'unsubscribed']);

/**
 * The SES reason to push a Rebound suppression with.
 *
 * @example sesReasonFor('unsubscribed') // 'COMPLAINT'
 */
export function sesReasonFor(reason: Reason): SesReason {
  return COMPLAINT_REASONS.has(reason) ? 'COMPLAINT' : 'BOUNCE';
}
