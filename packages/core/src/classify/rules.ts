/**
 * THE rule table. One row per rule; ARRAY ORDER IS PRECEDENCE: the first row whose conditions
 * all hold decides *what happened* (the reason). *What we do* follows from the reason
 * (`reasons.ts`) and the reply's class: a temporary (4xx) failure is retried whatever its reason,
 * unless its row says otherwise. Every row cites its source. The wordings live in `phrases.ts`.
 *
 * Layers, top to bottom:
 *   A. what the vendor already knows without a reply; feedback reports; automatic replies;
 *   B. 4xx wordings that promise a retry never succeeds; provider block tags;
 *   C. specific wordings, most specific meaning first (text beats codes: docs/policy.md);
 *   D. enhanced codes whose subject is not the address (content, auth, size, network…);
 *   E. block words (beat address codes: "550 5.1.1 … blocked" is a policy block);
 *   F. address codes (X.1.x, X.2.1, X.7.13/17/18): evidence about the address;
 *   G. other policy codes, refusal words, weak address wordings;
 *   H. the vendor's own conclusion; then bare codes (unproven: probation) and fallbacks.
 *
 * Suppression needs evidence about the address (docs/policy.md "Suppress on evidence"): a row whose
 * reason suppresses must rest on an address code, a wording that says the address or domain
 * cannot receive mail, a report, or the vendor's own hard-bounce verdict. A bare permanent
 * failure is `probation`: investigate now; a second one, from another message 24 h+ later,
 * suppresses (process/probation.ts).
 */
// biome-ignore-all format: one row per rule, so the table reads as a table.
import type { Action, EventKind, Reason, SmtpCommand, VendorHints } from '../types.ts';
import * as P from './phrases.ts';

/** One classification rule. All the conditions given must hold. */
export interface Rule {
  id: string;
  /** What happened. The action comes from `REASONS` (and the reply's class) unless `action` says. */
  reason: Reason;
  /** Phrases of the reply text (lowercase substrings or patterns); any one matches. */
  text?: P.Phrases;
  /** Basic reply codes (as the remote server or the vendor gave them; never inferred ones). */
  codes?: readonly number[];
  /** Enhanced codes: exact (`5.1.1`), any class (`x.1.1`), a prefix (`x.7.*`), or a pattern. */
  enhanced?: readonly (string | RegExp)[];
  /** The reply's class: 4 when either code says temporary (or the vendor deferred), else 5 or 2. */
  classes?: readonly number[];
  /** The SMTP command the reply answered. */
  commands?: readonly SmtpCommand[];
  /** The event kind the vendor reported. */
  kinds?: readonly EventKind[];
  /** The reason the vendor's vocabulary implies (`hints.reason`). */
  hintReasons?: readonly Reason[];
  /** The vendor's permanence judgement. */
  permanence?: readonly NonNullable<VendorHints['permanence']>[];
  /** Report the vendor's own reason (`hints.reason`) instead of the row's. */
  reasonFromHint?: true;
  /** The action, when it is not the reason's own (a 4xx that will never succeed; the vendor's word). */
  action?: Action;
  /** An unproven permanent failure: investigate now, suppress only if it repeats (docs/policy.md). */
  probation?: true;
  source: string;
}

const RFC3463 = 'RFC 3463 §3';
const RFC5321 = 'RFC 5321 §4.2.2';
const IANA = 'IANA SMTP Enhanced Status Codes registry';
const MS = 'Exchange Online NDR reference (learn.microsoft.com, non-delivery-reports-in-exchange-online)';
const WORDINGS = (n: number) => `docs/classification.md, wordings §${n}`;
const DEV = (id: string) => `fixture:dev-diagnostics ${id}`;

/** Words about an address that, in reply to MAIL FROM, are about our sender instead. */
const ADDRESS_WORDS: P.Phrases = [...P.USER_UNKNOWN, ...P.DOES_NOT_EXIST, ...P.HOST_UNKNOWN, ...P.WEAK_ADDRESS, 'unknown', 'not found', 'invalid'];

export const RULES: readonly Rule[] = [
  // A ── What the vendor knows without a reply; reports; automatic replies ─────────────────
  { id: 'vendor-complaint', reason: 'complaint', kinds: ['complaint'], source: 'docs/policy.md: complaints suppress; RFC 5965 (ARF)' },
  { id: 'vendor-unsubscribe', reason: 'unsubscribed', kinds: ['unsubscribe'], source: 'docs/policy.md: unsubscribes suppress; RFC 8058' },
  { id: 'vendor-own-suppression', reason: 'vendor-suppressed', hintReasons: ['vendor-suppressed'], source: 'docs/webhooks.md: SES OnAccountSuppressionList, SendGrid dropped (Bounced Address)' },
  { id: 'vendor-unsubscribe-list', reason: 'unsubscribed', hintReasons: ['unsubscribed'], source: 'docs/webhooks.md: SendGrid dropped (Unsubscribed Address), Postmark SubscriptionChange by the recipient' },
  { id: 'vendor-complaint-list', reason: 'complaint', hintReasons: ['complaint'], source: 'docs/webhooks.md: SendGrid dropped (Spam Reporting Address), Postmark SpamComplaint' },
  { id: 'vendor-auto-reply', reason: 'auto-reply', hintReasons: ['auto-reply'], source: 'https://postmarkapp.com/developer/api/bounce-api (AutoResponder)' },
  { id: 'third-party-report', reason: 'reputation', text: P.THIRD_PARTY_REPORT, source: `${WORDINGS(27)} (a spam-trap operator's report is not the recipient's complaint)` },
  { id: 'arf-abuse-report', reason: 'complaint', text: P.ABUSE_REPORT, source: `RFC 5965 §3; ${WORDINGS(27)}; ${DEV('soe-0036')}` },
  { id: 'arf-opt-out-report', reason: 'unsubscribed', text: P.OPT_OUT_REPORT, source: 'RFC 5965 §7.3 (Feedback-Type: opt-out); docs/policy.md: unsubscribes suppress' },
  { id: 'arf-auth-failure-report', reason: 'spf-dkim-dmarc', text: P.AUTH_FAILURE_REPORT, source: `RFC 6591; ${DEV('soe-0044')}` },
  { id: 'auto-reply-text', reason: 'auto-reply', text: P.AUTO_REPLY, source: `RFC 3834 (automatic responses); ${WORDINGS(26)}: not a delivery failure` },

  // B ── Temporary replies that will never succeed; provider block tags ────────────────────
  { id: 'never-retry-deferral', reason: 'reputation', action: 'investigate', classes: [4], text: P.NEVER_RETRY, source: 'https://senders.yahooinc.com/smtp-error-codes/ (TS03, TSS09: "Retrying will NOT succeed")' },
  { id: 'provider-block-tag', reason: 'reputation', text: P.PROVIDER_BLOCK_TAGS, source: 'https://postmaster.aol.com/error-codes (CON, RLY, DYN, HVU on 5.2.1/5.7.1); https://senders.yahooinc.com/smtp-error-codes/ (TS, TSS, BL, PH)' },

  // C ── Specific wordings (text beats codes) ─────────────────────────────────────────────
  // Whose account, whose domain? Ours first: those never suppress a recipient.
  { id: 'sender-account', reason: 'sender-account', text: P.SENDER_ACCOUNT, source: `${WORDINGS(12)}, §14; GG (550 5.4.5 daily sending quota); ${MS} (5.1.90, 5.7.501–503, 5.7.705, 5.7.750); SES "Email address is not verified"` },
  { id: 'sender-domain-config', reason: 'dns-misconfigured', text: P.SENDER_DOMAIN_CONFIG, source: `${WORDINGS(12)}; RFC 7505 §4.2 (X.7.27); Sendmail proto.m4 (5.1.8)` },
  { id: 'sender-named', reason: 'sender-rejected', text: P.SENDER_NAMED, source: `${WORDINGS(12)}: a refusal that names our sender is about the sender, whatever address words follow; Sendmail (Domain name required for sender address)` },
  { id: 'address-words-after-mail-from', reason: 'sender-rejected', commands: ['MAIL'], text: ADDRESS_WORDS, source: `docs/policy.md "Debugging": a reply to MAIL FROM is about the sender; ${DEV('soe-0123')}` },
  { id: 'reverse-dns-helo', reason: 'no-reverse-dns', text: P.REVERSE_DNS_HELO, source: `RFC 7372 §3 (X.7.25); docs/policy.md (no reverse DNS → fix-config); ${WORDINGS(16)}` },
  // The message itself (their texts mention headers such as DKIM-Signature or From).
  { id: 'bad-address-syntax', reason: 'invalid-address', text: P.BAD_ADDRESS_SYNTAX, source: `${RFC3463}.2 (X.1.3); ${WORDINGS(1)} (501 5.1.3 Bad recipient address syntax)` },
  { id: 'malformed-message', reason: 'malformed-message', text: P.MALFORMED_MESSAGE, source: `${RFC3463}.7 (X.6.x); ${WORDINGS(8)}; GG (not RFC 5322 compliant); ${DEV('soe-0315')}` },
  { id: 'from-header', reason: 'malformed-message', text: P.FROM_HEADER, source: `RFC 5322 §3.6.2; ${WORDINGS(9)}` },
  { id: 'message-too-large', reason: 'message-too-large', text: P.MESSAGE_TOO_LARGE, source: `${RFC3463}.3 (X.2.3), §3.4 (X.3.4); ${WORDINGS(6)}` },
  { id: 'address-harvest', reason: 'reputation', text: P.ADDRESS_HARVEST, source: 'Hotmail SC-002 (namespace mining); sisimai blocked: mail to many bad addresses is a verdict on our sending' },
  { id: 'group-posting', reason: 'policy-block', text: P.GROUP_POSTING, source: `https://support.google.com/groups/; ${DEV('soe-0169')}` },
  { id: 'recipient-restriction', reason: 'policy-block', text: P.RECIPIENT_RESTRICTION, source: `${WORDINGS(20)}; ${MS} (5.7.1 Delivery not authorized, RESOLVER.RST.*, 5.7.12, 5.7.133); ${DEV('soe-0090')}` },
  { id: 'remote-lacks-smtputf8', reason: 'policy-block', text: P.REMOTE_LACKS_SMTPUTF8, source: `RFC 6531 §3.5; ${DEV('soe-0578')}` },
  // Temporary states of a recipient that exists.
  { id: 'abandoned-mailbox', reason: 'mailbox-disabled', text: P.ABANDONED_MAILBOX, source: 'https://support.google.com/mail/?p=OverQuotaPerm (over quota and inactive); fixture:sendgrid-bounce-blocked.json' },
  { id: 'mailbox-full', reason: 'mailbox-full', text: P.MAILBOX_FULL, source: `${RFC3463}.3 (X.2.2); docs/policy.md (552 5.2.2 → retry slowly); ${WORDINGS(4)}` },
  { id: 'recipient-rate', reason: 'rate-limited', text: P.RECIPIENT_RATE, source: `${WORDINGS(5)}; GG (450-4.2.1, 550-5.2.1 receiving mail at a rate)` },
  // The address cannot receive mail: evidence.
  { id: 'user-unknown', reason: 'user-unknown', text: P.USER_UNKNOWN, source: `${RFC3463}.2 (X.1.1); ${WORDINGS(1)}; GG (550-5.1.1 NoSuchUser); ${MS} (RESOLVER.ADR.RecipNotFound)` },
  { id: 'recipient-access-denied', reason: 'user-unknown', text: P.RECIPIENT_ACCESS_DENIED, source: `Postfix access(5) REJECT on the recipient; ${MS} (5.4.1 DBEB); ${DEV('soe-0102')}, ${DEV('soe-0268')}` },
  { id: 'mailbox-disabled', reason: 'mailbox-disabled', text: P.MAILBOX_DISABLED, source: `${RFC3463}.3 (X.2.1); ${WORDINGS(2)}; GG (550-5.2.1 disabled); ${DEV('soe-0290')}` },
  { id: 'recipient-moved', reason: 'recipient-moved', text: P.RECIPIENT_MOVED, source: `RFC 5321 §3.4 (551); ${RFC3463}.2 (X.1.6)` },
  { id: 'dns-temporary', reason: 'dns-temporary', text: P.DNS_TEMPORARY, source: `${RFC3463}.5 (X.4.3); ${WORDINGS(21)}: the same words as a missing domain, but "try again"` },
  { id: 'host-unknown', reason: 'host-unknown', text: P.HOST_UNKNOWN, source: `${RFC3463}.2 (X.1.2), §3.5 (X.4.4); RFC 7505 (null MX); ${WORDINGS(3)}` },
  { id: 'does-not-exist', reason: 'user-unknown', text: P.DOES_NOT_EXIST, source: `${WORDINGS(1)}; sisimai userunknown ("does not exist.")` },
  // The message's content.
  { id: 'content-rejected', reason: 'content-rejected', text: P.CONTENT_REJECTED, source: `${WORDINGS(7)}; https://www.uribl.com/about.shtml; ${DEV('soe-0180')}` },
  // Our setup: authentication of the domain and of the session, TLS, reverse DNS.
  { id: 'spf-dkim-dmarc', reason: 'spf-dkim-dmarc', text: P.SPF_DKIM_DMARC, source: `RFC 7372 §3 (X.7.20–X.7.26); ${WORDINGS(10)}; GG (5.7.26)` },
  { id: 'relay-denied', reason: 'relay-denied', text: P.RELAY_DENIED, source: `RFC 5321 §3.6.2; ${WORDINGS(13)}` },
  { id: 'tls-recipient-fault', reason: 'policy-block', text: P.TLS_RECIPIENT_FAULT, source: `${MS} (5.7.321–5.7.323); ${WORDINGS(15)}: the recipient's TLS/DANE setup` },
  { id: 'tls-required', reason: 'tls-required', text: P.TLS_REQUIRED, source: `RFC 3207; ${WORDINGS(15)}; GG (530 5.7.0 Must issue a STARTTLS command first)` },
  { id: 'smtp-auth', reason: 'auth-failed', text: P.SMTP_AUTH, source: `RFC 4954 §6 (530, 535, X.7.8); ${WORDINGS(11)}` },
  // Blocks of our traffic: the address is probably fine.
  { id: 'blocklisted', reason: 'blocklisted', text: P.BLOCKLISTED, source: `${WORDINGS(17)}; https://www.spamhaus.org/faqs/; ${MS} (5.7.606–5.7.649)` },
  { id: 'reputation', reason: 'reputation', text: P.REPUTATION, source: `${WORDINGS(18)}; GG (421-4.7.28, 550-5.7.1 unusual rate); ${MS} (4.7.650, 5.7.708)` },
  { id: 'sender-rejected', reason: 'sender-rejected', text: P.SENDER_REJECTED, source: `${RFC3463}.2 (X.1.7, X.1.8); ${WORDINGS(12)}; ${DEV('soe-0193')}` },
  { id: 'spam-detected', reason: 'spam-detected', text: P.SPAM_DETECTED, source: `${RFC3463}.8 (X.7.1); docs/policy.md (spam-content filters → investigate); ${DEV('soe-0565')}` },
  { id: 'mail-loop', reason: 'mail-loop', text: P.MAIL_LOOP, source: `${RFC3463}.5 (X.4.6); ${WORDINGS(23)}` },
  // Temporary conditions, whatever the code says.
  { id: 'greylisted', reason: 'greylisted', text: P.GREYLISTED, source: `RFC 6647 §2.1; ${WORDINGS(19)}` },
  { id: 'rate-limited', reason: 'rate-limited', text: P.RATE_LIMITED, source: `${RFC3463}.5 (X.4.5); ${WORDINGS(14)}` },
  { id: 'network-error', reason: 'network-error', text: P.NETWORK_ERROR, source: `${RFC3463}.5 (X.4.1, X.4.2); ${WORDINGS(22)}` },
  { id: 'system-error', reason: 'system-error', text: P.SYSTEM_ERROR, source: `${RFC3463}.4 (X.3.x); docs/policy.md (451: receiver-side error); ${WORDINGS(22)}` },
  { id: 'queue-expired', reason: 'expired', text: P.QUEUE_EXPIRED, source: `${RFC3463}.5 (X.4.7); docs/policy.md (queue expiry: retry, never suppress on expiry text alone); ${WORDINGS(24)}` },

  // D ── Enhanced codes whose subject is not the address ─────────────────────────────────────
  { id: '530-535-auth', reason: 'auth-failed', codes: [530, 535, 538], classes: [5], source: 'RFC 4954 §6 (530 authentication required, 535 credentials invalid, 538 encryption required)' },
  { id: 'x.6-content', reason: 'malformed-message', enhanced: ['x.6.*'], source: `${RFC3463}.7 (X.6.x message content or media)` },
  { id: 'x.7.2x-email-auth', reason: 'spf-dkim-dmarc', enhanced: ['x.7.20', 'x.7.21', 'x.7.22', 'x.7.23', 'x.7.24', 'x.7.26', 'x.7.509', 'x.7.510', 'x.7.515'], source: `RFC 7372 §3 (X.7.20–X.7.26); ${MS} (5.7.509, 5.7.515)` },
  { id: 'x.7.8-smtp-auth', reason: 'auth-failed', enhanced: ['x.7.8', 'x.7.10', 'x.7.11', 'x.7.12', 'x.7.14', 'x.7.57', 'x.7.64', 'x.7.750'], source: `RFC 4954 §6 (X.7.8, X.7.11; Yahoo uses 5.7.9 for policy, so it is not here); ${IANA}; ${MS} (5.7.57, 5.7.64, 5.7.750)` },
  { id: 'x.7.25-reverse-dns', reason: 'no-reverse-dns', enhanced: ['x.7.25', 'x.7.506'], source: `RFC 7372 §3 (X.7.25); ${MS} (5.7.506 Bad HELO)` },
  { id: 'x.7.27-sender-null-mx', reason: 'dns-misconfigured', enhanced: ['x.7.27'], source: 'RFC 7505 §4.2 (X.7.27 sender address has null MX)' },
  { id: 'x.7.5xx-sender-account', reason: 'sender-account', enhanced: ['x.7.501', 'x.7.502', 'x.7.503', 'x.7.705'], source: `${MS} (5.7.501–5.7.503 sending account banned, 5.7.705 tenant over threshold)` },
  { id: 'x.7.6xx-banned-ip', reason: 'blocklisted', enhanced: [/^\d\.7\.6(?:0[6-9]|[1-4]\d)$/], source: `${MS} (5.7.606–5.7.649 banned sending IP)` },
  { id: 'x.2.2-mailbox-full', reason: 'mailbox-full', enhanced: ['x.2.2', 'x.3.1'], source: `${RFC3463}.3 (X.2.2 mailbox full), §3.4 (X.3.1 mail system full)` },
  { id: 'x.2.3-too-large', reason: 'message-too-large', enhanced: ['x.2.3', 'x.3.4'], source: `${RFC3463}.3 (X.2.3), §3.4 (X.3.4 message too big)` },
  { id: 'x.2.12x-recipient-rate', reason: 'rate-limited', enhanced: ['x.2.121', 'x.2.122'], source: `${MS} (5.2.121, 5.2.122 recipient's hourly limit)` },
  { id: 'x.3-system', reason: 'system-error', enhanced: ['x.3.2', 'x.3.3', 'x.3.5'], source: `${RFC3463}.4 (X.3.2 not accepting messages, X.3.3, X.3.5 misconfigured)` },
  { id: 'x.4.5-congestion', reason: 'rate-limited', enhanced: ['x.4.5'], source: `${RFC3463}.5 (X.4.5 mail system congestion)` },
  { id: 'x.4.6-loop', reason: 'mail-loop', enhanced: ['x.4.6', 'x.4.14'], source: `${RFC3463}.5 (X.4.6 routing loop); ${MS} (5.4.14 hop count exceeded)` },
  { id: 'x.4.7-expired', reason: 'expired', enhanced: ['x.4.7', 'x.4.300', 'x.4.312'], source: `${RFC3463}.5 (X.4.7 delivery time expired); ${MS} (5.4.300, 5.4.312)` },
  { id: 'x.4-network', reason: 'network-error', enhanced: ['x.4.*'], source: `${RFC3463}.5 (X.4.x network and routing status)` },
  { id: 'x.1.7-bad-sender', reason: 'sender-rejected', enhanced: ['x.1.7', 'x.1.8'], source: `${RFC3463}.2 (X.1.7, X.1.8 bad sender address)` },

  // E ── Block words: a policy block, whatever address code comes with them ──────────────────
  { id: 'policy-block', reason: 'policy-block', text: P.POLICY_BLOCK_WORDS, source: `${RFC3463}.8 (X.7.1); docs/policy.md ("550 with a 5.7.x code or block text is a policy block, not a missing mailbox")` },

  // F ── Address codes: evidence about the address ──────────────────────────────────────────
  { id: 'x.1.1-bad-mailbox', reason: 'user-unknown', enhanced: ['x.1.1', 'x.1.10', 'x.1.351', 'x.1.0', 'x.1.4', 'x.1.9'], source: `${RFC3463}.2 (X.1.1 bad destination mailbox, X.1.0 other address status); RFC 7505 (X.1.10); ${MS} (5.1.10, 5.1.351)` },
  { id: 'x.1.2-bad-domain', reason: 'host-unknown', enhanced: ['x.1.2'], source: `${RFC3463}.2 (X.1.2 bad destination system address)` },
  { id: 'x.1.3-bad-syntax', reason: 'invalid-address', enhanced: ['x.1.3'], source: `${RFC3463}.2 (X.1.3 bad destination mailbox address syntax)` },
  { id: 'x.1.6-moved', reason: 'recipient-moved', enhanced: ['x.1.6'], source: `${RFC3463}.2 (X.1.6 destination mailbox has moved)` },
  { id: 'x.2.1-disabled', reason: 'mailbox-disabled', enhanced: ['x.2.1', 'x.7.13', 'x.7.17', 'x.7.18'], source: `${RFC3463}.3 (X.2.1 mailbox disabled); ${IANA} (X.7.13 user account disabled, X.7.17 mailbox owner changed, X.7.18 domain owner changed)` },

  // G ── Other policy codes; refusal words; weak address wordings ─────────────────────────────
  { id: 'x.7-policy', reason: 'policy-block', enhanced: ['x.7.*'], source: `${RFC3463}.8 (X.7.x security or policy status); docs/policy.md (5.7.1 blocked → investigate)` },
  { id: 'refusal-words', reason: 'policy-block', text: P.REFUSAL_WORDS, source: `${WORDINGS(20)}; docs/policy.md: a refusal that names no reason is no evidence about the address` },
  { id: 'x.3.0-system-other', reason: 'system-error', enhanced: ['x.3.0'], source: `${RFC3463}.4 (X.3.0 other mail system status; Sendmail also uses it for refusals, hence after the refusal words)` },
  { id: 'weak-address-wording', reason: 'user-unknown', text: P.WEAK_ADDRESS, source: `${RFC5321} (550 mailbox unavailable); ${MS} (550 5.5.0 mailbox unavailable: outlook.com address not found); ${WORDINGS(1)}` },

  // H ── The vendor's own conclusion ───────────────────────────────────────────────────────────
  { id: 'vendor-hard-bounce', reason: 'user-unknown', reasonFromHint: true, hintReasons: ['user-unknown', 'invalid-address', 'host-unknown', 'mailbox-disabled', 'recipient-moved'], source: 'docs/webhooks.md: Postmark HardBounce/BadEmailAddress, SES Permanent/NoEmail, SendGrid bounce_classification Invalid Address' },
  { id: 'vendor-message-problem', reason: 'content-rejected', reasonFromHint: true, hintReasons: ['message-too-large', 'content-rejected', 'malformed-message'], source: 'docs/webhooks.md: SES MessageTooLarge/ContentRejected/AttachmentRejected, SendGrid Spam Content, Postmark VirusNotification' },
  { id: 'vendor-config', reason: 'auth-failed', reasonFromHint: true, hintReasons: ['auth-failed', 'spf-dkim-dmarc', 'dns-misconfigured', 'no-reverse-dns', 'sender-account'], source: 'docs/webhooks.md: Postmark DMARCPolicy/SMTPApiError, SendGrid dropped (quota, SMTPAPI header)' },
  { id: 'vendor-policy', reason: 'policy-block', reasonFromHint: true, hintReasons: ['blocklisted', 'reputation', 'policy-block', 'spam-detected', 'sender-rejected'], source: 'docs/webhooks.md: SendGrid bounce_classification Reputation, Postmark Blocked/SpamNotification' },
  { id: 'vendor-temporary', reason: 'temporary-failure', reasonFromHint: true, hintReasons: ['mailbox-full', 'temporary-failure', 'rate-limited', 'network-error', 'dns-temporary', 'system-error', 'expired', 'greylisted'], source: 'docs/webhooks.md: SES Transient/MailboxFull, Postmark Transient/DnsError/SoftBounce, SendGrid expired' },
  { id: 'vendor-permanent', reason: 'undetermined', action: 'suppress', permanence: ['permanent'], kinds: ['bounce'], source: 'docs/webhooks.md: SES Permanent/General, SendGrid bounce, Postmark hard bounce — the vendor\'s own hard-bounce verdict is evidence (docs/policy.md); the reason stays the vendor\'s' },
  { id: 'vendor-transient', reason: 'temporary-failure', permanence: ['transient'], source: 'docs/webhooks.md: SES Transient, Postmark Transient, SendGrid blocked' },
  { id: 'vendor-deferral', reason: 'temporary-failure', kinds: ['deferral'], source: 'docs/webhooks.md: SendGrid deferred, SES DeliveryDelay (the vendor is still retrying)' },

  // I ── Bare codes and fallbacks ──────────────────────────────────────────────────────────────
  { id: '556-no-mail', reason: 'host-unknown', codes: [556], classes: [5], source: 'RFC 7504 §3.2, RFC 7505 §4.2 (556: the domain does not accept mail)' },
  { id: '5xx-after-mail-from', reason: 'sender-rejected', classes: [5], commands: ['MAIL'], source: 'docs/policy.md "Debugging": a 5xx in reply to MAIL FROM is about the sender' },
  { id: '5xx-at-connect', reason: 'policy-block', classes: [5], commands: ['CONNECT', 'HELO'], source: 'RFC 5321 §3.1 (554 at connection: no SMTP service for us here)' },
  { id: '552-too-large', reason: 'message-too-large', codes: [552], classes: [5], source: `${RFC5321} (552 exceeded storage allocation); docs/policy.md (552 → fix message)` },
  { id: 'transient-4xx', reason: 'temporary-failure', classes: [4], source: 'RFC 5321 §4.2.1 (4yz: transient negative completion); docs/policy.md: every 4xx is retried' },
  { id: 'success-reply', reason: 'undetermined', classes: [2], source: 'RFC 5321 §4.2.1 (2yz: positive completion — nothing failed)' },
  { id: 'x.5-protocol', reason: 'undetermined', probation: true, enhanced: ['x.5.*'], source: `${RFC3463}.6 (X.5.x protocol status); docs/policy.md: a protocol error says nothing about the address (probation)` },
  { id: '5xx-unproven', reason: 'undetermined', probation: true, classes: [5], source: `${RFC5321} (550, 551, 553, 554 …); docs/policy.md: a bare permanent failure is no evidence — investigate, suppress only if it repeats from another message 24 h+ later` },
  { id: 'fallback', reason: 'undetermined', source: 'docs/policy.md: when the codes are not enough, a human reads the text' },
];
