/**
 * Postmark vocabulary → hints: what its own event and type labels mean for Rebound. Data table;
 * the inferred codes are conventions, never remote replies.
 */
import type { HintRow } from '../shared/hints.ts';

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
  // Origin Recipient: the recipient's own unsubscribe (new evidence). Customer/Admin: see parse.ts.
  ['ManualSuppression', { kind: 'unsubscribe', permanence: 'permanent', reason: 'unsubscribed' }],
]);
