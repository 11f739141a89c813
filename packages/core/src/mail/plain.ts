/**
 * Bounces without a delivery-status part: runs the layout detectors over the report text (the
 * quoted original cut off), merges what they found per recipient, and fills the gaps.
 */
import { normalizeRecipient } from '../events/recipient.ts';
import { parseReply } from '../smtp/reply.ts';
import {
  type Found,
  labelledFields,
  recipientHeads,
  replySections,
  transcripts,
} from './layouts.ts';
import { originalStart } from './original.ts';
import { DELAY_SIGNS, RECIPIENT_SENTENCES } from './wordings.ts';

/** Lines read, and the longest line kept: the report part of a bounce is short. */
const MAX_LINES = 4000;
const MAX_LINE = 2000;

/** What the plain reader knows besides the body. */
export interface PlainContext {
  subject: string;
  /** Addresses that are not recipients: the bounce's own To (our sender) and From. */
  exclude: ReadonlySet<string>;
  /** `X-Failed-Recipients` (Exim, GMX): when given, the recipients are exactly these. */
  failedHeader: readonly string[];
  /** The returned original's To/Cc: the recipient when it is the only one and the body names none. */
  originalRecipients: readonly string[];
}

/** One failed (or delayed) recipient of a plain bounce. */
export interface PlainRecipient {
  address: string;
  text: string;
  delayed: boolean;
}

/** The body up to the quoted copy of the original message. */
export function reportText(body: string): string {
  const at = originalStart(body);
  return at === -1 ? body : body.slice(0, at);
}

/** How much a text says: a basic code beats an enhanced code beats prose beats nothing. */
function score(text: string): number {
  if (text === '') return 0;
  const r = parseReply(text);
  return 1 + (r.code !== null ? 4 : 0) + (r.enhanced !== null ? 2 : 0);
}

function sentences(text: string): Found[] {
  const out: Found[] = [];
  for (const { pattern } of RECIPIENT_SENTENCES) {
    const m = pattern.exec(text);
    if (m) out.push({ address: m[1] as string, text: '' });
  }
  return out;
}

/**
 * The recipients a plain bounce reports, with the best text found for each.
 * @example readPlain('<a@b.c>:\nSorry, no mailbox here by that name. (#5.1.1)', ctx)
 */
export function readPlain(body: string, ctx: PlainContext): PlainRecipient[] {
  const text = reportText(body).replace(/\r\n?/g, '\n');
  const lines = text
    .split('\n', MAX_LINES)
    .map((l) => (l.length > MAX_LINE ? l.slice(0, MAX_LINE) : l));
  // Detector order is precedence for equal scores: transcripts quote the server exactly.
  const found = [
    ...transcripts(lines),
    ...recipientHeads(lines),
    ...labelledFields(lines),
    ...sentences(text.slice(0, 64 * 1024)),
  ];
  const best = new Map<string, { text: string; score: number }>();
  for (const f of found) {
    const address = normalizeRecipient(f.address);
    if (address === null || ctx.exclude.has(address)) continue;
    const s = score(f.text);
    const had = best.get(address);
    if (!had || s > had.score) best.set(address, { text: f.text, score: s });
  }
  if (ctx.failedHeader.length) {
    for (const a of [...best.keys()]) if (!ctx.failedHeader.includes(a)) best.delete(a);
    for (const a of ctx.failedHeader) if (!best.has(a)) best.set(a, { text: '', score: 0 });
  }
  if (best.size === 0 && ctx.originalRecipients.length === 1) {
    const only = ctx.originalRecipients[0] as string;
    if (!ctx.exclude.has(only)) best.set(only, { text: '', score: 0 });
  }
  const section = replySections(lines)
    .map((t) => ({ text: t, score: score(t) }))
    .reduce<{ text: string; score: number } | null>(
      (a, b) => (a && a.score >= b.score ? a : b),
      null,
    );
  const delayed = DELAY_SIGNS.some(
    ({ pattern }) => pattern.test(ctx.subject) || pattern.test(text),
  );
  return [...best].map(([address, b]) => ({
    address,
    text: section && section.score > b.score ? section.text : b.text,
    delayed,
  }));
}
