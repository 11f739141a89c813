/**
 * The shared vocabulary of Rebound: SMTP replies, verdicts, retry plans, normalized events,
 * and the ports that `@rebound/aws` implements.
 */

/** What the operator should do about one failed recipient. */
export type Action = 'retry' | 'suppress' | 'fix-message' | 'fix-config' | 'investigate';

/** Every action, in a stable order (useful for tables and validation). */
export const ACTIONS: readonly Action[] = [
  'retry',
  'suppress',
  'fix-message',
  'fix-config',
  'investigate',
];

/**
 * What happened, finer than the action. A reason never decides the schedule by itself:
 * `classify/rules.ts` pairs each reason with an action, `retry/policy.ts` with the backoff.
 */
export type Reason =
  // the address will never accept mail
  | 'user-unknown'
  | 'host-unknown'
  | 'mailbox-disabled'
  | 'invalid-address'
  | 'recipient-moved'
  | 'complaint'
  | 'unsubscribed'
  | 'vendor-suppressed'
  | 'persistent-soft-bounce'
  | 'repeated-hard-failure'
  // temporary
  | 'mailbox-full'
  | 'rate-limited'
  | 'greylisted'
  | 'network-error'
  | 'dns-temporary'
  | 'system-error'
  | 'expired'
  | 'temporary-failure'
  // the message itself
  | 'message-too-large'
  | 'content-rejected'
  | 'malformed-message'
  // our sending setup
  | 'auth-failed'
  | 'spf-dkim-dmarc'
  | 'no-reverse-dns'
  | 'sender-rejected'
  | 'dns-misconfigured'
  | 'sender-account'
  | 'tls-required'
  // policy blocks: the address is probably fine
  | 'blocklisted'
  | 'reputation'
  | 'policy-block'
  | 'relay-denied'
  | 'spam-detected'
  | 'mail-loop'
  // nothing to go on
  | 'auto-reply'
  | 'undetermined';

/** Where a part of a normalized SMTP reply came from. */
export type PartOrigin = 'vendor-field' | 'parsed' | 'inferred';

/** The SMTP command a reply answered, when the diagnostic says so. */
export type SmtpCommand = 'CONNECT' | 'HELO' | 'MAIL' | 'RCPT' | 'DATA' | 'QUIT';

/**
 * A normalized SMTP reply: basic code (RFC 5321 §4.2), enhanced status code (RFC 3463),
 * text, and where each part came from.
 */
export interface SmtpReply {
  /** Basic reply code, 200–599, or null when none was found. */
  code: number | null;
  /** Enhanced status code `class.subject.detail` (e.g. `5.1.1`), or null. */
  enhanced: string | null;
  /** The reply text, cleaned of transport prefixes (`smtp;`), codes kept out. */
  text: string;
  /** Origin of each part; null where the part is absent. */
  parts: { code: PartOrigin | null; enhanced: PartOrigin | null; text: PartOrigin | null };
  /** Set when the basic class (4 or 5) and the enhanced class disagree; both are kept. */
  conflict: { codeClass: number; enhancedClass: number } | null;
  /** The SMTP command the reply answered, when the text says (`in reply to RCPT TO command`). */
  command: SmtpCommand | null;
}

/** The events Rebound distinguishes. `ignored` covers engagement and informational events. */
export type EventKind =
  | 'bounce'
  | 'deferral'
  | 'block'
  | 'complaint'
  | 'unsubscribe'
  | 'resubscribe'
  | 'delivery'
  | 'dropped'
  | 'reject'
  | 'ignored';

/**
 * Where an event came from: a registered vendor's id (`VendorId` in vendors/registry.ts) or
 * `mail` (raw bounce mail). A plain string here, so these core types depend on no vendor.
 */
export type Vendor = string;

/**
 * What a vendor already concluded about an event. Hints inform the classifier;
 * a clear SMTP reply wins over them.
 */
export interface VendorHints {
  /** The kind of event the vendor reported. */
  kind?: EventKind;
  /** The vendor's permanence judgement (SES bounceType, SendGrid bounce vs blocked, …). */
  permanence?: 'permanent' | 'transient' | 'undetermined';
  /** The reason the vendor's own vocabulary implies (mapped in `vendors/<id>/hints.ts`). */
  reason?: Reason;
  /** The vendor's raw labels, for evidence: e.g. `ses:Permanent/General`, `postmark:HardBounce`. */
  labels?: string[];
  /**
   * A resubscribe that reactivates the address whatever it was suppressed for (Postmark's
   * reactivation lifts its own deactivations too); a plain resubscribe lifts only opt-outs.
   */
  reactivates?: true;
  /**
   * The vendor applies this opt-out to every message of the account, whatever stream it came
   * from (SendGrid's global unsubscribe, SES's account-level suppression list): the
   * suppression is global even when streams are configured.
   */
  scope?: 'global';
}

/** When and how often to retry a soft bounce. */
export interface RetryPlan {
  /** Delay before each attempt, in seconds from the previous failure. */
  delays_s: number[];
  /** Total retry window from the first failure, in seconds. */
  window_s: number;
  /** Jitter applied to each delay when it is scheduled, as a fraction (0.2 = ±20 %); 0 or absent: none. */
  jitter?: number;
}

/** The classifier's answer: what to do, why, and which rule said so. */
export interface Verdict {
  action: Action;
  reason: Reason;
  /** Id of the rule that fired (a row of `classify/rules.ts`). */
  rule: string;
  /** The rule's source: an RFC section, provider documentation, or a fixture. */
  source: string;
  /** The retry plan when `action` is `retry`, else null. */
  retry: RetryPlan | null;
  /**
   * An unproven permanent failure (a bare 5xx that says nothing about the address): investigate
   * now; the same address failing so again from another message 24 h+ later is suppressed.
   */
  probation?: true;
  /** The rule-table version that decided (`RULES_VERSION`); absent on verdicts stored before versions. */
  rulesVersion?: string;
}

/** One recipient of one vendor event, normalized. */
export interface NormalizedEvent {
  /** Stable id derived from the event's content, so redeliveries and duplicates collapse. */
  id: string;
  vendor: Vendor;
  /** The vendor's own event id (sg_event_id, Postmark ID, SNS MessageId/feedbackId), if any. */
  vendorEventId: string | null;
  kind: EventKind;
  /** Normalized recipient (trimmed, display name removed, lowercased, IDN to ASCII), or null. */
  recipient: string | null;
  /** The vendor's message id (sg_message_id, Postmark MessageID, SES mail.messageId). */
  messageId: string | null;
  /** ISO 8601 time of the event as the vendor reports it. */
  occurredAt: string;
  /** The SMTP reply, parsed or inferred; null for events with none (complaints, deliveries without text). */
  reply: SmtpReply | null;
  hints: VendorHints;
  /** The classifier's verdict; null for events that need none (delivery, ignored, resubscribe). */
  verdict: Verdict | null;
  /** True when the vendor only reports its own earlier suppression: not new evidence. */
  echo: boolean;
  /** Custom args / tags / metadata echoed by the vendor. String values only. */
  metadata: Record<string, string>;
}

/** A webhook request as received: lowercased header names and the exact raw body bytes. */
export interface RawRequest {
  headers: Readonly<Record<string, string | undefined>>;
  body: Uint8Array;
  /** The client address, for IP allowlists. */
  sourceIp?: string;
}
