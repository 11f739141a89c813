/**
 * The classifier: the first row of `rules.ts` whose conditions hold decides the action and the
 * reason; `retry/policy.ts` turns a retry into a schedule.
 */
import { DEFAULT_RETRY_POLICY, planRetry, type RetryPolicy } from '../retry/policy.ts';
import type { EventKind, Reason, SmtpCommand, SmtpReply, VendorHints, Verdict } from '../types.ts';
import { buildPhraseIndex } from './phrase-index.ts';
import { RULES, type Rule } from './rules.ts';

/**
 * A rule in a fixed shape: every condition present (null when the rule has none), so the hot
 * loop reads one object layout instead of the rule table's many literal shapes.
 */
interface Compiled {
  rule: Rule;
  kinds: readonly EventKind[] | null;
  hintReasons: readonly Reason[] | null;
  permanence: Rule['permanence'] | null;
  classes: readonly number[] | null;
  codes: readonly number[] | null;
  enhanced: ((code: string) => boolean) | null;
  commands: readonly SmtpCommand[] | null;
  /** True when the rule has a text condition (phrases and/or patterns). */
  hasText: boolean;
  /** The rule's pattern phrases (its plain phrases live in the shared phrase index). */
  patterns: RegExp | null;
}

/** What the rules test, read once per reply. */
interface Facts {
  kind: EventKind | undefined;
  reason: Reason | undefined;
  permanence: VendorHints['permanence'];
  cls: number | null;
  code: number | null;
  enhanced: string | null;
  command: SmtpCommand | null;
}

function compileEnhanced(patterns: readonly (string | RegExp)[]): (code: string) => boolean {
  const tests = patterns.map((p): ((code: string) => boolean) => {
    if (p instanceof RegExp) return (code) => p.test(code);
    // `x.` patterns ignore the class digit: they test the code from its second character on.
    const anyClass = p.startsWith('x.');
    const body = anyClass ? p.slice(1) : p;
    if (body.endsWith('.*')) {
      const prefix = body.slice(0, -1);
      return anyClass ? (code) => code.startsWith(prefix, 1) : (code) => code.startsWith(prefix);
    }
    return anyClass
      ? (code) => code.length === body.length + 1 && code.endsWith(body)
      : (code) => code === body;
  });
  return (code) => {
    for (const t of tests) if (t(code)) return true;
    return false;
  };
}

function compile(rule: Rule): Compiled {
  const patterns = (rule.text ?? []).filter((t): t is RegExp => t instanceof RegExp);
  return {
    rule,
    kinds: rule.kinds ?? null,
    hintReasons: rule.hintReasons ?? null,
    permanence: rule.permanence ?? null,
    classes: rule.classes ?? null,
    codes: rule.codes ?? null,
    enhanced: rule.enhanced ? compileEnhanced(rule.enhanced) : null,
    commands: rule.commands ?? null,
    hasText: rule.text !== undefined,
    patterns: patterns.length ? new RegExp(patterns.map((p) => p.source).join('|')) : null,
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

function matches(c: Compiled, i: number, f: Facts, text: string): boolean {
  if (c.kinds && !(f.kind && c.kinds.includes(f.kind))) return false;
  if (c.hintReasons && !(f.reason && c.hintReasons.includes(f.reason))) return false;
  if (c.permanence && !(f.permanence && c.permanence.includes(f.permanence))) return false;
  if (c.classes && !(f.cls !== null && c.classes.includes(f.cls))) return false;
  if (c.codes && !(f.code !== null && c.codes.includes(f.code))) return false;
  if (c.enhanced && !(f.enhanced !== null && c.enhanced(f.enhanced))) return false;
  if (c.commands && !(f.command !== null && c.commands.includes(f.command))) return false;
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
function refineReason(after: number, f: Facts, text: string): Reason | null {
  if (!text) return null;
  for (let j = after + 1; j < COMPILED.length; j++) {
    const later = COMPILED[j] as Compiled;
    if (!later.hasText || !textMatches(later, j, text)) continue;
    if (later.commands && !(f.command !== null && later.commands.includes(f.command))) continue;
    if (later.kinds && !(f.kind && later.kinds.includes(f.kind))) continue;
    return later.rule.reason;
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
  const enhanced = reply?.enhanced ?? null;
  const code = reply?.code ?? null;
  const facts: Facts = {
    kind: hints.kind,
    reason: hints.reason,
    permanence: hints.permanence,
    cls:
      enhanced !== null
        ? enhanced.charCodeAt(0) - 48
        : code !== null
          ? Math.floor(code / 100)
          : null,
    code,
    enhanced,
    command: reply?.command ?? null,
  };
  hits.fill(0);
  if (text) PHRASES.scan(text, hits);
  for (let i = 0; i < COMPILED.length; i++) {
    const c = COMPILED[i] as Compiled;
    if (!matches(c, i, facts, text)) continue;
    let reason = c.rule.reason;
    if (c.rule.refineReason) reason = refineReason(i, facts, text) ?? hints.reason ?? reason;
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
