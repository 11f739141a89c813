/**
 * The classifier: the first row of `rules.ts` whose conditions hold decides the action and the
 * reason; `retry/policy.ts` turns a retry into a schedule.
 */
import { DEFAULT_RETRY_POLICY, planRetry, type RetryPolicy } from '../retry/policy.ts';
import type { Reason, SmtpReply, VendorHints, Verdict } from '../types.ts';
import { buildPhraseIndex } from './phrase-index.ts';
import { RULES, type Rule } from './rules.ts';

interface Compiled {
  rule: Rule;
  /** True when the rule has a text condition (phrases and/or patterns). */
  hasText: boolean;
  /** The rule's pattern phrases (its plain phrases live in the shared phrase index). */
  patterns: RegExp | null;
  enhanced: ((code: string) => boolean) | null;
}

function compileEnhanced(patterns: readonly (string | RegExp)[]): (code: string) => boolean {
  const tests = patterns.map((p): ((code: string) => boolean) => {
    if (p instanceof RegExp) return (code) => p.test(code);
    const anyClass = p.startsWith('x.');
    const body = anyClass ? p.slice(1) : p;
    if (body.endsWith('.*')) {
      const prefix = body.slice(0, -1);
      return anyClass
        ? (code) => code.slice(1).startsWith(prefix)
        : (code) => code.startsWith(prefix);
    }
    return anyClass ? (code) => code.slice(1) === body : (code) => code === body;
  });
  return (code) => tests.some((t) => t(code));
}

function compile(rule: Rule): Compiled {
  const patterns = (rule.text ?? []).filter((t): t is RegExp => t instanceof RegExp);
  return {
    rule,
    hasText: rule.text !== undefined,
    patterns: patterns.length ? new RegExp(patterns.map((p) => p.source).join('|')) : null,
    enhanced: rule.enhanced ? compileEnhanced(rule.enhanced) : null,
  };
}

const COMPILED: readonly Compiled[] = RULES.map(compile);
const PHRASES = buildPhraseIndex(
  RULES.map((r) => (r.text ?? []).filter((t): t is string => typeof t === 'string')),
);
const hits = new Uint8Array(RULES.length);
const CODE_IN_TEXT = /(?<![\w.\-/=+%@]|[\d\]]:)([245][0-5]\d)(?![\w.@/=%]|:\d|-\d{2})/g;

/**
 * The part of the text that belongs to the chosen reply: from its code to the next, different
 * reply code (transcripts and follow-on errors such as `503 need RCPT` say nothing about the cause).
 */
function segmentOf(text: string, code: number | null): string {
  if (code === null) return text;
  const own = String(code);
  const found: { value: string; index: number }[] = [];
  CODE_IN_TEXT.lastIndex = 0;
  for (let m = CODE_IN_TEXT.exec(text); m !== null; m = CODE_IN_TEXT.exec(text)) {
    found.push({ value: m[1] as string, index: m.index });
  }
  // The code is usually stripped from the front of the text; otherwise start where it stands.
  const start = found.find((f) => f.value === own)?.index ?? 0;
  const end = found.find((f) => f.index > start && f.value !== own)?.index ?? text.length;
  return text.slice(start, end);
}

function matches(
  c: Compiled,
  i: number,
  reply: SmtpReply | null,
  text: string,
  cls: number | null,
  hints: VendorHints,
): boolean {
  const r = c.rule;
  if (r.kinds && !(hints.kind && r.kinds.includes(hints.kind))) return false;
  if (r.hintReasons && !(hints.reason && r.hintReasons.includes(hints.reason))) return false;
  if (r.permanence && !(hints.permanence && r.permanence.includes(hints.permanence))) return false;
  if (r.classes && !(cls !== null && r.classes.includes(cls))) return false;
  if (r.codes && !(reply?.code != null && r.codes.includes(reply.code))) return false;
  if (c.enhanced && !(reply?.enhanced != null && c.enhanced(reply.enhanced))) return false;
  if (r.commands && !(reply?.command != null && r.commands.includes(reply.command))) return false;
  if (c.hasText && !textMatches(c, i, text)) return false;
  return true;
}

function textMatches(c: Compiled, i: number, text: string): boolean {
  return hits[i] === 1 || c.patterns?.test(text) === true;
}

/**
 * The reason of the first later text rule that fits, codes aside: a 4xx keeps its action (retry)
 * but says what happened in the words of the rule its text would have fired.
 */
function refineReason(
  after: number,
  reply: SmtpReply | null,
  text: string,
  hints: VendorHints,
): Reason | null {
  if (!text) return null;
  for (let j = after + 1; j < COMPILED.length; j++) {
    const later = COMPILED[j] as Compiled;
    const r = later.rule;
    if (!later.hasText || !textMatches(later, j, text)) continue;
    if (r.commands && !(reply?.command != null && r.commands.includes(reply.command))) continue;
    if (r.kinds && !(hints.kind && r.kinds.includes(hints.kind))) continue;
    return r.reason;
  }
  return null;
}

/**
 * Classifies one reply: action, reason, the rule that fired and its source, and the retry plan.
 * Vendor hints inform the decision; a clear SMTP reply wins. Never throws.
 * @example classify(parseReply('552 5.2.2 Mailbox full')).action // → 'retry'
 */
export function classify(
  reply: SmtpReply | null,
  hints: VendorHints = {},
  policy: RetryPolicy = DEFAULT_RETRY_POLICY,
): Verdict {
  const text = reply ? segmentOf(reply.text.toLowerCase(), reply.code) : '';
  const cls =
    reply?.enhanced != null
      ? reply.enhanced.charCodeAt(0) - 48
      : reply?.code != null
        ? Math.floor(reply.code / 100)
        : null;
  hits.fill(0);
  if (text) PHRASES.scan(text, hits);
  for (let i = 0; i < COMPILED.length; i++) {
    const c = COMPILED[i] as Compiled;
    if (!matches(c, i, reply, text, cls, hints)) continue;
    let reason = c.rule.reason;
    if (c.rule.refineReason) reason = refineReason(i, reply, text, hints) ?? hints.reason ?? reason;
    const action = c.rule.action;
    return {
      action,
      reason,
      rule: c.rule.id,
      source: c.rule.source,
      retry: action === 'retry' ? planRetry(reply, reason, policy) : null,
    };
  }
  // Unreachable: the table ends with an unconditional fallback row.
  throw new Error('rule table has no fallback row');
}
