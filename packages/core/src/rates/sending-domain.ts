/**
 * The domain a message was sent from, read from what the event carries: SES event publishing's
 * `ses:from-domain` tag, SES's `mail.source` (metadata `ses:source`), else a `from`, `sender` or
 * `from_domain` metadata key (SendGrid custom args, Postmark metadata, SES message tags). Pure.
 */

/** Metadata keys read in order; the first usable value wins. */
export const SENDING_DOMAIN_FIELDS = [
  'ses:from-domain',
  'ses:source',
  'from_domain',
  'from',
  'sender',
] as const;

/** A domain name as the counters store it: lower case letters, digits, dots and hyphens. */
const DOMAIN =
  /^(?=.{1,253}$)[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*$/;

/** The domain of `Name <user@host>`, `user@host` or a bare `host`; null when it is none. */
export function domainOfValue(value: string): string | null {
  let v = value.trim().toLowerCase();
  const angle = /<([^<>]*)>\s*$/.exec(v);
  if (angle) v = (angle[1] as string).trim();
  const at = v.lastIndexOf('@');
  if (at >= 0) v = v.slice(at + 1);
  v = v.replace(/\.$/, '');
  return DOMAIN.test(v) ? v : null;
}

/**
 * The sending domain of an event, or `unknown`.
 * @example sendingDomainOf({ 'ses:source': 'News <news@mail.example.com>' }) // 'mail.example.com'
 */
export function sendingDomainOf(metadata: Readonly<Record<string, string>>): string {
  for (const field of SENDING_DOMAIN_FIELDS) {
    const raw = metadata[field];
    if (!raw) continue;
    // SES tags arrive as comma-joined lists: the first value.
    const domain = domainOfValue(raw.split(',')[0] ?? '');
    if (domain) return domain;
  }
  return 'unknown';
}
