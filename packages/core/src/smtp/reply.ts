/**
 * SMTP reply parser: turns a diagnostic string into a basic code (RFC 5321), an enhanced
 * status code (RFC 3463) and text, recording where each part came from.
 */
import type { PartOrigin, SmtpReply } from '../types.ts';

/** Parts a vendor already gave in its own fields (e.g. SES `status`, SendGrid `status`). */
export interface KnownParts {
  code?: number | null;
  enhanced?: string | null;
  /** Origin of the text argument: `vendor-field` when a vendor field held it. Default `parsed`. */
  textOrigin?: PartOrigin;
}

/** Parses a diagnostic string. Never throws. (stub: replaced by the real parser) */
export function parseReply(text: string, known: KnownParts = {}): SmtpReply {
  return {
    code: known.code ?? null,
    enhanced: known.enhanced ?? null,
    text: String(text ?? '').trim(),
    parts: {
      code: known.code ? 'vendor-field' : null,
      enhanced: known.enhanced ? 'vendor-field' : null,
      text: text ? (known.textOrigin ?? 'parsed') : null,
    },
    conflict: null,
    command: null,
  };
}
