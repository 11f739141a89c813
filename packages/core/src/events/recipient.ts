/**
 * Recipient normalization: one canonical spelling per mailbox, so events from different vendors
 * and suppression look-ups agree on the key.
 */
import { domainToASCII } from 'node:url';

/** Longest address RFC 5321 allows (local 64 + `@` + domain 255, path limit 256). */
const MAX_ADDRESS = 320;

/**
 * Normalizes a raw recipient: trims, strips a display name and angle brackets, lowercases the
 * local part and the domain, and converts an IDN domain to ASCII (punycode). Never throws.
 *
 * @returns the address, or null when `raw` is not a plausible address.
 * @example normalizeRecipient('"Jane" <Jane@Bücher.example>') // 'jane@xn--bcher-kva.example'
 */
export function normalizeRecipient(raw: unknown): string | null {
  if (typeof raw !== 'string') return null;
  let s = raw.trim();
  if (s === '' || s.length > 2 * MAX_ADDRESS) return null;
  // `Name <addr>`: take the last bracketed part (display names may contain `<` in quotes).
  const open = s.lastIndexOf('<');
  if (open !== -1) {
    const close = s.indexOf('>', open);
    if (close === -1) return null;
    s = s.slice(open + 1, close).trim();
  }
  // A leading `mailto:` or a trailing dot on the domain are common in vendor data.
  s = s.replace(/^mailto:/i, '');
  if (s.endsWith('.')) s = s.slice(0, -1);
  const at = s.lastIndexOf('@');
  if (at <= 0 || at === s.length - 1) return null;
  const local = s.slice(0, at);
  const domainRaw = s.slice(at + 1);
  if (/[\s<>,;]/.test(local) || /[\s<>,;@"]/.test(domainRaw)) return null;
  if (local.length > 64) return null;
  const domain = toAsciiDomain(domainRaw.toLowerCase());
  if (domain === null) return null;
  const address = `${local.toLowerCase()}@${domain}`;
  return address.length <= MAX_ADDRESS ? address : null;
}

/**
 * Lowercase LDH labels whose last label starts with a letter: `domainToASCII` returns these
 * unchanged (nothing to map, no IPv4 reading of a numeric last label), unless a label is an
 * `xn--` A-label that it must validate.
 */
const PLAIN_ASCII_DOMAIN = /^(?:[a-z0-9-]+\.)*[a-z][a-z0-9-]*$/;

/** IDN → ASCII; an address literal (`[192.0.2.1]`) is kept as is. Null when invalid. */
function toAsciiDomain(domain: string): string | null {
  if (/^\[[0-9a-f:.]+\]$/i.test(domain)) return domain;
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are exactly what we reject
  if (/[\u0000-\u001f\u007f]/.test(domain)) return null;
  const plain = PLAIN_ASCII_DOMAIN.test(domain) && !domain.includes('xn--');
  const ascii = plain ? domain : domainToASCII(domain);
  if (ascii === '' || ascii.length > 255 || ascii.startsWith('.') || ascii.includes('..')) {
    return null;
  }
  return ascii;
}
