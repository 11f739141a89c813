/** The classifier: runs the rule table over a reply and vendor hints. (stub) */
import type { SmtpReply, VendorHints, Verdict } from '../types.ts';

/** Classifies one reply. Never throws; always returns a valid action. */
export function classify(_reply: SmtpReply | null, _hints: VendorHints = {}): Verdict {
  return {
    action: 'investigate',
    reason: 'undetermined',
    rule: 'stub',
    source: 'stub',
    retry: null,
  };
}
