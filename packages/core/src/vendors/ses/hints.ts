/**
 * Amazon SES vocabulary → hints: what its own event and type labels mean for Rebound. Data table;
 * the inferred codes are conventions, never remote replies.
 */
import type { Reason } from '../../types.ts';
import type { HintRow } from '../shared/hints.ts';

// ---------------------------------------------------------------------------------------------
// Amazon SES — https://docs.aws.amazon.com/ses/latest/dg/notification-contents.html,
// https://docs.aws.amazon.com/ses/latest/dg/event-publishing-retrieving-sns-contents.html
// ---------------------------------------------------------------------------------------------

/** `bounceType` → default for any subtype not listed below (SES adds subtypes over time). */
// biome-ignore format: data table, one row per line
export const SES_BOUNCE_TYPES: ReadonlyMap<string, HintRow> = new Map<string, HintRow>([
  ['Permanent', { kind: 'bounce', permanence: 'permanent', infer: { code: 550, enhanced: '5.0.0' } }],
  ['Transient', { kind: 'bounce', permanence: 'transient', infer: { code: 450, enhanced: '4.0.0' } }],
  ['Undetermined', { kind: 'bounce', permanence: 'undetermined', reason: 'undetermined' }],
]);

/** `bounceType/bounceSubType` → meaning. */
// biome-ignore format: data table, one row per line
export const SES_BOUNCE_SUBTYPES: ReadonlyMap<string, HintRow> = new Map<string, HintRow>([
  ['Undetermined/Undetermined', { kind: 'bounce', permanence: 'undetermined', reason: 'undetermined' }],
  // General: ambiguous, the DSN decides; without one the bounceType default applies.
  ['Permanent/General', { kind: 'bounce', permanence: 'permanent', infer: { code: 550, enhanced: '5.0.0' } }],
  ['Permanent/NoEmail', { kind: 'bounce', permanence: 'permanent', reason: 'user-unknown', infer: { code: 550, enhanced: '5.1.1' } }],
  // SES's own lists: never attempted, an echo of earlier evidence.
  ['Permanent/Suppressed', { kind: 'bounce', permanence: 'permanent', reason: 'vendor-suppressed', echo: true, infer: { code: 550, enhanced: '5.1.1' } }],
  ['Permanent/OnAccountSuppressionList', { kind: 'bounce', permanence: 'permanent', reason: 'vendor-suppressed', echo: true, infer: { code: 550, enhanced: '5.1.1' } }],
  // third-party only (not in AWS text consulted); same reading as the documented suppressions.
  ['Permanent/OnTenantSuppressionList', { kind: 'bounce', permanence: 'permanent', reason: 'vendor-suppressed', echo: true, infer: { code: 550, enhanced: '5.1.1' } }],
  ['Permanent/UnsubscribedRecipient', { kind: 'bounce', permanence: 'permanent', reason: 'unsubscribed', echo: true }],
  ['Permanent/EmailValidationSuppressed', { kind: 'bounce', permanence: 'permanent', reason: 'invalid-address', echo: true, infer: { code: 550, enhanced: '5.1.3' } }],
  // Transient/General also covers auto-replies (out of office); the DSN decides.
  ['Transient/General', { kind: 'bounce', permanence: 'transient', infer: { code: 450, enhanced: '4.0.0' } }],
  ['Transient/MailboxFull', { kind: 'bounce', permanence: 'transient', reason: 'mailbox-full', infer: { code: 452, enhanced: '4.2.2' } }],
  ['Transient/MessageTooLarge', { kind: 'bounce', permanence: 'transient', reason: 'message-too-large', infer: { code: 552, enhanced: '5.3.4' } }],
  ['Transient/ContentRejected', { kind: 'bounce', permanence: 'transient', reason: 'content-rejected', infer: { code: 554, enhanced: '5.6.0' } }],
  ['Transient/AttachmentRejected', { kind: 'bounce', permanence: 'transient', reason: 'content-rejected', infer: { code: 554, enhanced: '5.6.0' } }],
  ['Transient/CustomTimeoutExceeded', { kind: 'bounce', permanence: 'transient', reason: 'expired', infer: { code: 450, enhanced: '4.4.7' } }],
]);

/** `complaintSubType` values meaning SES never sent the message (its own list): an echo. */
// biome-ignore format: data table, one row per line
export const SES_COMPLAINT_ECHO_SUBTYPES: ReadonlySet<string> = new Set([
  'OnAccountSuppressionList',
  'OnTenantSuppressionList',
]);

/** DeliveryDelay `delayType` → reason hint (kind `deferral`, transient). */
// biome-ignore format: data table, one row per line
export const SES_DELAY_TYPES: ReadonlyMap<string, Reason> = new Map<string, Reason>([
  ['InternalFailure', 'system-error'],
  ['General', 'temporary-failure'],
  ['MailboxFull', 'mailbox-full'],
  ['SpamDetected', 'spam-detected'],
  ['RecipientServerError', 'system-error'],
  ['IPFailure', 'reputation'],
  ['TransientCommunicationFailure', 'network-error'],
  ['BYOIPHostNameLookupUnavailable', 'no-reverse-dns'],
  ['Undetermined', 'undetermined'],
  ['SendingDeferral', 'rate-limited'],
]);

/** Event types that are engagement or bookkeeping only. */
// biome-ignore format: data table, one row per line
export const SES_IGNORED_TYPES: ReadonlySet<string> = new Set(['Send', 'Open', 'Click']);
