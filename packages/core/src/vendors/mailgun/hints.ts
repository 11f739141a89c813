/**
 * Mailgun vocabulary → hints: what its `event`, `severity` and `reason` labels mean for Rebound.
 * Data tables; the inferred codes are conventions, never remote replies.
 */
import type { HintRow } from '../shared/hints.ts';

// ---------------------------------------------------------------------------------------------
// Mailgun — https://documentation.mailgun.com/docs/mailgun/user-manual/events/event-types,
// https://documentation.mailgun.com/docs/mailgun/user-manual/webhooks/webhook-payloads
// (reasons: Stats API counters and mailgun-go `events/enums.go`; shared/docs/vendor-formats-more.md §1.5)
// ---------------------------------------------------------------------------------------------

/** `event` values other than `failed` (whose severity and reason decide, below). */
// biome-ignore format: data table, one row per line
export const MAILGUN_EVENTS: ReadonlyMap<string, HintRow> = new Map<string, HintRow>([
  ['delivered', { kind: 'delivery' }],
  // FBL-based spam report; Mailgun then suppresses the address itself.
  ['complained', { kind: 'complaint', permanence: 'permanent', reason: 'complaint' }],
  // Mailgun's unsubscribe link (unsubscribe tracking). Kept on the message's stream.
  ['unsubscribed', { kind: 'unsubscribe', permanence: 'permanent', reason: 'unsubscribed' }],
  ['accepted', { kind: 'ignored' }],
  ['opened', { kind: 'ignored' }],
  ['clicked', { kind: 'ignored' }],
  ['stored', { kind: 'ignored' }],
  // Mailgun refused the send request itself (not offered as a webhook): nothing about the address.
  ['rejected', { kind: 'ignored' }],
]);

/**
 * `failed` by `reason`, whatever the severity: echoes of Mailgun's own suppression lists
 * ("Not delivering to previously bounced/unsubscribed address", codes 605/606/607) and the
 * legacy `hardfail`. Mailgun never attempted delivery: not new evidence.
 */
// biome-ignore format: data table, one row per line
export const MAILGUN_ECHO_REASONS: ReadonlyMap<string, HintRow> = new Map<string, HintRow>([
  ['suppress-bounce', { kind: 'dropped', permanence: 'permanent', reason: 'vendor-suppressed', echo: true, infer: { code: 550, enhanced: '5.1.1' } }],
  ['suppress-complaint', { kind: 'dropped', permanence: 'permanent', reason: 'complaint', echo: true }],
  ['suppress-unsubscribe', { kind: 'dropped', permanence: 'permanent', reason: 'unsubscribed', echo: true }],
  // Legacy `dropped`/`hardfail`: "previously bounced, unsubscribed, or complained".
  ['hardfail', { kind: 'dropped', permanence: 'permanent', reason: 'vendor-suppressed', echo: true }],
]);

/** `failed` + `severity: permanent` by `reason`. */
// biome-ignore format: data table, one row per line
export const MAILGUN_PERMANENT_REASONS: ReadonlyMap<string, HintRow> = new Map<string, HintRow>([
  // "The receiving server refused the recipient during the SMTP session": Mailgun's hard bounce
  // (it adds the address to its Bounces list after one). The reply still decides when it speaks.
  ['bounce', { kind: 'bounce', permanence: 'permanent', infer: { code: 550, enhanced: '5.0.0' } }],
  // Anything else, delayed bounces included: never decided by the reason, the reply decides.
  ['generic', { kind: 'bounce', permanence: 'undetermined' }],
  // Mailgun gave up after ≈ 8 h of retries: a queue expiry. Never suppress on expiry alone
  // (policy.md): the last reply decides, else Rebound retries under its own schedule.
  ['old', { kind: 'bounce', permanence: 'transient', reason: 'expired', infer: { code: 450, enhanced: '4.4.7' } }],
  ['espblock', { kind: 'block', permanence: 'undetermined', reason: 'policy-block' }],
  ['blacklisted', { kind: 'block', permanence: 'undetermined', reason: 'blocklisted' }],
  ['greylisted', { kind: 'deferral', permanence: 'transient', reason: 'greylisted', infer: { code: 450, enhanced: '4.0.0' } }],
]);

/** Any other permanent reason (`unknown`, new ones): the reply decides. */
export const MAILGUN_PERMANENT_OTHER: HintRow = { kind: 'bounce', permanence: 'undetermined' };

/** `failed` + `severity: temporary`: Mailgun will try again. One event per failed attempt. */
// biome-ignore format: data table, one row per line
export const MAILGUN_TEMPORARY_REASONS: ReadonlyMap<string, HintRow> = new Map<string, HintRow>([
  ['greylisted', { kind: 'deferral', permanence: 'transient', reason: 'greylisted', infer: { code: 450, enhanced: '4.0.0' } }],
  // "failed temporary due to ESP block, will be retried" (Stats API).
  ['espblock', { kind: 'deferral', permanence: 'transient', reason: 'policy-block', infer: { code: 450, enhanced: '4.7.1' } }],
]);

/** Any other temporary reason (`generic`: connections, throttling, DNS): a deferral. */
// biome-ignore format: data table, one row per line
export const MAILGUN_TEMPORARY_OTHER: HintRow = { kind: 'deferral', permanence: 'transient', infer: { code: 450, enhanced: '4.0.0' } };

/** `failed` with no usable severity (mailgun-go also knows `internal`, `unknown`). */
export const MAILGUN_FAILED_OTHER: HintRow = { kind: 'bounce', permanence: 'undetermined' };

/**
 * `delivery-status.code` values that are Mailgun's own, never a remote server's reply:
 * 498 "No MX", 499 "Unable to connect", 605/606/607 suppression echoes, 625 list quality
 * (anymail and Symfony fixtures; vendor-formats-more.md §1.6). Codes ≥ 600 are all Mailgun's.
 */
export const MAILGUN_PSEUDO_CODES: ReadonlySet<number> = new Set([498, 499]);
