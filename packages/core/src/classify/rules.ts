/**
 * THE rule table. One row per rule; ARRAY ORDER IS PRECEDENCE: the first row whose conditions
 * all hold decides. Every row cites its source: an RFC section, provider documentation, or a
 * fixture. Text phrases are lowercase substrings (or patterns) of the reply text.
 *
 * Layout, top to bottom:
 *   1. what the vendor already knows without a reply (complaints, unsubscribes, its own list);
 *   2. 4xx replies and deferrals: always `retry` (RFC 5321 §4.2.1), the reason refined from text,
 *      except the few 4xx wordings that promise a retry will never succeed;
 *   3. provider wordings and well-known phrases: text beats codes (policy.md);
 *   4. enhanced status codes (RFC 3463 and the IANA registry, plus Microsoft's extensions);
 *   5. the vendor's own conclusion (hints), then basic codes (RFC 5321 §4.2.2), then fallbacks.
 */
// biome-ignore-all format: one row per rule, so the table reads as a table.
import type { Action, EventKind, Reason, SmtpCommand, VendorHints } from '../types.ts';

/** One classification rule. All the conditions given must hold. */
export interface Rule {
  id: string;
  action: Action;
  reason: Reason;
  /** Lowercase substrings or patterns of the reply text; any one matches. */
  text?: readonly (string | RegExp)[];
  /** Basic reply codes. */
  codes?: readonly number[];
  /** Enhanced codes: exact (`5.1.1`), any class (`x.1.1`), a prefix (`x.7.*`), or a pattern. */
  enhanced?: readonly (string | RegExp)[];
  /** The reply's class: the enhanced code's class when present, else the basic code's. */
  classes?: readonly number[];
  /** The SMTP command the reply answered. */
  commands?: readonly SmtpCommand[];
  /** The event kind the vendor reported. */
  kinds?: readonly EventKind[];
  /** The reason the vendor's vocabulary implies (`hints.reason`). */
  hintReasons?: readonly Reason[];
  /** The vendor's permanence judgement. */
  permanence?: readonly NonNullable<VendorHints['permanence']>[];
  /** Keep this row's action but take the reason from the first later text row that matches. */
  refineReason?: true;
  source: string;
}

const RFC3463 = 'RFC 3463 §3';
const RFC5321 = 'RFC 5321 §4.2.2';
const IANA = 'IANA SMTP Enhanced Status Codes registry';
const GMAIL = 'https://support.google.com/a/answer/3726730';
const MS = 'https://learn.microsoft.com/exchange/mail-flow-best-practices/non-delivery-reports-in-exchange-online/non-delivery-reports-in-exchange-online';
const YAHOO = 'https://senders.yahooinc.com/smtp-error-codes/';
const ICLOUD = 'https://support.apple.com/en-us/102322';
const GMX = 'https://postmaster.gmx.net/en/error-messages';
const COMCAST = 'https://postmaster.comcast.net/smtp-error-codes.php';
const ORANGE = 'https://postmaster.orange.fr/ (OFR/LPN error codes)';
const YANDEX = 'https://yandex.com/support/mail/web/spam/honest-mailers.html';
const MAILRU = 'https://help.mail.ru/mail/postmaster/';
const ZOHO = 'https://www.zoho.com/mail/help/mail-server-errors.html';
const POSTFIX = 'Postfix smtpd access(5) / local(8) reject texts';
const SISIMAI = 'sisimai reason catalogue (https://libsisimai.org/en/reason/)';
const DEV = (id: string) => `fixture:dev-diagnostics ${id}`;

export const RULES: readonly Rule[] = [
  // 1 ── What the vendor knows without a reply ─────────────────────────────────────────────
  { id: 'vendor-complaint', action: 'suppress', reason: 'complaint', kinds: ['complaint'], source: 'policy.md: complaints suppress; RFC 5965 (ARF)' },
  { id: 'vendor-unsubscribe', action: 'suppress', reason: 'unsubscribed', kinds: ['unsubscribe'], source: 'policy.md: unsubscribes suppress; RFC 8058' },
  { id: 'vendor-own-suppression', action: 'suppress', reason: 'vendor-suppressed', hintReasons: ['vendor-suppressed'], source: 'vendor-formats.md §3.9 (SES OnAccountSuppressionList), §1.3 (SendGrid dropped)' },
  { id: 'vendor-unsubscribe-list', action: 'suppress', reason: 'unsubscribed', hintReasons: ['unsubscribed'], source: 'vendor-formats.md §1.3 (SendGrid dropped: Unsubscribed Address), §2.2 (Postmark SubscriptionChange by the recipient)' },
  { id: 'vendor-complaint-list', action: 'suppress', reason: 'complaint', hintReasons: ['complaint'], source: 'vendor-formats.md §1.3 (SendGrid dropped: Spam Reporting Address), §2.2 (Postmark SpamComplaint suppression)' },
  { id: 'vendor-gave-up', action: 'suppress', reason: 'persistent-soft-bounce', hintReasons: ['persistent-soft-bounce'], source: 'vendor-formats.md §1.3 (SendGrid retries deferred mail for 72 h, then reports it expired); policy.md: a soft bounce that persists is suppressed' },
  { id: 'vendor-auto-reply', action: 'investigate', reason: 'auto-reply', hintReasons: ['auto-reply'], source: 'https://postmarkapp.com/developer/api/bounce-api (AutoResponder)' },
  { id: 'arf-abuse-report', action: 'suppress', reason: 'complaint', text: ['email abuse report', 'abuse complaint', 'feedback-type: abuse', 'spam complaint'], source: `RFC 5965 §3; ${DEV('soe-0036')}` },
  { id: 'arf-auth-failure-report', action: 'fix-config', reason: 'spf-dkim-dmarc', text: ['authentication failure report', 'feedback-type: auth-failure'], source: `RFC 6591; ${DEV('soe-0044')}` },

  // 2 ── Temporary failures: retry, reason from the text ──────────────────────────────────
  { id: 'never-retry-deferral', action: 'investigate', reason: 'reputation', text: ['permanently deferred', 'retrying will not succeed', 'will not be accepted'], classes: [4], source: `${YAHOO} (TSS09, TS03: "Retrying will NOT succeed")` },
  { id: 'transient-4xx', action: 'retry', reason: 'temporary-failure', classes: [4], refineReason: true, source: 'RFC 5321 §4.2.1 (4yz: transient negative completion); policy.md: every 4xx is retried' },
  { id: 'vendor-deferral', action: 'retry', reason: 'temporary-failure', kinds: ['deferral'], refineReason: true, source: 'vendor-formats.md §1.3 (SendGrid deferred), §3.4 (SES DeliveryDelay)' },

  // 3 ── Provider wordings and well-known phrases (text beats codes) ──────────────────────────
  // Message problems come first: their texts mention headers like DKIM-Signature.
  { id: 'malformed-headers', action: 'fix-message', reason: 'malformed-message', text: ['duplicate header', 'headers too large', 'header too large', '8-bit data', '8bit data', 'improper use of 8', 'malformed message', 'message is malformed', 'malformed header', 'malformed mime', 'missing a valid message', 'message-id header', 'line too long', 'invalid mime', 'mime structure', 'rfc 5322', 'rfc5322', 'bare lf', 'bare linefeed', 'too many headers', 'invalid header', 'header is invalid'], source: `RFC 3463 §3.7 (X.6.x); ${GMAIL} (5.6.0, 5.7.1 Message-ID); ${DEV('soe-0315')}` },
  { id: 'auto-reply-text', action: 'investigate', reason: 'auto-reply', text: ['out of the office', 'out of office', 'auto-reply', 'autoreply', 'automatic reply', 'auto reply', 'on vacation', 'vacation reply', 'away from the office'], source: `RFC 3834 (automatic responses); ${SISIMAI} (vacation): not a delivery failure` },
  { id: 'content-url-blocklist', action: 'fix-message', reason: 'content-rejected', text: ['blacklisted url', 'blocklisted url', 'uribl', 'surbl', 'blacklisted link', 'url in message', 'url is blacklisted', 'dbl.spamhaus', 'contains a url'], source: `https://www.uribl.com/about.shtml; ${DEV('soe-0180')}` },
  { id: 'content-virus-attachment', action: 'fix-message', reason: 'content-rejected', text: ['virus', 'malware', 'infected', 'illegal attachment', 'attachment type', 'banned attachment', 'blocked attachment', 'executable', 'potential security issue', 'attachment not allowed', 'attachments are not allowed'], source: `${GMAIL} (552-5.7.0 potential security issue); RFC 3463 §3.7` },
  { id: 'message-too-large', action: 'fix-message', reason: 'message-too-large', text: ['message size exceeds', 'message too large', 'message is too large', 'message too big', 'message length exceeds', 'exceeds size limit', 'size limit', 'maximum message size', 'size exceeds', 'too large for', 'trop volumineux', 'message size limit', 'exceeded the size', 'mail size'], source: `${RFC3463}.3 (X.3.4), §3.2 (X.2.3); ${GMAIL} (552-5.3.4); ${DEV('soe-0008')}` },

  // Our own sending setup: authentication of the message or of the SMTP session.
  { id: 'exchange-recipient-restriction', action: 'investigate', reason: 'policy-block', text: ['resolver.rst.', 'restricted to', 'not authorized to send to', 'sendernotauthenticatedforgroup'], source: `${MS} (5.7.1 RESOLVER.RST.AuthRequired, 5.7.133); ${DEV('soe-0090')}` },
  { id: 'spf-dkim-dmarc', action: 'fix-config', reason: 'spf-dkim-dmarc', text: ['dmarc', 'spf record', 'spf check', 'spf fail', 'spf validation', 'spf=fail', 'bad spf', 'sender policy framework', 'dkim signature', 'dkim verification', 'dkim check', 'dkim=fail', 'dkim validation', 'failed dkim', 'dkim fail', 'sender is unauthenticated', 'authenticate with either spf or dkim', 'not pass authentication', 'does not pass dmarc', 'unauthenticated email', 'required authentication level', 'sender authentication', 'domainkeys'], source: `RFC 7372 §3 (X.7.20–X.7.26); ${GMAIL} (5.7.26); ${MS} (5.7.509, 5.7.515); ${YAHOO} (5.7.9 unauthenticated)` },
  { id: 'smtp-auth-failed', action: 'fix-config', reason: 'auth-failed', text: ['authentication failed', 'authentication required', 'authentication is required', 'auth required', 'invalid credentials', 'username and password not accepted', 'unauthenticated senders', 'not authenticated', 'must authenticate', 'smtp auth', 'authentication credentials invalid', 'authentication mechanism is too weak', 'relay access denied for unauthenticated', 'must issue a starttls command', 'starttls required', 'tls required', 'encryption required', 'must use tls', 'email address is not verified', 'identities failed the check', 'sending suspended', 'sending paused'], source: `RFC 4954 §6 (530, 535, 5.7.8, 5.7.9); ${GMAIL} (530-5.7.0, 535-5.7.8); ${MS} (5.7.57); ${DEV('soe-0302')}` },
  { id: 'sender-dns-misconfigured', action: 'fix-config', reason: 'dns-misconfigured', text: ['invalid dns mx or a/aaaa', 'sender address has null mx', 'sender domain has null mx', 'sender domain must resolve', 'sender domain must exist'], source: `RFC 7505 §4.2 (X.7.27); ${GMX}` },

  // The recipient's account is gone or disabled (before "blocked" wordings).
  { id: 'mailbox-disabled', action: 'suppress', reason: 'mailbox-disabled', text: ['account is disabled', 'account has been disabled', 'account disabled', 'mailbox disabled', 'mailbox is disabled', 'disabled recipient', 'account is locked', 'account has been locked', 'recipient account is blocked', 'compte du destinataire est bloque', 'discontinued', 'account is inactive', 'account inactive', 'and inactive', 'mailbox is inactive', 'inactive mailbox', 'account has been suspended', 'account is suspended', 'account suspended', 'deactivated', 'no longer active', 'account expired', 'mailbox has been closed', 'user account is unavailable', 'the email account that you tried to reach is disabled', 'this account has been disabled', 'user(s) account is disabled'], source: `${RFC3463}.2 (X.2.1 mailbox disabled); ${GMAIL} (550-5.2.1); ${YAHOO} (554 delivery error: dd … disabled); ${ORANGE} (LPN007_426); ${DEV('soe-0006')}` },

  // Mailbox full: temporary, retried slowly (hours).
  { id: 'sending-limit', action: 'retry', reason: 'rate-limited', text: ['sending quota', 'sending limit', 'daily limit', 'user sending quota', 'receiving mail at a rate', 'rate of incoming', 'too many messages'], source: `${GMAIL} (550-5.4.5 daily sending quota exceeded; 450-4.2.1 receiving mail at a rate); ${MS} (5.1.90 daily limit)` },
  { id: 'mailbox-full', action: 'retry', reason: 'mailbox-full', text: ['mailbox full', 'mailbox is full', 'mailbox quota', 'over quota', 'quota exceeded', 'quota exceed', 'exceeded storage', 'out of storage', 'insufficient storage', 'mailbox size limit exceeded', 'mailfolder is over', 'over the allowed quota', 'user is over', 'inbox is full', 'full mailbox', 'boite du destinataire pleine', 'quotaexceeded', 'mailbox has exceeded', 'exceeds its quota', 'storage space', 'postfach voll', 'mailbox voll', 'speicherplatz', 'boîte pleine', 'boite pleine', 'buzón lleno', 'caixa postal cheia', 'casella piena', 'ящик переполнен', '容量オーバー', '邮箱已满'], source: `${RFC3463}.2 (X.2.2); policy.md (552 5.2.2 → retry slowly); ${GMAIL} (552-5.2.2); ${MS} (554 5.2.2 QuotaExceededException)` },

  // "Access denied" that means "no such recipient" (Microsoft DBEB), then blocklists and reputation:
  // the address is probably fine; a human reads the text.
  { id: 'x.1.1-said-user-unknown', action: 'suppress', reason: 'user-unknown', enhanced: ['x.1.1', 'x.1.10'], text: ['user unknown', 'unknown user', 'no such user', 'user does not exist', 'recipient not found', 'does not exist'], source: `${RFC3463}.2 (X.1.1): when code and text both say the user is unknown, later words ("blacklisted address") do not make it a block; fixture:ses-notification-bounce-permanent-general-suppressionlist-simulator.json` },
  { id: 'ms-dbeb-recipient-rejected', action: 'suppress', reason: 'user-unknown', text: ['recipient address rejected: access denied'], source: `${MS} (550 5.4.1 Recipient address rejected: Access denied — directory-based edge blocking); ${DEV('soe-0268')}` },
  { id: 'unknown-domain-or-account', action: 'suppress', reason: 'user-unknown', text: ['the account or domain may not exist'], source: DEV('soe-0103') },
  { id: 'blocklisted', action: 'investigate', reason: 'blocklisted', text: ['spamhaus', 'barracuda', 'spamcop', 'sorbs', 'uceprotect', 'mailspike', 'psbl', 'spamrats', 'invaluement', 'abuseat', 'cbl.', 'dnsbl', 'rbl', 'blacklist', 'black list', 'black-list', 'blocklist', 'block list', 'block listed', 'blacklisted', 'blocklisted', 'is listed', 'are listed', 'has been listed', 'currently listed', 'banned sending ip', 'ip is in', 'cloudmark', 'trend micro', 'ers-rbl', 'junkemailfilter', 'lashback', 'backscatter', 'bl000', 'proofpoint', 'blocked using', 'bloquee', 'votre adresse ip'], source: `https://www.spamhaus.org/faqs/; https://www.barracudacentral.org/rbl; https://www.spamcop.net/bl.shtml; ${MS} (5.7.606–5.7.649); ${COMCAST} (BL000000); ${DEV('soe-0317')}` },
  { id: 'reputation', action: 'investigate', reason: 'reputation', text: ['reputation', 'unusual rate', 'complaints', 'weren\'t sent', 'were not sent', 'traffic not accepted', 'service refuse', 'service refused', 'poor sending', 'sending activity'], source: `${GMAIL} (550-5.7.1 unusual rate of unsolicited mail); ${MS} (S3150, 5.7.708); ${ORANGE} (OFR004); ${ZOHO}` },

  // Rejections about the sender (after MAIL FROM), not the recipient.
  { id: 'sender-rejected', action: 'investigate', reason: 'sender-rejected', text: ['sender address rejected', 'sender rejected', 'sender verify failed', 'sender verification failed', 'sender domain', 'bad outbound sender', 'from: domain is invalid', 'mailfrom domain', 'mail from domain', 'unknown sender', 'sender not allowed', 'sender is not allowed', 'not in allowed-senders', 'sender denied', 'invalid sender'], source: `${RFC3463}.1 (X.1.7, X.1.8 bad sender); ${POSTFIX}; ${COMCAST}; ${DEV('soe-0193')}` },
  { id: 'sender-unknown-after-mail', action: 'investigate', reason: 'sender-rejected', commands: ['MAIL'], text: ['does not exist', 'domain is invalid', 'not found', 'unknown'], source: `policy.md "Debugging": a reply to MAIL FROM is about the sender; ${DEV('soe-0123')}` },

  // Where we send from: reverse DNS, HELO.
  { id: 'mx-lookup-failed', action: 'retry', reason: 'dns-temporary', text: ['unable to get mx info', 'mx lookup', 'failed to get ips', 'mx info'], source: `${RFC3463}.5 (X.4.3 routing server failure); fixture:sendgrid-bounce-blocked-no-status.json` },
  { id: 'no-reverse-dns', action: 'investigate', reason: 'no-reverse-dns', text: ['reverse dns', 'reverse-dns', 'rdns', 'ptr record', 'dns ptr', 'no ptr', 'reverse lookup', 'reverse hostname', 'cannot find your hostname', 'reverse dns lookup', 'helo command rejected', 'need fully-qualified hostname', 'invalid helo', 'dynamically-assigned ip', 'dynamic ip'], source: `RFC 7372 §3 (X.7.25 reverse DNS validation failed); ${GMAIL} (5.7.25); ${GMX}; ${DEV('soe-0112')}` },


  { id: 'spam-detected', action: 'investigate', reason: 'spam-detected', text: ['spam', 'unsolicited', 'junk mail', 'bulk mail', 'content filter', 'content rejected', 'rejected due to content', 'message content', 'looks like spam', 'suspicious', 'unacceptable content', 'content policy', 'prohibited content'], source: `${RFC3463}.8 (X.7.1); policy.md (5.7.1 content: fix-message or investigate per text); ${YANDEX}; ${MAILRU}; ${DEV('soe-0565')}` },
  { id: 'relay-denied', action: 'investigate', reason: 'relay-denied', text: ['relay access denied', 'relaying denied', 'relay denied', 'no relaying', 'not permitted to relay', 'unable to relay', 'relay not permitted', 'mail relay', 'rcpthosts', 'relaying not allowed', 'we do not relay', 'relay access', 'relaying disallowed', 'relay disallowed', 'relay not allowed'], source: `RFC 5321 §3.6.2; ${POSTFIX}; ${DEV('soe-0410')}` },
  { id: 'mail-loop', action: 'investigate', reason: 'mail-loop', text: ['hop count exceeded', 'mail loop', 'loop detected', 'routing loop', 'message is looping', 'too many hops', 'loops back'], source: `${RFC3463}.5 (X.4.6, X.4.14 Microsoft hop count); ${DEV('soe-0425')}` },
  { id: 'smtputf8-unsupported', action: 'investigate', reason: 'policy-block', text: ['smtputf8'], source: `RFC 6531 §3.5; ${DEV('soe-0578')}` },
  { id: 'google-groups', action: 'investigate', reason: 'policy-block', text: ['groups.google.com'], source: `https://support.google.com/groups/; ${DEV('soe-0169')}` },

  // Receiver-side trouble: temporary even when a 5xx says otherwise.
  { id: 'expired-in-queue', action: 'retry', reason: 'expired', text: ['expired', 'queue too long', 'in the queue too long', /delivery failed \d+ attempts/, 'too many retries', 'retry timeout exceeded', 'has been delayed', 'delivery delayed', 'delivery has been delayed', 'could not be delivered within'], source: `${RFC3463}.5 (X.4.7 delivery time expired); ${MS} (5.4.300, 5.4.312, 4.4.7 QUEUE.Expired); ${DEV('soe-0237')}` },
  { id: 'network-error', action: 'retry', reason: 'network-error', text: ['connection timed out', 'timed out', 'timeout', 'connection refused', 'connection reset', 'connection lost', 'lost connection', 'socket error', 'unable to connect', 'could not connect', 'cannot connect', 'failed to connect', 'did not accept our requests to connect', 'host not reachable', 'network is unreachable', 'host unreachable', 'no route to host', 'could not find a gateway', 'conversation with', 'wasn\'t able to establish', 'establish an smtp connection', 'tls handshake', 'network error'], source: `${RFC3463}.5 (X.4.1, X.4.2); ${GMAIL} (did not accept our requests to connect); ${DEV('soe-0150')}` },
  { id: 'dns-temporary', action: 'retry', reason: 'dns-temporary', text: ['host not found, try again', 'lookup failure', 'temporary dns', 'dns query failed', 'servfail', 'dns timeout', 'temporarily unable to resolve', 'dns lookup failed'], source: `${RFC3463}.5 (X.4.3 routing server failure); ${DEV('soe-0272')}` },
  { id: 'host-unknown', action: 'suppress', reason: 'host-unknown', text: ['host unknown', 'unknown host', 'host not found', 'domain not found', 'domain name not found', 'no such domain', 'unknown domain', 'domain does not exist', 'domain doesn\'t exist', 'no mx record', 'no mx', 'null mx', 'nxdomain', 'does not accept mail', 'doesn\'t receive email', 'domain is not reachable', 'unrouteable address', 'unroutable address', 'couldn\'t find any host', 'nonexistentdomain', 'malformed or unexpected name server reply', 'name service error', 'no valid mx', 'domain has no', 'domain is invalid'], source: `${RFC3463}.1 (X.1.2), §3.5 (X.4.4); RFC 7505 (null MX, X.1.10); ${MS} (5.4.4 SMTPSEND.DNS.NonExistentDomain); ${DEV('soe-0475')}` },
  { id: 'system-error', action: 'retry', reason: 'system-error', text: ['internal system error', 'system error', 'internal error', 'local error', 'queue file write error', 'insufficient permission', 'out of memory', 'disk space', 'system resources', 'temporarily unavailable', 'temporary failure', 'service temporarily', 'server busy', 'try later', 'try again later', 'please try again', 'resources temporarily', 'unable to contact ldap', 'ldap', 'configuration error', 'misconfigured', 'storage failure', 'write error', 'i/o error'], source: `${RFC3463}.4 (X.3.0, X.3.5); policy.md (451: receiver-side error, retry); ${DEV('soe-0068')}` },
  { id: 'greylisted', action: 'retry', reason: 'greylisted', text: ['greylist', 'graylist', 'greylisted', 'grey-list'], source: 'RFC 6647 §2.1 (greylisting)' },
  { id: 'rate-limited', action: 'retry', reason: 'rate-limited', text: ['rate limit', 'ratelimit', 'rate-limit', 'too many messages', 'too many connections', 'too many recipients', 'slow down', 'throttl', 'temporarily deferred', 'deferred due to', 'rate exceeded', 'sending rate', 'message rate'], source: `${RFC3463}.5 (X.4.5 congestion); ${GMAIL} (450-4.2.1, 4.7.28); ${YAHOO} (TSS04); ${MS} (4.7.650)` },

  // Policy blocks phrased in general terms.
  { id: 'not-accepting-connections', action: 'investigate', reason: 'policy-block', text: ['not accepting connections', 'too many errors', 'service not available', 'no smtp service', 'not accepting mail'], source: `${ICLOUD}; ${GMX} (Nemesis ESMTP Service not available); ${DEV('soe-0396')}` },
  { id: 'policy-block', action: 'investigate', reason: 'policy-block', text: ['policy', 'blocked', 'block ', 'access denied', 'administrative prohibition', 'administratively denied', 'prohibited', 'forbidden', 'not allowed', 'denied', 'refused', 'on hold', 'banned', 'will not accept'], source: `${RFC3463}.8 (X.7.1 delivery not authorized); policy.md (554, 5.7.1 blocked → investigate); ${YAHOO} (5.7.9); ${ICLOUD} (CS01, HM08)` },

  // The address does not exist (after every block and policy wording: "access denied" is no proof).
  { id: 'recipient-moved', action: 'suppress', reason: 'recipient-moved', text: ['user has moved', 'has moved to', 'no longer with', 'no longer employed', 'left the company', 'left the organization', 'no longer works'], source: `RFC 5321 §3.4 (551 user not local; please try <forward-path>); ${RFC3463}.2 (X.1.6 destination mailbox has moved); ${SISIMAI} (hasmoved)` },
  { id: 'user-unknown', action: 'suppress', reason: 'user-unknown', text: ['user unknown', 'unknown user', 'user is unknown', 'unknown recipient', 'recipient unknown', 'addressee unknown', 'no such user', 'no such mailbox', 'no such recipient', 'no such account', 'no mailbox', 'mailbox not found', 'mailbox unavailable', 'mailbox is unavailable', 'mailbox does not exist', 'user does not exist', 'user doesn\'t exist', 'address does not exist', 'account does not exist', 'does not exist', 'doesn\'t exist', 'doesn\'t have a', 'does not have an account', 'recipient not found', 'recipientnotfound', 'recipnotfound', 'user not found', 'invalid recipient', 'invalid mailbox', 'invalid address', 'invalid email address', 'bad destination mailbox', 'not a valid mailbox', 'unknown or illegal alias', 'not listed in domino directory', 'domino ディレクトリには見つかりません', 'not our customer', 'badrcptto', 'no longer available', 'address rejected', 'recipient rejected', 'undeliverable address', 'destinataire invalide', 'unknown local part', 'unknown mailbox', 'no account by that name', 'no mailbox here', 'not a known user', 'recipient address rejected', 'no such person', 'not a valid recipient', 'mailbox not available', 'user not known', 'mailbox name not allowed', 'no such address', 'benutzer unbekannt', 'unbekannter empfänger', 'empfänger unbekannt', 'utilisateur inconnu', 'adresse inconnue', 'destinataire inconnu', 'usuario desconocido', 'usuário desconhecido', 'utente sconosciuto', 'пользователь не найден', 'нет такого пользователя', '存在しません', 'ユーザーが見つかりません', '用户不存在'], source: `${RFC3463}.2 (X.1.1); RFC 5321 §4.2.2 (550, 551, 553); ${GMAIL} (550-5.1.1); ${MS} (5.1.10 RecipientNotFound); ${YAHOO} (554 delivery error: dd … doesn't have a … account); ${COMCAST} (Not our Customer); ${ORANGE} (OFR_416); ${MAILRU}; ${ZOHO}; ${SISIMAI}` },

  // 4 ── Enhanced status codes (RFC 3463 §3; IANA registry; Microsoft extensions) ───────────────
  { id: 'x.1.1-bad-mailbox', action: 'suppress', reason: 'user-unknown', enhanced: ['x.1.1', 'x.1.10', 'x.1.351', 'x.1.6'], source: `${RFC3463}.2 (X.1.1 bad destination mailbox, X.1.6 moved); RFC 7505 (X.1.10); ${MS} (5.1.10, 5.1.351)` },
  { id: 'x.1.2-bad-system', action: 'suppress', reason: 'host-unknown', enhanced: ['x.1.2', 'x.4.4'], source: `${RFC3463}.2 (X.1.2 bad destination system address), §3.5 (X.4.4 unable to route)` },
  { id: 'x.1.3-bad-syntax', action: 'suppress', reason: 'invalid-address', enhanced: ['x.1.3'], source: `${RFC3463}.2 (X.1.3 bad destination mailbox address syntax)` },
  { id: 'x.1.7-x.1.8-bad-sender', action: 'investigate', reason: 'sender-rejected', enhanced: ['x.1.7', 'x.1.8'], source: `${RFC3463}.2 (X.1.7, X.1.8 bad sender address)` },
  { id: 'x.2.1-mailbox-disabled', action: 'suppress', reason: 'mailbox-disabled', enhanced: ['x.2.1'], source: `${RFC3463}.3 (X.2.1 mailbox disabled)` },
  { id: 'x.2.2-mailbox-full', action: 'retry', reason: 'mailbox-full', enhanced: ['x.2.2', 'x.3.1'], source: `${RFC3463}.3 (X.2.2 mailbox full), §3.4 (X.3.1 mail system full)` },
  { id: 'x.2.3-x.3.4-too-large', action: 'fix-message', reason: 'message-too-large', enhanced: ['x.2.3', 'x.3.4'], source: `${RFC3463}.3 (X.2.3), §3.4 (X.3.4 message too big)` },
  { id: 'x.3-system', action: 'retry', reason: 'system-error', enhanced: ['x.3.0', 'x.3.2', 'x.3.5'], source: `${RFC3463}.4 (X.3.0, X.3.2, X.3.5)` },
  { id: 'x.4.1-ms-dbeb', action: 'suppress', reason: 'user-unknown', enhanced: ['5.4.1'], source: `${MS} (550 5.4.1 Recipient address rejected: Access denied)` },
  { id: 'x.4-network', action: 'retry', reason: 'network-error', enhanced: ['x.4.0', 'x.4.1', 'x.4.2', 'x.4.3', 'x.4.316'], source: `${RFC3463}.5 (X.4.1–X.4.3); ${MS} (5.4.316)` },
  { id: 'x.4.5-congestion', action: 'retry', reason: 'rate-limited', enhanced: ['x.4.5'], source: `${RFC3463}.5 (X.4.5 mail system congestion)` },
  { id: 'x.4.6-loop', action: 'investigate', reason: 'mail-loop', enhanced: ['x.4.6', 'x.4.14'], source: `${RFC3463}.5 (X.4.6 routing loop); ${MS} (5.4.14 hop count exceeded)` },
  { id: 'x.4.7-expired', action: 'retry', reason: 'expired', enhanced: ['x.4.7', 'x.4.300', 'x.4.312'], source: `${RFC3463}.5 (X.4.7 delivery time expired); ${MS} (5.4.300, 5.4.312)` },
  { id: 'x.6-content', action: 'fix-message', reason: 'malformed-message', enhanced: ['x.6.*'], source: `${RFC3463}.7 (X.6.x message content or media status)` },
  { id: 'x.7.8-auth', action: 'fix-config', reason: 'auth-failed', enhanced: ['x.7.8', 'x.7.9', 'x.7.10', 'x.7.11', 'x.7.12', 'x.7.14', 'x.7.57', 'x.7.64', 'x.7.750'], source: `RFC 4954 §6 (X.7.8 credentials invalid, X.7.9 mechanism too weak, X.7.11 encryption required); ${IANA}; ${MS} (5.7.57, 5.7.64, 5.7.750)` },
  { id: 'x.7.13-disabled', action: 'suppress', reason: 'mailbox-disabled', enhanced: ['x.7.13', 'x.7.17', 'x.7.18'], source: `${IANA} (X.7.13 user account disabled, X.7.17 mailbox owner changed, X.7.18 domain owner changed)` },
  { id: 'x.7.2x-email-auth', action: 'fix-config', reason: 'spf-dkim-dmarc', enhanced: ['x.7.20', 'x.7.21', 'x.7.22', 'x.7.23', 'x.7.24', 'x.7.26', 'x.7.509', 'x.7.510', 'x.7.515'], source: `RFC 7372 §3 (X.7.20–X.7.26 DKIM/SPF); ${MS} (5.7.509, 5.7.515 DMARC)` },
  { id: 'x.7.25-reverse-dns', action: 'investigate', reason: 'no-reverse-dns', enhanced: ['x.7.25'], source: 'RFC 7372 §3 (X.7.25 reverse DNS validation failed)' },
  { id: 'x.7.27-sender-null-mx', action: 'fix-config', reason: 'dns-misconfigured', enhanced: ['x.7.27'], source: 'RFC 7505 §4.2 (X.7.27 sender address has null MX)' },
  { id: 'x.7.6xx-ms-banned-ip', action: 'investigate', reason: 'blocklisted', enhanced: [/^5\.7\.6(?:0[6-9]|[1-4]\d)$/], source: `${MS} (5.7.606–5.7.649 banned sending IP)` },
  { id: '530-535-auth', action: 'fix-config', reason: 'auth-failed', codes: [530, 535, 538], source: 'RFC 4954 §6 (530 authentication required, 535 credentials invalid, 538 encryption required)' },
  { id: 'x.7.1-policy', action: 'investigate', reason: 'policy-block', enhanced: ['x.7.*'], source: `${RFC3463}.8 (X.7.x security or policy status); policy.md (5.7.1 blocked → investigate)` },
  { id: 'x.5-protocol', action: 'investigate', reason: 'policy-block', enhanced: ['x.5.*'], source: `${RFC3463}.6 (X.5.x protocol status)` },
  { id: 'x.1.0-address', action: 'suppress', reason: 'user-unknown', enhanced: ['x.1.0'], commands: ['RCPT'], source: `${RFC3463}.2 (X.1.0 other address status, in reply to RCPT TO)` },

  // 5 ── The vendor's conclusion, then basic codes, then fallbacks ──────────────────────────────
  { id: 'vendor-hard-bounce', action: 'suppress', reason: 'user-unknown', hintReasons: ['user-unknown', 'invalid-address', 'host-unknown', 'mailbox-disabled', 'recipient-moved'], source: 'vendor-formats.md §2.3 (Postmark HardBounce/BadEmailAddress), §3.4 (SES Permanent/NoEmail)' },
  { id: 'vendor-mailbox-full', action: 'retry', reason: 'mailbox-full', hintReasons: ['mailbox-full'], source: 'vendor-formats.md §3.4 (SES Transient/MailboxFull)' },
  { id: 'vendor-message-too-large', action: 'fix-message', reason: 'message-too-large', hintReasons: ['message-too-large'], source: 'vendor-formats.md §3.4 (SES Transient/MessageTooLarge)' },
  { id: 'vendor-content-rejected', action: 'fix-message', reason: 'content-rejected', hintReasons: ['content-rejected', 'malformed-message'], source: 'vendor-formats.md §3.4 (SES ContentRejected, AttachmentRejected, Reject), §1.3 (SendGrid Spam Content)' },
  { id: 'vendor-config', action: 'fix-config', reason: 'auth-failed', hintReasons: ['auth-failed', 'spf-dkim-dmarc', 'dns-misconfigured'], source: 'vendor-formats.md §2.3 (Postmark DMARCPolicy, SMTPApiError), §1.3 (SendGrid Invalid SMTPAPI header)' },
  { id: 'vendor-account-limit', action: 'fix-config', reason: 'sender-rejected', hintReasons: ['sender-rejected'], source: 'vendor-formats.md §1.3 (SendGrid dropped: Recipient List over Package Quota), §2.3 (Postmark SMTPApiError)' },
  { id: 'vendor-policy', action: 'investigate', reason: 'policy-block', hintReasons: ['blocklisted', 'reputation', 'policy-block', 'spam-detected'], source: 'vendor-formats.md §1.2 (SendGrid bounce_classification Reputation), §2.3 (Postmark Blocked, SpamNotification)' },
  { id: 'vendor-temporary', action: 'retry', reason: 'temporary-failure', hintReasons: ['temporary-failure', 'rate-limited', 'network-error', 'dns-temporary', 'system-error', 'expired', 'greylisted'], source: 'vendor-formats.md §2.3 (Postmark Transient, DnsError, SoftBounce), §1.2 (Frequency or Volume)' },
  { id: '5xx-after-mail-from', action: 'investigate', reason: 'sender-rejected', classes: [5], commands: ['MAIL'], source: 'policy.md "Debugging": a 5xx in reply to MAIL FROM is about the sender' },
  { id: '5xx-at-connect', action: 'investigate', reason: 'policy-block', classes: [5], commands: ['CONNECT', 'HELO'], source: 'RFC 5321 §3.1 (554 at connection: no SMTP service here)' },
  { id: 'x.1-other-address', action: 'suppress', reason: 'user-unknown', enhanced: ['5.1.*'], source: `${RFC3463}.2 (X.1.x addressing status)` },
  { id: 'x.2-mailbox-other', action: 'investigate', reason: 'undetermined', enhanced: ['5.2.*'], source: `${RFC3463}.3 (X.2.x mailbox status)` },
  { id: 'x.4-routing-other', action: 'retry', reason: 'network-error', enhanced: ['5.4.*'], source: `${RFC3463}.5 (X.4.x network and routing status)` },
  { id: '550-mailbox-unavailable', action: 'suppress', reason: 'user-unknown', codes: [550], commands: ['RCPT'], source: `${RFC5321} (550 mailbox unavailable, in reply to RCPT TO)` },
  { id: '550-551-553', action: 'suppress', reason: 'user-unknown', codes: [550, 551, 553], source: `${RFC5321} (550 mailbox unavailable, 551 user not local, 553 mailbox name not allowed); policy.md` },
  { id: '552-too-large', action: 'fix-message', reason: 'message-too-large', codes: [552], source: `${RFC5321} (552 exceeded storage allocation); policy.md (552 → fix message)` },
  { id: '521-556-no-mail', action: 'suppress', reason: 'host-unknown', codes: [521, 556], source: 'RFC 7504 §3 (521/556: host or domain does not accept mail)' },
  { id: '554-transaction-failed', action: 'investigate', reason: 'policy-block', codes: [554], source: `${RFC5321} (554 transaction failed); policy.md (554 → investigate)` },
  { id: 'vendor-permanent', action: 'suppress', reason: 'undetermined', permanence: ['permanent'], source: 'vendor-formats.md §3.4 (SES Permanent/General: remove the address)' },
  { id: 'vendor-transient', action: 'retry', reason: 'temporary-failure', permanence: ['transient'], source: 'vendor-formats.md §3.4 (SES Transient), §2.3 (Postmark Transient)' },
  { id: 'success-reply', action: 'investigate', reason: 'undetermined', classes: [2], source: 'RFC 5321 §4.2.1 (2yz: positive completion — nothing failed)' },
  { id: '5xx-other', action: 'investigate', reason: 'undetermined', classes: [5], source: `${RFC5321} (5yz: permanent negative completion, unspecific)` },
  { id: 'fallback', action: 'investigate', reason: 'undetermined', source: 'policy.md: when the codes are not enough, a human reads the text' },
];
