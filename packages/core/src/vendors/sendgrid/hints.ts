/**
 * SendGrid vocabulary → hints: what its own event and type labels mean for Rebound. Data table;
 * the inferred codes are conventions, never remote replies.
 */
import type { Reason } from '../../types.ts';
import type { HintRow } from '../shared/hints.ts';

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
  // "Opt Out of All Emails": SendGrid stops every message to the address, so it is global.
  ['unsubscribe', { kind: 'unsubscribe', permanence: 'permanent', reason: 'unsubscribed', scope: 'global' }],
  // An unsubscribe group (ASM) is one kind of mail: the message's stream.
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
  // (docs/policy.md): Rebound retries under its own schedule and escalation rules.
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
