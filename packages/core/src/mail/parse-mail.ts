/**
 * `parseBounceMail`: one raw mail in, one MailReport out — an ARF report, a DSN, a plain-text
 * bounce, an auto-reply, or not a bounce. Pure: bytes in, data out; never decodes attachments.
 */
import { normalizeRecipient } from '../events/recipient.ts';
import { toIsoTimestamp } from '../vendors/shared/timestamps.ts';
import { addressList } from './addresses.ts';
import { readArf } from './arf.ts';
import { isAutoReply } from './auto-reply.ts';
import { readDsn } from './dsn.ts';
import { familiesOf } from './families.ts';
import { type MailParts, readMail } from './mime.ts';
import { originalFrom, quotedOriginal } from './original.ts';
import { type PlainRecipient, readPlain, reportText } from './plain.ts';
import type { MailRecipient, MailReport } from './report.ts';
import { BOUNCE_SENDERS, BOUNCE_SUBJECTS, DELAY_SIGNS, FAILURE_SIGNS } from './wordings.ts';

const first = (parts: MailParts, name: string): string => parts.headers.get(name)?.[0] ?? '';

/** Strong signs that a mail reports a delivery failure: a daemon sender, Exim's header, the framing. */
function strongSigns(parts: MailParts, from: string, text: string): boolean {
  return (
    BOUNCE_SENDERS.some(({ pattern }) => pattern.test(from)) ||
    parts.headers.has('x-failed-recipients') ||
    FAILURE_SIGNS.some(({ pattern }) => pattern.test(text)) ||
    DELAY_SIGNS.some(({ pattern }) => pattern.test(text))
  );
}

function plainRecipient(p: PlainRecipient): MailRecipient {
  const outcome = p.delayed ? 'delayed' : 'failed';
  return {
    address: p.address,
    outcome,
    label: outcome,
    status: null,
    diagnostic: p.text || null,
    remote: null,
    at: null,
  };
}

/**
 * Reads a raw bounce mail. Throws PayloadTooLargeError over 10 MB and PayloadError when the
 * bytes are not a mail; anything else that is not a bounce is a report of kind `not-a-bounce`.
 * @example (await parseBounceMail(raw)).recipients[0] // { address: 'a@b.c', outcome: 'failed', … }
 */
export async function parseBounceMail(input: Uint8Array | string): Promise<MailReport> {
  const parts = await readMail(input);
  const from = first(parts, 'from');
  const subject = parts.email.subject ?? '';
  const text = reportText(parts.text);
  const original = originalFrom(parts.originalHeaders) ?? quotedOriginal(parts.text);
  const families = familiesOf(parts, from, text);
  const report: MailReport = {
    kind: 'not-a-bounce',
    family: families[0] ?? 'unknown',
    families,
    bounceMessageId: parts.email.messageId?.replace(/^\s*<|>\s*$/g, '') || null,
    subject: parts.email.subject ?? null,
    date: toIsoTimestamp(
      first(parts, 'date')
        .replace(/\([^()]*\)/g, '')
        .trim(),
    ),
    messageId: original?.messageId ?? null,
    reporter: null,
    recipients: [],
  };
  const exclude = new Set([...addressList(first(parts, 'to')), ...addressList(from)]);
  const plainCtx = {
    subject,
    exclude,
    failedHeader: addressList((parts.headers.get('x-failed-recipients') ?? []).join(', ')),
    originalRecipients: original?.recipients ?? [],
  };
  if (parts.feedbackReport.length > 0) {
    const arf = readArf(parts.feedbackReport, plainCtx.originalRecipients);
    return { ...report, kind: 'arf', reporter: arf.reporter, recipients: arf.recipients };
  }
  if (parts.deliveryStatus.length > 0) {
    const dsn = readDsn(parts.deliveryStatus);
    if (dsn.recipients.length > 0) {
      fillDiagnostics(dsn.recipients, readPlain(parts.text, plainCtx));
      return { ...report, kind: 'dsn', reporter: dsn.reporter, recipients: dsn.recipients };
    }
  }
  const strong = strongSigns(parts, from, text);
  if (!strong && isAutoReply(parts.headers, subject)) return { ...report, kind: 'auto-reply' };
  if (strong || BOUNCE_SUBJECTS.some(({ pattern }) => pattern.test(subject))) {
    return {
      ...report,
      kind: 'plain',
      recipients: readPlain(parts.text, plainCtx).map(plainRecipient),
    };
  }
  return isAutoReply(parts.headers, subject) ? { ...report, kind: 'auto-reply' } : report;
}

/** A DSN recipient without a Diagnostic-Code takes the reply its human-readable part gives. */
function fillDiagnostics(recipients: MailRecipient[], plain: PlainRecipient[]): void {
  for (const r of recipients) {
    if (r.diagnostic !== null) continue;
    const address = normalizeRecipient(r.address);
    const text = plain.find((p) => p.address === address)?.text;
    if (text) r.diagnostic = text;
  }
}
