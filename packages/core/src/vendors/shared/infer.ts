/**
 * Inferred SMTP replies: when a vendor reports a failure without the remote server's words
 * (SES `Suppressed`, SendGrid `dropped`, a Postmark Type only), we synthesize the missing parts.
 */
import { parseReply } from '../../smtp/reply.ts';
import type { PartOrigin, SmtpReply } from '../../types.ts';

/** The parts to synthesize; each one given is marked `'inferred'`. */
export interface InferredParts {
  code?: number | null;
  enhanced?: string | null;
  text?: string | null;
}

/**
 * Builds a reply whose parts all come from Rebound's inference, not from a remote server.
 *
 * @example inferReply({ code: 550, enhanced: '5.1.1', text: 'Bounced Address' })
 */
export function inferReply(parts: InferredParts): SmtpReply {
  return fillInferred(null, parts);
}

/**
 * Fills the parts a parsed reply lacks with inferred ones (marked `'inferred'`), leaving the
 * parts the vendor or the parser gave untouched. `reply` null starts from an empty reply.
 */
export function fillInferred(reply: SmtpReply | null, parts: InferredParts): SmtpReply {
  const base: SmtpReply = reply ?? {
    code: null,
    enhanced: null,
    text: '',
    parts: { code: null, enhanced: null, text: null },
    conflict: null,
    command: null,
  };
  const origin: { code: PartOrigin | null; enhanced: PartOrigin | null; text: PartOrigin | null } =
    { ...base.parts };
  let { code, enhanced, text } = base;
  if (code === null && parts.code != null) {
    code = parts.code;
    origin.code = 'inferred';
  }
  if (enhanced === null && parts.enhanced) {
    enhanced = parts.enhanced;
    origin.enhanced = 'inferred';
  }
  if (text === '' && parts.text) {
    text = parts.text;
    origin.text = 'inferred';
  }
  return { ...base, code, enhanced, text, parts: origin, conflict: conflictOf(code, enhanced) };
}

/** Parses vendor-field text (with known parts), then fills what is missing by inference. */
export function replyFrom(
  text: string | null,
  known: { code?: number | null; enhanced?: string | null },
  inferred: InferredParts | null,
): SmtpReply | null {
  const cleaned = text === null ? '' : stripDiagnosticType(text);
  const hasKnown = known.code != null || (known.enhanced != null && known.enhanced !== '');
  let reply: SmtpReply | null = null;
  if (cleaned !== '' || hasKnown) {
    reply = parseReply(cleaned, {
      code: known.code ?? null,
      enhanced: known.enhanced || null,
      textOrigin: 'vendor-field',
    });
  }
  if (inferred === null) return reply;
  return fillInferred(reply, inferred);
}

/** Removes an RFC 3464 diagnostic-type prefix (`smtp;`, `smtp; `, `X-Postfix;`). */
export function stripDiagnosticType(text: string): string {
  return text.replace(/^\s*(?:smtp|x-[a-z0-9-]+)\s*;\s*/i, '').trim();
}

/** Both classes known and different (4 vs 5): record the disagreement, as the parser does. */
function conflictOf(
  code: number | null,
  enhanced: string | null,
): { codeClass: number; enhancedClass: number } | null {
  if (code === null || enhanced === null) return null;
  const codeClass = Math.floor(code / 100);
  const enhancedClass = Number(enhanced.charAt(0));
  if ((codeClass === 4 || codeClass === 5) && (enhancedClass === 4 || enhancedClass === 5)) {
    return codeClass === enhancedClass ? null : { codeClass, enhancedClass };
  }
  return null;
}
