/**
 * Recipient normalization: one canonical spelling per mailbox (the Suppressions table key), used
 * by the webhooks, the API, the CLI and @rebound/client alike. The rules, for other languages:
 * docs/client.md ("Normalization"), with the cases in docs/address-conformance.json.
 */
import { domainToASCII } from 'node:url';

/** Why an address was rejected. */
export type RecipientError =
  | 'not-a-string'
  | 'empty'
  | 'too-long'
  | 'control-character'
  | 'malformed-unicode'
  | 'unclosed-angle-bracket'
  | 'no-at-sign'
  | 'empty-local-part'
  | 'empty-domain'
  | 'invalid-local-part'
  | 'local-part-too-long'
  | 'invalid-domain'
  | 'domain-too-long';

/** The normalized address, or why there is none (`message` is safe to print: no raw controls). */
export type RecipientCheck =
  | { ok: true; address: string }
  | { ok: false; error: RecipientError; message: string };

/** Longest input read, in code points (a display name may be long; the address itself ≤ 320). */
const MAX_INPUT = 640;
/** RFC 5321 §4.5.3.1.1 / RFC 6531 §3.2: local part ≤ 64 octets (UTF-8). */
const MAX_LOCAL_OCTETS = 64;
/** RFC 1035: a domain name ≤ 255 octets (ASCII after IDNA). */
const MAX_DOMAIN = 255;

/** ECMAScript WhiteSpace + LineTerminator: exactly what `String.prototype.trim` removes. */
const WS =
  '\\t\\n\\v\\f\\r \\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000\\ufeff';
// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are exactly what we reject
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;
/** Printable ASCII only: NFC and lowercasing have nothing to compose. */
const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;
/** RFC 5322 atext (RFC 6532: plus any non-ASCII but whitespace) and dots, in any order. */
const DOT_ATOM = new RegExp(`^(?:[A-Za-z0-9!#$%&'*+\\-/=?^_\`{|}~.]|[^\\x00-\\x9f${WS}])+$`, 'u');
/** The common case of DOT_ATOM, without the Unicode-aware scan. */
const ASCII_DOT_ATOM = /^[A-Za-z0-9!#$%&'*+\-/=?^_`{|}~.]+$/;
/** What a quoted local part may not contain even escaped (whitespace and list separators). */
const QUOTED_FORBIDDEN = new RegExp(`[${WS}<>,;]`);
/** Domain characters before IDNA: lowercase LDH, `_` and dots; any non-ASCII but whitespace. */
const DOMAIN_CHARS = new RegExp(`^(?:[a-z0-9._-]|[^\\x00-\\x9f${WS}])+$`, 'u');
/** What a domain may be after IDNA (UTS #46 can map to `/`, `%`, `:` …: those are refused). */
const ASCII_DOMAIN = /^[a-z0-9._-]+$/;
const ADDRESS_LITERAL = /^\[[0-9a-f:.]+\]$/;
/** A last label that the WHATWG URL parser would read as a number (IPv4). */
const NUMERIC_LABEL = /^(?:[0-9]+|0x[0-9a-f]*)$/;
const DECIMAL_OCTET = /^(?:0|[1-9][0-9]{0,2})$/;

function fail(error: RecipientError, message: string): RecipientCheck {
  return { ok: false, error, message };
}

/** UTF-8 length of a well-formed string, without encoding it. */
function utf8Length(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff) {
      n += 4;
      i++;
    } else n += 3;
  }
  return n;
}

/** `U+001B`: names a code point without printing it. */
function codePoint(ch: string): string {
  return `U+${(ch.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`;
}

/**
 * Normalizes a raw recipient and says why when it cannot: trims, rejects control characters,
 * applies Unicode NFC, strips a display name and angle brackets (and `mailto:`), lowercases,
 * unquotes a quoted local part whose quotes are not needed, converts an IDN domain to ASCII
 * (UTS #46, as `node:url` `domainToASCII`). `+tags` stay: a tag is part of the mailbox. Never
 * throws.
 *
 * @example
 * checkRecipient('"Jane" <Jane@Bücher.example>') // { ok: true, address: 'jane@xn--bcher-kva.example' }
 * checkRecipient('jane\u0000@example.com')        // { ok: false, error: 'control-character', message: … }
 */
export function checkRecipient(raw: unknown): RecipientCheck {
  if (typeof raw !== 'string') return fail('not-a-string', `not a string (${typeof raw})`);
  let s = raw.trim();
  if (s === '') return fail('empty', 'empty address');
  if (s.length > MAX_INPUT && [...s].length > MAX_INPUT) {
    return fail('too-long', `longer than ${MAX_INPUT} characters`);
  }
  const control = CONTROL.exec(s);
  if (control) {
    return fail(
      'control-character',
      `contains the control character ${codePoint(control[0])} at position ${control.index}`,
    );
  }
  if (!s.isWellFormed()) return fail('malformed-unicode', 'contains a lone UTF-16 surrogate');
  if (!PRINTABLE_ASCII.test(s)) s = s.normalize('NFC');
  // `Name <addr>`: take the last bracketed part (display names may contain `<` in quotes).
  const open = s.lastIndexOf('<');
  if (open !== -1) {
    const close = s.indexOf('>', open);
    if (close === -1) return fail('unclosed-angle-bracket', 'a "<" without its ">"');
    s = s.slice(open + 1, close).trim();
  }
  // A leading `mailto:` or a trailing dot on the domain are common in vendor data.
  s = s.replace(/^mailto:/i, '');
  if (s.endsWith('.')) s = s.slice(0, -1);
  const at = s.lastIndexOf('@');
  if (at === -1) return fail('no-at-sign', 'no "@" in the address');
  if (at === 0) return fail('empty-local-part', 'nothing before the "@"');
  if (at === s.length - 1) return fail('empty-domain', 'nothing after the "@"');
  const local = canonicalLocal(s.slice(0, at));
  if (typeof local !== 'string') return local;
  const domain = canonicalDomain(s.slice(at + 1));
  if (typeof domain !== 'string') return domain;
  return { ok: true, address: `${local}@${domain}` };
}

/**
 * Normalizes a raw recipient (see `checkRecipient` for the rules and the reasons). Never throws.
 *
 * @returns the address, or null when `raw` is not a plausible address.
 * @example normalizeRecipient('"Jane" <Jane@Bücher.example>') // 'jane@xn--bcher-kva.example'
 */
export function normalizeRecipient(raw: unknown): string | null {
  const check = checkRecipient(raw);
  return check.ok ? check.address : null;
}

/** The content of a quoted local part (`"…"`, `\x` = x), or null when it is not exactly one. */
function unquote(local: string): string | null {
  if (local.length < 2 || !local.endsWith('"')) return null;
  let out = '';
  for (let i = 1; i < local.length - 1; i++) {
    const ch = local[i] as string;
    if (ch === '"') return null;
    if (ch === '\\') {
      i++;
      if (i === local.length - 1) return null;
      out += local[i] as string;
    } else out += ch;
  }
  return out;
}

/** Canonical local part: lowercase NFC dot-atom, or a quoted string when the quotes are needed. */
function canonicalLocal(raw: string): string | RecipientCheck {
  let content: string;
  if (raw.startsWith('"')) {
    const unquoted = unquote(raw);
    if (unquoted === null) {
      return fail('invalid-local-part', 'a quoted local part must be one complete "…" string');
    }
    if (QUOTED_FORBIDDEN.test(unquoted)) {
      return fail('invalid-local-part', 'whitespace, "<", ">", "," or ";" in the local part');
    }
    content = unquoted;
  } else {
    if (!ASCII_DOT_ATOM.test(raw) && !DOT_ATOM.test(raw)) {
      return fail(
        'invalid-local-part',
        'the local part has a character that needs quotes (space, "(", ")", "[", "]", ":", "\\", "\\"", "<", ">", ",", ";", "@")',
      );
    }
    content = raw;
  }
  let lower = content.toLowerCase();
  if (!PRINTABLE_ASCII.test(lower)) lower = lower.normalize('NFC');
  const local =
    lower !== '' && (ASCII_DOT_ATOM.test(lower) || DOT_ATOM.test(lower))
      ? lower
      : `"${lower.replace(/["\\]/g, '\\$&')}"`;
  if (utf8Length(local) > MAX_LOCAL_OCTETS) {
    return fail('local-part-too-long', `local part longer than ${MAX_LOCAL_OCTETS} octets`);
  }
  return local;
}

/** Canonical domain: lowercase, IDN → ASCII; an address literal (`[192.0.2.1]`) kept as is. */
function canonicalDomain(raw: string): string | RecipientCheck {
  let domain = raw.toLowerCase();
  if (ADDRESS_LITERAL.test(domain)) return domain;
  if (!ASCII_DOMAIN.test(domain) && !DOMAIN_CHARS.test(domain)) {
    return fail('invalid-domain', 'the domain may hold only letters, digits, "-", "_" and "."');
  }
  if (!PRINTABLE_ASCII.test(domain)) {
    domain = domainToASCII(domain);
    if (!ASCII_DOMAIN.test(domain)) {
      return fail('invalid-domain', 'not a valid internationalized domain name');
    }
  }
  if (domain.length > MAX_DOMAIN) {
    return fail('domain-too-long', `domain longer than ${MAX_DOMAIN} characters`);
  }
  const labels = domain.split('.');
  if (labels.includes('')) return fail('invalid-domain', 'the domain has an empty label');
  const last = labels[labels.length - 1] as string;
  if (NUMERIC_LABEL.test(last)) {
    const quad = labels.length === 4 && labels.every((l) => DECIMAL_OCTET.test(l) && +l <= 255);
    if (!quad) {
      return fail('invalid-domain', 'a numeric domain must be a dotted-quad IPv4 address');
    }
  }
  return domain;
}
