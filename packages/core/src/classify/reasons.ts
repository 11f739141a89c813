/**
 * "What we do" for each "what happened": the action a reason calls for, whose side the cause is
 * on (only recipient-side causes may escalate to a suppression), and one line of meaning.
 * `rules.ts` decides the reason; this table, not the rule row, decides the action.
 */
import type { Action, Reason } from '../types.ts';

/** Whose problem a reason is. Escalation to a suppression is only for `recipient` causes. */
export type Side = 'recipient' | 'sender' | 'message' | 'unknown';

/** One row: the action for a permanent failure, the side, and what the reason means. */
export interface ReasonRow {
  action: Action;
  side: Side;
  meaning: string;
}

// biome-ignore format: one reason per line reads as a table.
export const REASONS: Readonly<Record<Reason, ReasonRow>> = {
  // The address (or its domain) cannot receive mail: evidence for a suppression.
  'user-unknown': { action: 'suppress', side: 'recipient', meaning: 'the mailbox does not exist' },
  'host-unknown': { action: 'suppress', side: 'recipient', meaning: 'the domain does not exist or accepts no mail (null MX)' },
  'mailbox-disabled': { action: 'suppress', side: 'recipient', meaning: 'the mailbox exists but is disabled, suspended or closed' },
  'invalid-address': { action: 'suppress', side: 'recipient', meaning: 'the address is not a valid address' },
  'recipient-moved': { action: 'suppress', side: 'recipient', meaning: 'the recipient has moved or left' },
  complaint: { action: 'suppress', side: 'recipient', meaning: 'the recipient reported the mail as spam' },
  unsubscribed: { action: 'suppress', side: 'recipient', meaning: 'the recipient asked to stop' },
  'vendor-suppressed': { action: 'suppress', side: 'recipient', meaning: "the ESP refused to send: the address is on its own list" },
  'persistent-soft-bounce': { action: 'suppress', side: 'recipient', meaning: 'a recipient-side soft bounce that lasted 24 h+ across messages' },
  'repeated-hard-failure': { action: 'suppress', side: 'recipient', meaning: 'unexplained permanent failures from two messages 24 h+ apart' },
  // Temporary: send again later.
  'mailbox-full': { action: 'retry', side: 'recipient', meaning: 'the mailbox is full (over quota)' },
  'network-error': { action: 'retry', side: 'recipient', meaning: "the recipient's server could not be reached" },
  'dns-temporary': { action: 'retry', side: 'recipient', meaning: 'a DNS lookup of the recipient domain did not complete' },
  'system-error': { action: 'retry', side: 'recipient', meaning: "the recipient's server had an internal error" },
  'rate-limited': { action: 'retry', side: 'sender', meaning: 'too much mail too fast (from us, or to this recipient)' },
  greylisted: { action: 'retry', side: 'sender', meaning: 'a deliberate first-attempt deferral of our server' },
  expired: { action: 'retry', side: 'unknown', meaning: 'the sending MTA gave up after its own retries' },
  'temporary-failure': { action: 'retry', side: 'unknown', meaning: 'a temporary failure that says no more' },
  // The message itself.
  'message-too-large': { action: 'fix-message', side: 'message', meaning: 'the message exceeds a size limit' },
  'content-rejected': { action: 'fix-message', side: 'message', meaning: 'a virus, attachment or URL in the message was refused' },
  'malformed-message': { action: 'fix-message', side: 'message', meaning: 'the message breaks RFC 5322/5321 (headers, line length, 8-bit)' },
  // Our own sending setup.
  'auth-failed': { action: 'fix-config', side: 'sender', meaning: 'SMTP authentication of our submission failed or is required' },
  'spf-dkim-dmarc': { action: 'fix-config', side: 'sender', meaning: 'our domain failed SPF, DKIM or DMARC' },
  'no-reverse-dns': { action: 'fix-config', side: 'sender', meaning: 'our sending IP has no valid reverse DNS or HELO name' },
  'dns-misconfigured': { action: 'fix-config', side: 'sender', meaning: "our sender domain's DNS is missing or wrong" },
  'sender-account': { action: 'fix-config', side: 'sender', meaning: 'our sending account is disabled, unverified or over its quota' },
  'tls-required': { action: 'fix-config', side: 'sender', meaning: 'the receiver requires TLS and we did not use it' },
  // Policy: the address is probably fine; a human reads the text.
  'sender-rejected': { action: 'investigate', side: 'sender', meaning: 'our envelope sender was refused' },
  blocklisted: { action: 'investigate', side: 'sender', meaning: 'our IP or domain is on a blocklist' },
  reputation: { action: 'investigate', side: 'sender', meaning: 'the receiver distrusts our traffic' },
  'policy-block': { action: 'investigate', side: 'sender', meaning: "a receiver policy refused the mail (not the address's fault)" },
  'relay-denied': { action: 'investigate', side: 'sender', meaning: 'the server refused to relay for the domain' },
  'spam-detected': { action: 'investigate', side: 'message', meaning: "the receiver's spam filter refused the mail" },
  'mail-loop': { action: 'investigate', side: 'unknown', meaning: 'a forwarding or MX loop' },
  'auto-reply': { action: 'investigate', side: 'unknown', meaning: 'an automatic reply, not a failure' },
  undetermined: { action: 'investigate', side: 'unknown', meaning: 'nothing in the reply says why' },
};

/** Reasons that say something about the address itself (a suppression's evidence). */
export function isAddressReason(reason: Reason): boolean {
  return REASONS[reason].action === 'suppress';
}
