/**
 * Resend vocabulary → hints: what its event types and bounce types mean for Rebound. Resend
 * sends through Amazon SES and reports SES's bounce types. Data tables; the inferred codes are
 * conventions, never remote replies.
 */
import type { Reason } from '../../types.ts';
import type { HintRow } from '../shared/hints.ts';

// ---------------------------------------------------------------------------------------------
// Resend — https://resend.com/docs/webhooks/event-types,
// https://resend.com/docs/dashboard/emails/email-bounces (bounce types and subtypes)
// ---------------------------------------------------------------------------------------------

/** Event `type` values other than `email.bounced` (whose bounce decides, below). */
// biome-ignore format: data table, one row per line
export const RESEND_EVENTS: ReadonlyMap<string, HintRow> = new Map<string, HintRow>([
  ['email.delivered', { kind: 'delivery' }],
  // "couldn't be delivered due to a temporary issue": no reason, no SMTP reply, still retrying.
  ['email.delivery_delayed', { kind: 'deferral', permanence: 'transient', infer: { code: 450, enhanced: '4.0.0' } }],
  ['email.complained', { kind: 'complaint', permanence: 'permanent', reason: 'complaint' }],
  // "the email is suppressed by Resend": never sent, an echo of Resend's own list.
  ['email.suppressed', { kind: 'dropped', permanence: 'permanent', reason: 'vendor-suppressed', echo: true, infer: { code: 550, enhanced: '5.1.1' } }],
  // Sender-side failures (quota, API key, domain verification): see RESEND_FAILED_REASONS.
  ['email.failed', { kind: 'reject', permanence: 'permanent', reason: 'undetermined' }],
  ['email.sent', { kind: 'ignored' }],
  ['email.scheduled', { kind: 'ignored' }],
  ['email.opened', { kind: 'ignored' }],
  ['email.clicked', { kind: 'ignored' }],
  ['email.received', { kind: 'ignored' }],
  // Resend lifted its own suppression: Rebound keeps its own evidence (lift it with `rebound lift`).
  ['suppression.removed', { kind: 'ignored' }],
]);

/** `suppression.added` by `origin`: Resend's list repeating a bounce, complaint or manual entry. */
// biome-ignore format: data table, one row per line
export const RESEND_SUPPRESSION_ORIGINS: ReadonlyMap<string, HintRow> = new Map<string, HintRow>([
  ['bounce', { kind: 'dropped', permanence: 'permanent', reason: 'vendor-suppressed', echo: true, infer: { code: 550, enhanced: '5.1.1' } }],
  ['complaint', { kind: 'dropped', permanence: 'permanent', reason: 'complaint', echo: true }],
  // The sender added it in Resend: our own act repeated back.
  ['manual', { kind: 'dropped', permanence: 'permanent', reason: 'vendor-suppressed', echo: true }],
]);

/** `email.failed` `failed.reason` → reason hint (https://resend.com/docs/webhooks/emails/failed). */
// biome-ignore format: data table, one row per line
export const RESEND_FAILED_REASONS: ReadonlyMap<string, Reason> = new Map<string, Reason>([
  ['reached_daily_quota', 'sender-account'],
  ['reached_monthly_quota', 'sender-account'],
]);

/** `bounce.type` → default for any subtype not listed below. `Temporary` is `Transient`. */
// biome-ignore format: data table, one row per line
export const RESEND_BOUNCE_TYPES: ReadonlyMap<string, HintRow> = new Map<string, HintRow>([
  ['Permanent', { kind: 'bounce', permanence: 'permanent', infer: { code: 550, enhanced: '5.0.0' } }],
  ['Transient', { kind: 'bounce', permanence: 'transient', infer: { code: 450, enhanced: '4.0.0' } }],
  ['Temporary', { kind: 'bounce', permanence: 'transient', infer: { code: 450, enhanced: '4.0.0' } }],
  ['Undetermined', { kind: 'bounce', permanence: 'undetermined', reason: 'undetermined' }],
]);

/** `bounce.type/subType` → meaning (SES's vocabulary). */
// biome-ignore format: data table, one row per line
export const RESEND_BOUNCE_SUBTYPES: ReadonlyMap<string, HintRow> = new Map<string, HintRow>([
  // General: ambiguous, the diagnostic code decides; without one the type's default applies.
  ['Permanent/General', { kind: 'bounce', permanence: 'permanent', infer: { code: 550, enhanced: '5.0.0' } }],
  ['Permanent/NoEmail', { kind: 'bounce', permanence: 'permanent', reason: 'user-unknown', infer: { code: 550, enhanced: '5.1.1' } }],
  // "on the suppression list because it has a recent history of producing hard bounces": an echo.
  ['Permanent/Suppressed', { kind: 'bounce', permanence: 'permanent', reason: 'vendor-suppressed', echo: true, infer: { code: 550, enhanced: '5.1.1' } }],
  ['Permanent/OnAccountSuppressionList', { kind: 'bounce', permanence: 'permanent', reason: 'vendor-suppressed', echo: true, infer: { code: 550, enhanced: '5.1.1' } }],
  ['Transient/General', { kind: 'bounce', permanence: 'transient', infer: { code: 450, enhanced: '4.0.0' } }],
  ['Transient/MailboxFull', { kind: 'bounce', permanence: 'transient', reason: 'mailbox-full', infer: { code: 452, enhanced: '4.2.2' } }],
  ['Transient/MessageTooLarge', { kind: 'bounce', permanence: 'transient', reason: 'message-too-large', infer: { code: 552, enhanced: '5.3.4' } }],
  ['Transient/ContentRejected', { kind: 'bounce', permanence: 'transient', reason: 'content-rejected', infer: { code: 554, enhanced: '5.6.0' } }],
  ['Transient/AttachmentRejected', { kind: 'bounce', permanence: 'transient', reason: 'content-rejected', infer: { code: 554, enhanced: '5.6.0' } }],
  ['Undetermined/Undetermined', { kind: 'bounce', permanence: 'undetermined', reason: 'undetermined' }],
]);

/**
 * Bounces of the 2023 shape carry only `bounce.message`, one fixed text per case (anymail's real
 * payloads; anymail reads them the same way). Matched lower-cased, first row wins.
 */
// biome-ignore format: data table, one row per line
export const RESEND_LEGACY_MESSAGES: readonly (readonly [string, string])[] = [
  // "Resend has suppressed sending to this address because it is on the account-level suppression list"
  ['suppressed sending', 'Permanent/OnAccountSuppressionList'],
  ['on the suppression list', 'Permanent/Suppressed'],
  // "The recipient's email provider sent a hard bounce message, but didn't specify the reason"
  ['hard bounce', 'Permanent/General'],
  ["recipient's inbox was full", 'Transient/MailboxFull'],
];
