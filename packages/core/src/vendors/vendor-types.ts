/**
 * Vendor vocabulary → hints: what each vendor's own event/type labels mean for Rebound (kind,
 * permanence, reason, echo, and the reply parts to infer when the vendor gives no SMTP text).
 * Data table, one block per vendor; the inferred codes are conventions, never remote replies.
 */
import type { EventKind, Reason, VendorHints } from '../types.ts';

/** One vendor label's meaning. */
export interface HintRow {
  kind: EventKind;
  permanence?: VendorHints['permanence'];
  reason?: Reason;
  /** Reply parts to synthesize (marked `'inferred'`) when the vendor gives no code/enhanced. */
  infer?: { code?: number; enhanced?: string };
  /** The vendor only repeats its own earlier suppression: not new evidence. */
  echo?: boolean;
}

/** Case-sensitive lookup that cannot reach prototype properties. */
export function lookup<T>(table: ReadonlyMap<string, T>, key: unknown): T | undefined {
  return typeof key === 'string' ? table.get(key) : undefined;
}

// ---------------------------------------------------------------------------------------------
// SendGrid — https://www.twilio.com/docs/sendgrid/for-developers/tracking-events/event
// ---------------------------------------------------------------------------------------------

/** `event` values other than `bounce` (whose `type` decides, below). */
// biome-ignore format: data table, one row per line
export const SENDGRID_EVENTS: ReadonlyMap<string, HintRow> = new Map<string, HintRow>([
  // "The receiving server temporarily rejected the message"; SendGrid retries for 72 h.
  ['deferred', { kind: 'deferral', permanence: 'transient', infer: { code: 450, enhanced: '4.0.0' } }],
  // SendGrid never attempted delivery; the reason phrase decides (SENDGRID_DROPPED_REASONS).
  ['dropped', { kind: 'dropped', permanence: 'undetermined', reason: 'undetermined' }],
  ['spamreport', { kind: 'complaint', permanence: 'permanent', reason: 'complaint' }],
  ['unsubscribe', { kind: 'unsubscribe', permanence: 'permanent', reason: 'unsubscribed' }],
  ['group_unsubscribe', { kind: 'unsubscribe', permanence: 'permanent', reason: 'unsubscribed' }],
  ['group_resubscribe', { kind: 'resubscribe' }],
  ['delivered', { kind: 'delivery' }],
  ['processed', { kind: 'ignored' }],
  ['open', { kind: 'ignored' }],
  ['click', { kind: 'ignored' }],
]);

/** `event: bounce` by `type`. Missing `type` (old payloads) reads as `bounce`. */
// biome-ignore format: data table, one row per line
export const SENDGRID_BOUNCE_TYPES: ReadonlyMap<string, HintRow> = new Map<string, HintRow>([
  // "could not or would not accept mail to this recipient permanently"
  ['bounce', { kind: 'bounce', permanence: 'permanent', infer: { code: 550, enhanced: '5.0.0' } }],
  // "temporarily" per SendGrid, yet observed with 5xx texts: the reply decides, not this row.
  ['blocked', { kind: 'block', permanence: 'transient' }],
  // SendGrid gave up after ~72 h of deferrals: a queue expiry. Never suppress on expiry alone
  // (policy.md): Rebound retries under its own schedule and escalation rules.
  ['expired', { kind: 'bounce', permanence: 'transient', reason: 'expired', infer: { code: 450, enhanced: '4.4.7' } }],
]);

/** `bounce_classification` (compared lower-cased; listmonk's case bug) → reason hint. */
// biome-ignore format: data table, one row per line
export const SENDGRID_BOUNCE_CLASSIFICATIONS: ReadonlyMap<string, Reason> = new Map<string, Reason>([
  ['invalid address', 'invalid-address'],
  ['mailbox unavailable', 'mailbox-disabled'],
  ['content', 'content-rejected'],
  ['reputation', 'reputation'],
  ['frequency or volume', 'rate-limited'],
  ['technical', 'system-error'],
  // 'unclassified': no hint.
]);

/** `dropped` reason phrases (matched lower-cased, by prefix). */
// biome-ignore format: data table, one row per line
export const SENDGRID_DROPPED_REASONS: readonly (readonly [string, HintRow])[] = [
  // SendGrid's own suppression lists: echoes of earlier evidence.
  ['bounced address', { kind: 'dropped', permanence: 'permanent', reason: 'vendor-suppressed', echo: true, infer: { code: 550, enhanced: '5.1.1' } }],
  ['unsubscribed address', { kind: 'dropped', permanence: 'permanent', reason: 'unsubscribed', echo: true }],
  ['spam reporting address', { kind: 'dropped', permanence: 'permanent', reason: 'complaint', echo: true }],
  // SendGrid's own judgement of the address: new evidence.
  ['invalid', { kind: 'dropped', permanence: 'permanent', reason: 'invalid-address', infer: { code: 553, enhanced: '5.1.3' } }],
  ['spam content', { kind: 'dropped', permanence: 'permanent', reason: 'content-rejected', infer: { code: 554, enhanced: '5.6.0' } }],
  ['invalid smtpapi header', { kind: 'dropped', permanence: 'permanent', reason: 'malformed-message', infer: { code: 554, enhanced: '5.6.0' } }],
  ['recipient list over package quota', { kind: 'dropped', permanence: 'permanent', reason: 'sender-account' }],
];

// ---------------------------------------------------------------------------------------------
// Postmark — https://postmarkapp.com/developer/api/bounce-api (bounce types table),
// https://postmarkapp.com/developer/webhooks/webhooks-overview
// ---------------------------------------------------------------------------------------------

/** A Postmark row also carries the documented numeric `TypeCode`. */
export type PostmarkRow = HintRow & { code: number };

/** Bounce `Type` name → meaning; `code` is the documented `TypeCode` (a cross-check only). */
// biome-ignore format: data table, one row per line
export const POSTMARK_BOUNCE_TYPES: ReadonlyMap<string, PostmarkRow> = new Map<string, PostmarkRow>([
  ['HardBounce', { code: 1, kind: 'bounce', permanence: 'permanent', reason: 'user-unknown', infer: { code: 550, enhanced: '5.1.1' } }],
  ['Transient', { code: 2, kind: 'bounce', permanence: 'transient', reason: 'temporary-failure', infer: { code: 450, enhanced: '4.0.0' } }],
  ['Unsubscribe', { code: 16, kind: 'unsubscribe', permanence: 'permanent', reason: 'unsubscribed' }],
  ['Subscribe', { code: 32, kind: 'ignored' }],
  ['AutoResponder', { code: 64, kind: 'ignored', reason: 'auto-reply' }],
  ['AddressChange', { code: 128, kind: 'ignored', reason: 'recipient-moved' }],
  ['DnsError', { code: 256, kind: 'bounce', permanence: 'transient', reason: 'dns-temporary', infer: { code: 451, enhanced: '4.4.3' } }],
  // "delivered but blocked by the user, or classified as spam/bulk, or rejected content"
  ['SpamNotification', { code: 512, kind: 'block', permanence: 'transient', reason: 'spam-detected', infer: { code: 554, enhanced: '5.7.1' } }],
  ['OpenRelayTest', { code: 1024, kind: 'ignored' }],
  ['Unknown', { code: 2048, kind: 'bounce', permanence: 'undetermined', reason: 'undetermined' }],
  // "mailbox full, account disabled, exceeds quota": transient; the classifier reads the text.
  ['SoftBounce', { code: 4096, kind: 'bounce', permanence: 'transient', infer: { code: 450, enhanced: '4.0.0' } }],
  ['VirusNotification', { code: 8192, kind: 'bounce', permanence: 'permanent', reason: 'content-rejected', infer: { code: 554, enhanced: '5.6.0' } }],
  ['ChallengeVerification', { code: 16384, kind: 'ignored' }],
  ['BadEmailAddress', { code: 100000, kind: 'bounce', permanence: 'permanent', reason: 'invalid-address', infer: { code: 553, enhanced: '5.1.3' } }],
  ['SpamComplaint', { code: 100001, kind: 'complaint', permanence: 'permanent', reason: 'complaint' }],
  // Postmark repeats its own (manual) deactivation: an echo.
  ['ManuallyDeactivated', { code: 100002, kind: 'dropped', permanence: 'permanent', reason: 'vendor-suppressed', echo: true }],
  ['Unconfirmed', { code: 100003, kind: 'dropped', permanence: 'permanent', reason: 'vendor-suppressed' }],
  ['Blocked', { code: 100006, kind: 'block', permanence: 'transient', reason: 'policy-block', infer: { code: 554, enhanced: '5.7.1' } }],
  ['SMTPApiError', { code: 100007, kind: 'reject', permanence: 'permanent', reason: 'sender-account' }],
  ['InboundError', { code: 100008, kind: 'ignored' }],
  ['DMARCPolicy', { code: 100009, kind: 'bounce', permanence: 'permanent', reason: 'spf-dkim-dmarc', infer: { code: 550, enhanced: '5.7.26' } }],
  ['TemplateRenderingFailed', { code: 100010, kind: 'reject', permanence: 'permanent', reason: 'malformed-message' }],
]);

/** An unknown `Type` (and unknown `TypeCode`): "inspect / transient", never an exception. */
// biome-ignore format: data table, one row per line
export const POSTMARK_UNKNOWN_TYPE: HintRow = {
  kind: 'bounce',
  permanence: 'transient',
  reason: 'undetermined',
};

/** SubscriptionChange with `SuppressSending: true`, by `SuppressionReason`. */
// biome-ignore format: data table, one row per line
export const POSTMARK_SUPPRESSION_REASONS: ReadonlyMap<string, HintRow> = new Map<string, HintRow>([
  // Postmark deactivated the address after a bounce/complaint it reports separately: an echo.
  ['HardBounce', { kind: 'bounce', permanence: 'permanent', reason: 'vendor-suppressed', echo: true }],
  ['SpamComplaint', { kind: 'complaint', permanence: 'permanent', reason: 'complaint', echo: true }],
  // Origin Recipient: the recipient's own unsubscribe (new evidence). Customer/Admin: see postmark.ts.
  ['ManualSuppression', { kind: 'unsubscribe', permanence: 'permanent', reason: 'unsubscribed' }],
]);

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
