/**
 * The classifier: the first row of `rules.ts` whose conditions hold decides what happened (the
 * reason); `reasons.ts` and the reply's class decide what to do; `retry/policy.ts` turns a retry
 * into a schedule.
 */

import { AdaptiveMemo } from '../adaptive-memo.ts';
import { DEFAULT_RETRY_POLICY, planRetry, type RetryPolicy } from '../retry/policy.ts';
import type {
  Action,
  EventKind,
  Reason,
  SmtpCommand,
  SmtpReply,
  VendorHints,
  Verdict,
} from '../types.ts';
import { buildPhraseIndex } from './phrase-index.ts';
import { REASONS } from './reasons.ts';
import { RULES, type Rule } from './rules.ts';
import { RULES_VERSION, rulesVersionOf } from './version.ts';

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
  /** True when a pattern has no literal to wait for: it is tested on every text. */
  patternsAlways: boolean;
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

/**
 * A literal every match of the pattern contains (the longest run of plain characters outside
 * groups, classes and quantifiers), so the phrase index can tell when testing it is worth it.
 * Null when the pattern has a top-level alternation or no such run of 3+ characters.
 */
export function requiredLiteral(re: RegExp): string | null {
  const src = re.source;
  let depth = 0;
  let run = '';
  let best = '';
  const flush = () => {
    if (run.trim().length > best.trim().length) best = run;
    run = '';
  };
  for (let i = 0; i < src.length; i++) {
    const ch = src[i] as string;
    if (ch === '\\') {
      flush();
      i++;
      continue;
    }
    if (ch === '{') {
      // A quantifier's bounds: skip them.
      flush();
      i = src.indexOf('}', i);
      continue;
    }
    if (ch === '(' || ch === '[') depth++;
    else if (ch === ')' || ch === ']') depth--;
    else if (depth === 0 && ch === '|') return null;
    if (depth === 0 && /[a-z0-9 '":;,<>@#=-]/.test(ch) && ch !== ')' && ch !== ']') {
      // A character under a quantifier is optional: it cannot be part of the required literal.
      if (/[?*{]/.test(src[i + 1] ?? '')) flush();
      else run += ch;
    } else flush();
  }
  flush();
  return best.trim().length >= 3 ? best : null;
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
    patternsAlways: patterns.some((p) => requiredLiteral(p) === null),
  };
}

/** A rule table made ready for matching: rows in a fixed shape, one phrase index, a hit buffer. */
interface Table {
  version: string;
  rows: readonly Compiled[];
  phrases: ReturnType<typeof buildPhraseIndex>;
  hits: Uint8Array;
}

function prepare(rules: readonly Rule[]): Table {
  // Groups 0…n-1: each row's plain phrases; n…2n-1: the literals its patterns need.
  const plain = rules.map((r) => (r.text ?? []).filter((t): t is string => typeof t === 'string'));
  const triggers = rules.map((r) =>
    (r.text ?? [])
      .filter((t): t is RegExp => t instanceof RegExp)
      .map(requiredLiteral)
      .filter((l): l is string => l !== null),
  );
  return {
    version: rules === RULES ? RULES_VERSION : rulesVersionOf(rules),
    rows: rules.map(compile),
    phrases: buildPhraseIndex([...plain, ...triggers]),
    hits: new Uint8Array(2 * rules.length),
  };
}
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

function matches(c: Compiled, i: number, f: Facts, text: string, hits: Uint8Array): boolean {
  if (c.kinds && !(f.kind && c.kinds.includes(f.kind))) return false;
  if (c.hintReasons && !(f.reason && c.hintReasons.includes(f.reason))) return false;
  if (c.permanence && !(f.permanence && c.permanence.includes(f.permanence))) return false;
  if (c.classes && !(f.cls !== null && c.classes.includes(f.cls))) return false;
  if (c.codes && !(f.code !== null && c.codes.includes(f.code))) return false;
  if (c.enhanced && !(f.enhanced !== null && c.enhanced(f.enhanced))) return false;
  if (c.commands && !(f.command !== null && c.commands.includes(f.command))) return false;
  if (c.hasText && hits[i] !== 1) {
    // Patterns are tested only when the literal they need is in the text.
    const worth = c.patternsAlways || hits[hits.length / 2 + i] === 1;
    if (!(worth && c.patterns?.test(text) === true)) return false;
  }
  return true;
}

/**
 * The reply's class for the decision: 4 when the basic or the enhanced code says "temporary" (a
 * disagreement is read the safe way) or the vendor reports a deferral; else the code's class.
 * Codes Rebound inferred itself are not evidence of anything and are ignored here.
 */
function classOf(code: number | null, enhanced: string | null, kind: EventKind | undefined) {
  if (kind === 'deferral') return 4;
  const basic = code === null ? null : Math.floor(code / 100);
  const ext = enhanced === null ? null : enhanced.charCodeAt(0) - 48;
  if (basic === 4 || ext === 4) return 4;
  return ext ?? basic;
}

/** The action a row's reason calls for, given the class (a temporary failure is retried). */
function actionOf(rule: Rule, reason: Reason, cls: number | null): Action {
  if (rule.action) return rule.action;
  const own = REASONS[reason].action;
  if (cls !== 4 || rule.kinds || rule.hintReasons) return own;
  // An automatic reply is not a failure: resending would send the message twice.
  return reason === 'auto-reply' ? own : 'retry';
}

/** The classifier's signature (see `classify`), and the version of the table it runs. */
export type Classifier = ((
  reply: SmtpReply | null,
  hints?: VendorHints,
  policy?: RetryPolicy,
) => Verdict) & { rulesVersion: string };

/**
 * A classifier over a rule table (the default is `RULES`; tests pass a reordered table to show
 * that a reason does not depend on where the 4xx fallback stands).
 */
export function createClassifier(rules: readonly Rule[] = RULES): Classifier {
  const table = prepare(rules);
  // Bounces repeat their wordings: the same reply with the same hints gets the same verdict,
  // so recent verdicts are kept (frozen, shared) under a key of every input classification
  // reads. Only for the default policy; cleared when full.
  const memo = new AdaptiveMemo<Verdict>();
  const fn = (reply: SmtpReply | null, hints: VendorHints = {}, policy = DEFAULT_RETRY_POLICY) => {
    if (policy !== DEFAULT_RETRY_POLICY) return classifyWith(table, reply, hints, policy);
    if (!memo.active()) return frozen(classifyWith(table, reply, hints, policy));
    const key = memoKey(reply, hints);
    const known = memo.get(key);
    if (known) return known;
    const verdict = frozen(classifyWith(table, reply, hints, policy));
    memo.set(key, verdict);
    return verdict;
  };
  return Object.assign(fn, { rulesVersion: table.version });
}

/** Every input `classifyWith` reads: each field of the reply, and the hints' kind, reason, permanence. */
function memoKey(reply: SmtpReply | null, hints: VendorHints): string {
  const h = `${hints.kind}\u0001${hints.reason}\u0001${hints.permanence}`;
  if (!reply) return h;
  const { parts, conflict } = reply;
  return `${h}\u0001${reply.code}\u0001${reply.enhanced}\u0001${reply.command}\u0001${parts.code}\u0001${parts.enhanced}\u0001${parts.text}\u0001${conflict ? `${conflict.codeClass}.${conflict.enhancedClass}` : ''}\u0001${reply.text}`;
}

/** A shared verdict must not change under its holders. */
function frozen(v: Verdict): Verdict {
  if (v.retry) {
    Object.freeze(v.retry.delays_s);
    Object.freeze(v.retry);
  }
  return Object.freeze(v);
}

function classifyWith(
  table: Table,
  reply: SmtpReply | null,
  hints: VendorHints,
  policy: RetryPolicy,
): Verdict {
  const code = reply && reply.parts.code !== 'inferred' ? reply.code : null;
  const enhanced = reply && reply.parts.enhanced !== 'inferred' ? reply.enhanced : null;
  const raw = reply && reply.parts.text !== 'inferred' ? reply.text : '';
  const lower = raw ? raw.toLowerCase() : '';
  const text = lower ? segmentOf(lower, code) : '';
  const facts: Facts = {
    kind: hints.kind,
    reason: hints.reason,
    permanence: hints.permanence,
    cls: classOf(code, enhanced, hints.kind),
    code,
    enhanced,
    command: reply?.command ?? null,
  };
  const { rows, hits } = table;
  hits.fill(0);
  if (text) table.phrases.scan(text, hits);
  let decided = firstMatch(table, facts, text, rows.length);
  // A wrapper (`undeliverable address: host … said: 550 5.1.1 No such user`) can put the words
  // that explain the failure after the reply we read: when codes alone decided, the wordings
  // above that row may read the whole text.
  if (!(rows[decided] as Compiled).hasText && lower.length > text.length) {
    hits.fill(0);
    table.phrases.scan(lower, hits);
    const inner = firstMatch(table, facts, lower, decided, true);
    if (inner < decided) decided = inner;
  }
  const rule = (rows[decided] as Compiled).rule;
  const reason = rule.reasonFromHint && hints.reason ? hints.reason : rule.reason;
  const action = actionOf(rule, reason, facts.cls);
  const verdict: Verdict = {
    action,
    reason,
    rule: rule.id,
    source: rule.source,
    retry: action === 'retry' ? planRetry(reply, reason, policy) : null,
    rulesVersion: table.version,
  };
  if (rule.probation && action === 'investigate') verdict.probation = true;
  return verdict;
}

/**
 * Classifies one reply: action, reason, the rule that fired and its source, the retry plan, and
 * `probation` for an unproven permanent failure. Vendor hints inform; a clear reply wins.
 * Never throws.
 * @example classify(parseReply('552 5.2.2 Mailbox full')).action // → 'retry'
 */
export const classify: Classifier = createClassifier();

/** Index of the first row before `end` whose conditions hold (`textOnly`: rows with wordings). */
function firstMatch(
  table: Table,
  facts: Facts,
  text: string,
  end: number,
  textOnly = false,
): number {
  for (let i = 0; i < end; i++) {
    const c = table.rows[i] as Compiled;
    if (textOnly && !c.hasText) continue;
    if (matches(c, i, facts, text, table.hits)) return i;
  }
  if (textOnly) return end;
  // Unreachable: the table ends with an unconditional fallback row.
  throw new Error('rule table has no fallback row');
}
