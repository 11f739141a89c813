/**
 * Auto-replies (vacation, out-of-office) are not bounces: RFC 3834 headers, the vendor headers
 * that mean the same, and the usual subjects. Checked only when a mail shows no failure.
 */
// biome-ignore-all format: one row per sign, so the table reads as a table.

/** One sign of an automatic reply: a header (name and value pattern) or a subject pattern. */
interface AutoReplySign {
  header?: readonly [string, RegExp];
  subject?: RegExp;
  source: string;
}

export const AUTO_REPLY_SIGNS: readonly AutoReplySign[] = [
  { header: ['auto-submitted', /^\s*auto-replied/i], source: 'RFC 3834 §5.1 (Auto-Submitted: auto-replied)' },
  { header: ['x-autoreply', /./], source: 'X-Autoreply: yes (Sendmail vacation(1), Zimbra, many webmails)' },
  { header: ['x-autorespond', /./], source: 'X-Autorespond (cPanel/Exim autoresponders)' },
  { header: ['precedence', /^\s*auto[_-]reply/i], source: 'Precedence: auto_reply (Exchange/Outlook, Gmail vacation responder)' },
  { header: ['x-auto-response-suppress', /\b(?:OOF|AutoReply)\b/i], source: 'Microsoft [MS-OXCMAIL] §2.2.3.2.20 (X-Auto-Response-Suppress on OOF replies)' },
  { subject: /^\s*(?:out of (?:the )?office|automatic reply|auto(?:matic)?[- ]?(?:reply|response)|autoreply|vacation|away from)/i, source: 'Outlook ("Automatic reply:"), Gmail vacation responder, RFC 3834 §3.1.5 (subject of a response)' },
  { subject: /^\s*(?:abwesenheitsnotiz|automatische antwort|réponse automatique|respuesta automática|risposta automatica|automatisch antwoord|自動応答|自動返信|不在通知|автоответ)/i, source: 'localized Outlook/Exchange auto-reply subjects' },
];

/** True when the headers or the subject say the mail is an automatic reply. */
export function isAutoReply(headers: ReadonlyMap<string, string[]>, subject: string): boolean {
  for (const sign of AUTO_REPLY_SIGNS) {
    if (sign.header) {
      const [name, pattern] = sign.header;
      if (headers.get(name)?.some((v) => pattern.test(v))) return true;
    }
    if (sign.subject?.test(subject)) return true;
  }
  return false;
}
