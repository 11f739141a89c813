/**
 * SMTP reply parser: turns a diagnostic string into a basic code (RFC 5321 §4.2), an enhanced
 * status code (RFC 3463 §2) and text, recording where each part came from.
 */
import { AdaptiveMemo } from '../adaptive-memo.ts';
import type { PartOrigin, SmtpCommand, SmtpReply } from '../types.ts';
import { enhancedClass, isEnhancedCode, isGenericEnhanced } from './enhanced.ts';

/** Parts a vendor already gave in its own fields (e.g. SES `status`, SendGrid `status`). */
export interface KnownParts {
  code?: number | null;
  enhanced?: string | null;
  /** Origin of the text argument: `vendor-field` when a vendor field held it. Default `parsed`. */
  textOrigin?: PartOrigin;
}

/** Longest diagnostic read in full; longer input is cut (real replies are far shorter). */
export const MAX_DIAGNOSTIC_CHARS = 8192;

// A basic code: 2xx/4xx/5xx with a second digit 0–5 (RFC 5321 §4.2), standing alone: not part of
// an IP address, a port, a time, a number or a URL (`=550`, `/550`, `.550`, `:25`, `550.1`).
const BASIC = /(?<![\w.\-/=+%@]|[\d\]]:)([245][0-5]\d)(?![\w.@/=%\]]|:\d|-\d{2})/g;
// An enhanced code `class.subject.detail`: not inside an IP address, a version or a dotted id.
const ENHANCED = /(?<![\w./=+%@]|[a-zA-Z_]-|\d:)([245]\.[0-7]\.\d{1,3})(?![\w@]|\.\d|-\d)/g;
// Prefixes that separate a basic code from the enhanced code written right after it.
const JOIN = /^[\s\-'"#(]{0,3}$/;
// Whitespace and control characters, folded into one space (binary junk must not survive).
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point.
const BLANKS = /[\s\u0000-\u001f\u007f]+/g;
// A blank that folding would change: any blank but a space, or a space before another blank.
// biome-ignore lint/suspicious/noControlCharactersInRegex: as for BLANKS.
const NEEDS_FOLDING = /[^\S ]|[\u0000-\u001f\u007f]| \s/;
// RFC 3464 diagnostic types and transport noise in front of the reply.
const PREFIX = /^\s*(?:(?:smtp|x-postfix|x-unix|x-local|dsn|dns|mailbox|x-exchange)\s*;\s*)+/i;
// Follow-on protocol errors after a rejected recipient: never the reason of the bounce.
const FOLLOW_ON =
  /^(?:503\b|554[\s-]+(?:5\.5\.1\s+)?(?:error:\s*)?no valid recipients|554 5\.5\.1\b)/i;

const COMMANDS: readonly [RegExp, SmtpCommand][] = [
  [
    /in reply to (?:the )?rcpt to\b|after rcpt to\b|our rcpt to\b|\[rcpt_to\]|does not like recipient/i,
    'RCPT',
  ],
  [/in reply to (?:the )?mail from\b|after mail from\b|our mail from\b|\[mail_from\]/i, 'MAIL'],
  [
    /in reply to (?:the )?end of data|after end of data|our final data|in reply to data\b|after data\b|failed after i sent the message/i,
    'DATA',
  ],
  [
    /refused to talk to me|after initial connection|in reply to (?:the )?(?:ehlo|helo)\b/i,
    'CONNECT',
  ],
];

// Any of the command phrases: most replies name no command, and one pass tells.
const ANY_COMMAND = new RegExp(COMMANDS.map(([re]) => re.source).join('|'), 'i');

interface Candidate {
  value: string;
  index: number;
  end: number;
}

function scan(re: RegExp, text: string): Candidate[] {
  const out: Candidate[] = [];
  re.lastIndex = 0;
  for (let m = re.exec(text); m !== null; m = re.exec(text)) {
    const value = m[1] as string;
    out.push({ value, index: m.index, end: m.index + value.length });
  }
  return out;
}

/** Picks the reply that explains the failure: 5xx over 4xx over 2xx, follow-on errors last. */
function pickBasic(text: string, codes: Candidate[]): Candidate | null {
  let best: Candidate | null = null;
  let bestRank = -1;
  for (const c of codes) {
    const cls = c.value.charCodeAt(0) - 48;
    let rank = cls === 5 ? 3 : cls === 4 ? 2 : 1;
    if (FOLLOW_ON.test(text.slice(c.index, c.index + 40))) rank = 0.5;
    if (rank > bestRank) {
      best = c;
      bestRank = rank;
    }
  }
  return best;
}

/** The enhanced code written right after the basic code (`550 5.1.1`, `550-5.1.1`, `550-'5.7.1`). */
function adjacentEnhanced(text: string, basic: Candidate, enhanced: Candidate[]): Candidate | null {
  for (const e of enhanced) {
    if (
      e.index >= basic.end &&
      e.index - basic.end <= 3 &&
      JOIN.test(text.slice(basic.end, e.index))
    ) {
      return e;
    }
  }
  return null;
}

function pickEnhanced(enhanced: Candidate[], cls: number | null): Candidate | null {
  const failures = enhanced.filter((e) => e.value[0] !== '2' || cls === 2);
  return failures.find((e) => cls === null || Number(e.value[0]) === cls) ?? failures[0] ?? null;
}

function detectCommand(text: string): SmtpCommand | null {
  if (!ANY_COMMAND.test(text)) return null;
  for (const [re, command] of COMMANDS) if (re.test(text)) return command;
  return null;
}

/** Folds each run of blanks into one space; most replies have none to fold, so look first. */
function foldBlanks(s: string): string {
  return NEEDS_FOLDING.test(s) ? s.replace(BLANKS, ' ') : s;
}

/**
 * Multi-line replies repeat `550-5.1.1 ` in front of every line: keep one text. Each repeat
 * (a space, the basic code, a space or dash, then the enhanced code and a space, if any) becomes
 * one space, left to right. `text` is folded: its only blank is the single space.
 */
function dropRepeatedCodes(text: string, basic: string, enhanced: string | null): string {
  const head = ` ${basic}`;
  const tail = enhanced === null ? '' : `${enhanced} `;
  let out = '';
  let from = 0;
  let i = text.indexOf(head);
  while (i !== -1) {
    const sep = text.charCodeAt(i + head.length);
    if ((sep === 32 || sep === 45) && text.startsWith(tail, i + head.length + 1)) {
      out += `${text.slice(from, i)} `;
      from = i + head.length + 1 + tail.length;
      i = text.indexOf(head, from);
    } else {
      i = text.indexOf(head, i + 1);
    }
  }
  return from === 0 ? text : out + text.slice(from);
}

/** Strips the transport prefix and, when the reply starts with its codes, those codes too. */
function replyText(clean: string, basic: Candidate | null, enh: Candidate | null): string {
  let text = clean;
  // `clean` is trimmed and folded, so only `#` and one space can come before the codes.
  const lead = text.startsWith('# ') ? 2 : text.startsWith('#') ? 1 : 0;
  if (basic && basic.index === lead) {
    const cut = enh && enh.index >= basic.end && enh.index - basic.end <= 3 ? enh.end : basic.end;
    text = text.slice(cut).replace(/^['"\s-]+/, '');
    text = dropRepeatedCodes(text, basic.value, enh ? enh.value : null);
  } else if (!basic && enh && enh.index === lead) {
    text = text.slice(enh.end).replace(/^['"\s-]+/, '');
  }
  return text.trim();
}

/**
 * Parses a diagnostic string into a normalized SMTP reply. Never throws.
 * @example parseReply('smtp; 550 5.1.1 <a@b.c>: Recipient address rejected')
 * // → { code: 550, enhanced: '5.1.1', text: '<a@b.c>: Recipient address rejected', … }
 */
export function parseReply(input: unknown, known: KnownParts = {}): SmtpReply {
  // Bounce texts repeat: recent results are kept (frozen, shared) under every input.
  if (typeof input !== 'string' || !memoizable(known)) return parseUncached(input, known);
  if (!MEMO.active()) return frozenReply(parseUncached(input, known));
  const key = `${known.code}\u0001${known.enhanced}\u0001${known.textOrigin}\u0001${input}`;
  const cached = MEMO.get(key);
  if (cached) return cached;
  const reply = frozenReply(parseUncached(input, known));
  MEMO.set(key, reply);
  return reply;
}

/** Known parts that key the memo as they are (anything else is parsed uncached, never keyed). */
function memoizable(known: KnownParts): boolean {
  const { code, enhanced, textOrigin } = known;
  return (
    (code == null || typeof code === 'number') &&
    (enhanced == null || typeof enhanced === 'string') &&
    (textOrigin == null || typeof textOrigin === 'string')
  );
}

/** Recent parses (4,096 at most, a few hundred KB; bypassed while texts do not repeat). */
const MEMO = new AdaptiveMemo<SmtpReply>();

/** A shared reply must not change under its holders. */
function frozenReply(r: SmtpReply): SmtpReply {
  Object.freeze(r.parts);
  if (r.conflict) Object.freeze(r.conflict);
  return Object.freeze(r);
}

function parseUncached(input: unknown, known: KnownParts): SmtpReply {
  const raw =
    typeof input === 'string'
      ? input
      : typeof input === 'number' || typeof input === 'boolean'
        ? String(input)
        : '';
  const stripped = raw.slice(0, MAX_DIAGNOSTIC_CHARS).replace(PREFIX, '');
  const clean = foldBlanks(stripped).trim();

  const codes = scan(BASIC, clean);
  const enhancedCodes = scan(ENHANCED, clean);
  const basic = pickBasic(clean, codes);
  const adjacent = basic ? adjacentEnhanced(clean, basic, enhancedCodes) : null;
  const enh = adjacent ?? pickEnhanced(enhancedCodes, basic ? Number(basic.value[0]) : null);

  let code: number | null = basic ? Number(basic.value) : null;
  let codeOrigin: PartOrigin | null = basic ? 'parsed' : null;
  if (known.code != null && Number.isInteger(known.code) && known.code >= 200 && known.code < 600) {
    code = known.code;
    codeOrigin = 'vendor-field';
  }

  let enhanced: string | null = enh ? enh.value : null;
  let enhancedOrigin: PartOrigin | null = enh ? 'parsed' : null;
  const vendorEnhanced = typeof known.enhanced === 'string' ? known.enhanced.trim() : '';
  if (isEnhancedCode(vendorEnhanced)) {
    // A vendor's generic `5.0.0` must not hide a specific code the reply itself carries.
    const keepParsed =
      enhanced !== null &&
      isGenericEnhanced(vendorEnhanced) &&
      enhancedClass(enhanced) === enhancedClass(vendorEnhanced);
    if (!keepParsed) {
      enhanced = vendorEnhanced;
      enhancedOrigin = 'vendor-field';
    }
  }

  const codeClass = code === null ? null : Math.floor(code / 100);
  const enhClass = enhanced === null ? null : enhancedClass(enhanced);
  const conflict =
    codeClass !== null && enhClass !== null && codeClass !== enhClass
      ? { codeClass, enhancedClass: enhClass }
      : null;

  const text = replyText(clean, basic, enh);
  return {
    code,
    enhanced,
    text,
    parts: {
      code: codeOrigin,
      enhanced: enhancedOrigin,
      text: text ? (known.textOrigin ?? 'parsed') : null,
    },
    conflict,
    command: detectCommand(clean),
  };
}
