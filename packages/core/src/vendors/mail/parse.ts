/**
 * The raw mail source's parsers, all through core's mail parser (core/src/mail): a posted mail
 * (the webhook), and the mails an SES receipt event announces (read from S3 by the `DirectIo`
 * the AWS package gives).
 */
import { mailEvents, parseMailEvents } from '../../mail/events.ts';
import { parseBounceMail } from '../../mail/parse-mail.ts';
import type { NormalizedEvent } from '../../types.ts';
import type { DirectIo, Receipt } from '../types.ts';
import { MAX_STORED_MAIL_BYTES } from './meta.ts';
import { receivedMails } from './receipt.ts';

/**
 * One raw mail → its events (none for a mail that reports no failure). Throws PayloadError
 * when the bytes are not a mail, PayloadTooLargeError over 10 MB.
 *
 * @example (await parse(readFileSync('bounce.eml')))[0].verdict?.action // 'suppress'
 */
export function parse(body: Uint8Array | string, now?: Date): Promise<NormalizedEvent[]> {
  return parseMailEvents(body, now ? { now } : {});
}

/**
 * A posted mail → its events, or, for a readable mail that reports nothing to act on (not a
 * bounce, an auto-reply, a DSN of deliveries only), a 200 that says what it was: the sender
 * must not retry it, and nothing was written.
 */
export async function receiveMail(body: Uint8Array, now: Date): Promise<Receipt> {
  const report = await parseBounceMail(body);
  const events = mailEvents(report, { now });
  if (events.length > 0) return { events };
  return { answer: { status: 200, body: { ok: true, received: 0, report: report.kind } } };
}

/**
 * The events of the mails an SES receipt event announces, each read from the bucket by its
 * message id. Throws PayloadError (not a receipt event, the object is gone, not a mail),
 * PayloadTooLargeError, or the store's DependencyError.
 */
export async function parseReceiptEvent(
  event: unknown,
  now: Date,
  io: DirectIo,
): Promise<NormalizedEvent[]> {
  const mails = receivedMails(event);
  if (!io.readObject) throw new Error('mail: the direct source needs an object reader');
  const out: NormalizedEvent[] = [];
  for (const m of mails) {
    const raw = await io.readObject(m.messageId, MAX_STORED_MAIL_BYTES);
    out.push(...(await parseMailEvents(raw, { now })));
  }
  return out;
}
