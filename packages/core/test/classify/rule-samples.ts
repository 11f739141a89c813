/**
 * One or more real-world sample replies per rule of `rules.ts` (provider wordings, RFC examples,
 * dev-set fixtures), with the rule each must fire. The rules test checks every row is reached.
 */
import type { VendorHints } from '../../src/types.ts';

export interface RuleSample {
  rule: string;
  text: string;
  hints?: VendorHints;
  /** The reason expected, when it differs from the rule's own (4xx refinement). */
  reason?: string;
}

export const RULE_SAMPLES: readonly RuleSample[] = [
  { rule: 'vendor-complaint', text: '', hints: { kind: 'complaint' } },
  { rule: 'vendor-unsubscribe', text: '', hints: { kind: 'unsubscribe' } },
  {
    rule: 'vendor-own-suppression',
    text: 'Amazon SES did not send the message to this address because it is on the suppression list for your account.',
    hints: { kind: 'bounce', reason: 'vendor-suppressed' },
  },
  {
    rule: 'vendor-unsubscribe-list',
    text: 'Unsubscribed Address',
    hints: { kind: 'dropped', permanence: 'permanent', reason: 'unsubscribed' },
  },
  {
    rule: 'vendor-complaint-list',
    text: 'Spam Reporting Address',
    hints: { kind: 'dropped', permanence: 'permanent', reason: 'complaint' },
  },
  {
    rule: 'vendor-gave-up',
    text: '450 4.4.7 Delivery time expired',
    hints: { kind: 'bounce', permanence: 'permanent', reason: 'persistent-soft-bounce' },
  },
  {
    rule: 'vendor-auto-reply',
    text: 'Out of office',
    hints: { kind: 'ignored', reason: 'auto-reply' },
  },
  {
    rule: 'arf-abuse-report',
    text: 'This is an email abuse report for an email message received from IP 192.0.2.2 on Thu, 9 Apr 2006',
  },
  {
    rule: 'arf-auth-failure-report',
    text: 'This is an authentication failure report for an email message received from IP example.net; dmarc=fail',
  },
  {
    rule: 'never-retry-deferral',
    text: '421 4.7.0 [TSS09] All messages from 192.0.2.1 will be permanently deferred; Retrying will NOT succeed. See https://senders.yahooinc.com/smtp-error-codes',
  },
  {
    rule: 'transient-4xx',
    text: '450 4.2.1 The user you are trying to contact is receiving mail at a rate that prevents additional messages from being delivered.',
    reason: 'rate-limited',
  },
  {
    rule: 'transient-4xx',
    text: '451 4.7.1 Greylisting in action, please come back later',
    reason: 'greylisted',
  },
  {
    rule: 'transient-4xx',
    text: '452 4.2.2 The email account that you tried to reach is over quota.',
    reason: 'mailbox-full',
  },
  {
    rule: 'transient-4xx',
    text: '421 4.7.0 Try again later, closing connection.',
    reason: 'system-error',
  },
  {
    rule: 'vendor-deferral',
    text: 'Email was deferred due to the following reason(s): [IPs were throttled by recipient server]',
    hints: { kind: 'deferral' },
    reason: 'rate-limited',
  },
  { rule: 'malformed-headers', text: "554 Transaction failed: Duplicate header 'DKIM-Signature'." },
  {
    rule: 'malformed-headers',
    text: '550-5.7.1 Messages missing a valid Message-ID header are not accepted.',
  },
  {
    rule: 'auto-reply-text',
    text: 'I am out of the office until Monday with limited access to email.',
  },
  { rule: 'recipient-moved', text: '550 5.1.6 Recipient is no longer with the company' },
  {
    rule: 'content-url-blocklist',
    text: '554 5.7.1 Message rejected: URL in message listed at dbl.spamhaus.org',
  },
  {
    rule: 'content-virus-attachment',
    text: '552-5.7.0 This message was blocked because its content presents a potential security issue.',
  },
  {
    rule: 'message-too-large',
    text: "552-5.3.4 Your message exceeded Google's message size limits.",
  },
  { rule: 'message-too-large', text: '552 5.3.4 Message trop volumineux. Message too large' },
  {
    rule: 'exchange-recipient-restriction',
    text: '550 5.7.133 RESOLVER.RST.SenderNotAuthenticatedForGroup; authentication required',
  },
  {
    rule: 'spf-dkim-dmarc',
    text: '550-5.7.26 This mail has been blocked because the sender is unauthenticated. Gmail requires all senders to authenticate with either SPF or DKIM.',
  },
  { rule: 'spf-dkim-dmarc', text: '550 5.7.1 Email rejected per DMARC policy for example.org' },
  { rule: 'smtp-auth-failed', text: '535-5.7.8 Username and Password not accepted.' },
  { rule: 'smtp-auth-failed', text: '530 5.7.0 Authentication Required' },
  { rule: 'smtp-auth-failed', text: '530 5.7.0 Must issue a STARTTLS command first' },
  { rule: '530-535-auth', text: '530 5.7.0 <a@example.org>' },
  { rule: 'sender-dns-misconfigured', text: '550 invalid DNS MX or A/AAAA resource record' },
  {
    rule: 'mailbox-disabled',
    text: '550-5.2.1 The email account that you tried to reach is disabled.',
  },
  {
    rule: 'mailbox-disabled',
    text: '554 delivery error: dd Sorry your message to a@yahoo.com cannot be delivered. This mailbox is disabled (554.30)',
  },
  { rule: 'mailbox-disabled', text: '552 5.2.2 <a@example.com>: over quota and inactive' },
  {
    rule: 'mailbox-full',
    text: '552-5.2.2 The email account that you tried to reach is over quota.',
  },
  {
    rule: 'mailbox-full',
    text: '554 5.2.2 mailbox full; STOREDRV.Deliver.Exception:QuotaExceededException',
  },
  {
    rule: 'mailbox-full',
    text: '550 5.2.2 Boite du destinataire pleine. Recipient mailbox full. OFR_417',
  },
  {
    rule: 'ms-dbeb-recipient-rejected',
    text: '550 5.4.1 Recipient address rejected: Access denied. AS(201806281)',
  },
  {
    rule: 'unknown-domain-or-account',
    text: 'The mail server could not deliver mail to a@example.net. The account or domain may not exist, they may be blacklisted, or missing the proper dns entries.',
  },
  {
    rule: 'blocklisted',
    text: '554 5.7.1 Service unavailable; Client host [192.0.2.1] blocked using zen.spamhaus.org',
  },
  {
    rule: 'blocklisted',
    text: "550 5.7.1 Unfortunately, messages from [192.0.2.1] weren't sent. Please contact your Internet service provider since part of their network is on our block list (S3150).",
  },
  {
    rule: 'blocklisted',
    text: '554 5.7.1 Comcast block for spam. Please see http://postmaster.comcast.net/smtp-error-codes.php#BL000000',
  },
  {
    rule: 'blocklisted',
    text: '550 5.7.0 Blocked - see https://support.proofpoint.com/dnsbl-lookup.cgi?ip=192.0.2.1',
  },
  {
    rule: 'blocklisted',
    text: '554-No SMTP service 554-IP address is block listed. 554 For explanation visit http://postmaster.gmx.com/en/error-messages?ip=192.0.2.1&c=bl',
  },
  {
    rule: 'reputation',
    text: '550-5.7.1 [192.0.2.1] Our system has detected an unusual rate of unsolicited mail originating from your IP address.',
  },
  {
    rule: 'reputation',
    text: '550 5.7.1 Service refuse. Veuillez essayer plus tard. Service refused, please try later. OFR004_104',
  },
  { rule: 'sender-rejected', text: '501 5.1.8 Sender address rejected: Domain not found' },
  {
    rule: 'sender-rejected',
    text: '550 5.1.0 <bounce@example.com> sender rejected. Refer to Error Codes section at https://www.cox.com/residential/support/email-error-codes.html',
  },
  {
    rule: 'sender-unknown-after-mail',
    text: 'host mail.example.org[192.0.2.1] said: 553 5.1.0 neko example.com does not exist (in reply to MAIL FROM command)',
  },
  {
    rule: 'no-reverse-dns',
    text: '550-5.7.25 [192.0.2.1] The IP address sending this message does not have a PTR record setup.',
  },
  {
    rule: 'transient-4xx',
    text: '450 4.7.1 Client host rejected: cannot find your hostname',
    reason: 'no-reverse-dns',
  },
  {
    rule: 'spam-detected',
    text: '554 5.7.1 [2] Message rejected under suspicion of SPAM; https://ya.cc/1IrBc',
  },
  {
    rule: 'spam-detected',
    text: '550 spam message rejected. Please visit http://help.mail.ru/notspam-support/id?c=abc',
  },
  { rule: 'relay-denied', text: '554 5.7.1 <a@example.org>: Relay access denied' },
  { rule: 'relay-denied', text: '553 Relaying disallowed as a@zoho.com' },
  {
    rule: 'relay-denied',
    text: "553 sorry, that domain isn't in my list of allowed rcpthosts (#5.7.1)",
  },
  { rule: 'mail-loop', text: '554 5.4.14 Hop count exceeded - possible mail loop' },
  {
    rule: 'smtputf8-unsupported',
    text: 'local-part of envelope contains utf8 but remote server did not offer SMTPUTF8',
  },
  {
    rule: 'google-groups',
    text: 'The group you tried to contact may not exist. Visit https://groups.google.com/support/',
  },
  { rule: 'expired-in-queue', text: "Remote Server returned '550 5.4.300 Message expired'" },
  { rule: 'expired-in-queue', text: 'Delivery failed 20 attempts' },
  {
    rule: 'network-error',
    text: 'Delivery to the following recipient failed permanently: The recipient server did not accept our requests to connect.',
  },
  {
    rule: 'dns-temporary',
    text: 'Name service error for domain example.com: Host not found, try again',
  },
  {
    rule: 'host-unknown',
    text: "Remote Server returned '554 5.4.4 SMTPSEND.DNS.NonExistentDomain; nonexistent domain'",
  },
  {
    rule: 'host-unknown',
    text: "DNS Error: DNS type 'mx' lookup of example.org responded with code NOERROR The domain example.org doesn't receive email according to the administrator: returned Null MX",
  },
  { rule: 'host-unknown', text: "Sorry, I couldn't find any host named example.invalid. (#5.1.2)" },
  { rule: 'system-error', text: '550 5.3.5 <a@example.org>... Internal System Error' },
  {
    rule: 'greylisted',
    text: 'Recipient address rejected: Greylisted, see http://postgrey.schweikert.ch/',
  },
  { rule: 'sending-limit', text: '550-5.4.5 Daily user sending quota exceeded.' },
  { rule: 'rate-limited', text: '550 5.7.1 Too many connections from your IP, slow down' },
  { rule: 'not-accepting-connections', text: '554 mx.me.com ESMTP not accepting connections' },
  {
    rule: 'policy-block',
    text: '554 5.7.1 [CS01] Message rejected due to local policy. Please visit https://support.apple.com/en-us/HT204137',
  },
  {
    rule: 'policy-block',
    text: '554 5.7.9 Message not accepted for policy reasons. See https://senders.yahooinc.com/error-codes',
  },
  { rule: 'policy-block', text: '550 Administrative prohibition' },
  {
    rule: 'x.1.1-said-user-unknown',
    text: "550-5.1.1 The email account that you tried to reach does not exist. Please try double-checking the recipient's email address for typos or unnecessary spaces.",
  },
  {
    rule: 'x.1.1-said-user-unknown',
    text: '550 5.1.10 RESOLVER.ADR.RecipientNotFound; Recipient not found by SMTP address lookup',
  },
  {
    rule: 'user-unknown',
    text: "554 delivery error: dd This user doesn't have a yahoo.com account (a@yahoo.com) [0] - mta1028.mail.bf1.yahoo.com",
  },
  { rule: 'user-unknown', text: '550 5.1.1 <a@comcast.net> Not our Customer' },
  {
    rule: 'user-unknown',
    text: '550 Message was not accepted -- invalid mailbox. Local mailbox a@mail.ru is unavailable: user not found',
  },
  { rule: 'x.1.1-said-user-unknown', text: '550 5.1.1 User does not exist - <a@zoho.com>' },
  {
    rule: 'x.1.1-said-user-unknown',
    text: 'smtp; 550 5.1.1 user unknown ( blacklisted address: suppressionlist@simulator.amazonses.com )',
  },
  {
    rule: 'mx-lookup-failed',
    text: 'unable to get mx info: failed to get IPs from PTR record: lookup <nil>: unrecognized address',
  },
  {
    rule: 'user-unknown',
    text: '550 Requested action not taken: mailbox unavailable (S2017062302)',
  },
  { rule: 'user-unknown', text: '550 5.7.1 No such user!' },
  { rule: 'user-unknown', text: 'Sorry, no mailbox here by that name. (#5.1.1)' },
  { rule: 'user-unknown', text: '550 Requested action not taken: mailbox unavailable' },
  { rule: 'x.1.1-bad-mailbox', text: '550 5.1.1 <a@example.org>' },
  { rule: 'x.1.2-bad-system', text: '550 5.1.2 <a@example.org>' },
  { rule: 'x.1.3-bad-syntax', text: '553 5.1.3 <a@@example.org>' },
  { rule: 'x.1.7-x.1.8-bad-sender', text: '553 5.1.7 <bounce@example.org>' },
  { rule: 'x.2.1-mailbox-disabled', text: '550 5.2.1 <a@example.org>' },
  { rule: 'x.2.2-mailbox-full', text: '552 5.2.2 <a@example.org>' },
  { rule: 'x.2.3-x.3.4-too-large', text: '552 5.3.4 <a@example.org>' },
  { rule: 'x.3-system', text: '554 5.3.0 <a@example.org>' },
  { rule: 'x.4.1-ms-dbeb', text: '550 5.4.1 [a@example.org]' },
  { rule: 'x.4-network', text: '550 5.4.316 <a@example.org>' },
  { rule: 'x.4.5-congestion', text: '550 5.4.5 <a@example.org>' },
  { rule: 'x.4.6-loop', text: '550 5.4.6 <a@example.org>' },
  { rule: 'x.4.7-expired', text: '550 5.4.7 <a@example.org>' },
  { rule: 'x.6-content', text: '554 5.6.0 <a@example.org>' },
  { rule: 'x.7.8-auth', text: '550 5.7.9 Rejected' },
  { rule: 'x.7.13-disabled', text: '525 5.7.13 <a@example.org>' },
  { rule: 'x.7.2x-email-auth', text: '550 5.7.23 <a@example.org>' },
  { rule: 'x.7.25-reverse-dns', text: '550 5.7.25 <a@example.org>' },
  { rule: 'x.7.27-sender-null-mx', text: '550 5.7.27 <bounce@example.org>' },
  { rule: 'x.7.6xx-ms-banned-ip', text: '550 5.7.606 [192.0.2.1]' },
  { rule: 'x.7.1-policy', text: '550 5.7.1 <a@example.org>' },
  { rule: 'x.5-protocol', text: '550 5.5.0 <a@example.org>' },
  {
    rule: 'x.1.0-address',
    text: 'host mx.example.org[192.0.2.1] said: 550 5.1.0 <a@example.org> (in reply to RCPT TO command)',
  },
  {
    rule: 'vendor-hard-bounce',
    text: 'Test bounce details',
    hints: { kind: 'bounce', permanence: 'permanent', reason: 'user-unknown' },
  },
  {
    rule: 'vendor-mailbox-full',
    text: '',
    hints: { kind: 'bounce', permanence: 'transient', reason: 'mailbox-full' },
  },
  {
    rule: 'vendor-message-too-large',
    text: '',
    hints: { kind: 'bounce', permanence: 'transient', reason: 'message-too-large' },
  },
  {
    rule: 'vendor-content-rejected',
    text: '',
    hints: { kind: 'bounce', permanence: 'transient', reason: 'content-rejected' },
  },
  { rule: 'vendor-config', text: '', hints: { kind: 'bounce', reason: 'spf-dkim-dmarc' } },
  {
    rule: 'vendor-account-limit',
    text: 'Recipient List over Package Quota',
    hints: { kind: 'dropped', permanence: 'permanent', reason: 'sender-rejected' },
  },
  { rule: 'vendor-policy', text: '', hints: { kind: 'block', reason: 'reputation' } },
  {
    rule: 'vendor-temporary',
    text: '',
    hints: { kind: 'bounce', permanence: 'transient', reason: 'temporary-failure' },
  },
  { rule: '530-535-auth', text: '535 <a@example.org>' },
  {
    rule: '550-mailbox-unavailable',
    text: 'host mx.example.org[192.0.2.1] said: 550 <a@example.org> (in reply to RCPT TO command)',
  },
  {
    rule: '5xx-after-mail-from',
    text: 'host mx.example.org[192.0.2.1] said: 550 go away (in reply to MAIL FROM command)',
  },
  {
    rule: '5xx-at-connect',
    text: 'host mx.example.org[192.0.2.1] refused to talk to me: 554 mx.example.org',
  },
  { rule: '550-551-553', text: '551 <a@example.org>' },
  { rule: '552-too-large', text: '552 <a@example.org>' },
  { rule: '521-556-no-mail', text: '556 <a@example.org>' },
  { rule: '554-transaction-failed', text: '554 Transaction failed' },
  { rule: 'x.1-other-address', text: '5.1.9 <a@example.org>' },
  { rule: 'x.2-mailbox-other', text: '550 5.2.4 <a@example.org>' },
  { rule: 'x.4-routing-other', text: '5.4.8 <a@example.org>' },
  { rule: 'vendor-permanent', text: '', hints: { kind: 'bounce', permanence: 'permanent' } },
  { rule: 'vendor-transient', text: '', hints: { kind: 'bounce', permanence: 'transient' } },
  { rule: 'success-reply', text: '250 2.0.0 OK 1480624905 gsmtp' },
  { rule: '5xx-other', text: '542 a@example.com Rejected' },
  { rule: 'fallback', text: 'something happened' },
];
