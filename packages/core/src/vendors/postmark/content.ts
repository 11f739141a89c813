/**
 * Postmark's `Content` (the full bounce message, sent when the webhook asks for it) read with
 * core's mail parser: when the webhook's own fields are thin (a `Details` with neither a code
 * nor an enhanced code), the reply the bounce mail gives for the bounced address, and only it,
 * replaces the thin one. Inferred parts stay marked inferred. The mail parser (and its MIME
 * library) is imported on the first such bounce, so Postmark's function does not load it at
 * cold start for the many batches that never need it.
 */
import { normalizeRecipient } from '../../events/recipient.ts';
import type { SmtpReply } from '../../types.ts';
import { fillInferred } from '../shared/infer.ts';

/** Whether a reply says nothing beyond text: the webhook's fields are thin. */
export function isThin(reply: SmtpReply | null): boolean {
  if (reply === null) return true;
  const code = reply.code !== null && reply.parts.code !== 'inferred';
  const enhanced = reply.enhanced !== null && reply.parts.enhanced !== 'inferred';
  return !code && !enhanced;
}

/** Whether `Content` looks like a whole mail (a header line first), not a placeholder. */
export function isMailContent(content: string | null): content is string {
  return content !== null && /^[A-Za-z][A-Za-z0-9-]{0,75}:/.test(content.trimStart());
}

/**
 * The reply the bounce mail in `content` gives for `recipient`, with the row's inferred parts
 * filled in (marked `'inferred'`); `'elsewhere'` when the mail reports other recipients only;
 * null when it is not a bounce mail or gives no code for the address (the caller keeps what it
 * had).
 *
 * @example await replyFromContent(e.Content, 'john@example.com', { code: 550, enhanced: '5.1.1' })
 */
export async function replyFromContent(
  content: string,
  recipient: unknown,
  infer: { code?: number; enhanced?: string } | undefined,
): Promise<SmtpReply | 'elsewhere' | null> {
  const address = normalizeRecipient(recipient);
  if (address === null) return null;
  const [{ mailEvents }, { parseBounceMail }] = await Promise.all([
    import('../../mail/events.ts'),
    import('../../mail/parse-mail.ts'),
  ]);
  let events: ReturnType<typeof mailEvents>;
  try {
    events = mailEvents(await parseBounceMail(content));
  } catch {
    // Not a mail (or over the parser's limit): the webhook's own fields stand.
    return null;
  }
  const mine = events.filter((e) => e.recipient === address);
  if (mine.length === 0) return events.length > 0 ? 'elsewhere' : null;
  const reply = mine.find((e) => e.reply !== null)?.reply ?? null;
  if (reply === null || isThin(reply)) return null;
  return infer ? fillInferred(reply, infer) : reply;
}
