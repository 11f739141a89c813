/**
 * Retry policy as configuration: which backoff a soft bounce gets and the total retry window.
 * What happens when the retries run out (suppress or give up the message) is `process/`'s rule.
 * Defaults follow the bounce policy brief (`docs/policy.md`, "Retry schedule").
 */
import type { Reason, RetryPlan, SmtpReply } from '../types.ts';

/** One row of the schedule table: the first row whose `match` fits the reply gives the delays. */
export interface BackoffSchedule {
  id: string;
  match: { codes?: readonly number[]; reasons?: readonly Reason[] };
  /** Delay before each attempt, in seconds from the previous failure. */
  delays_s: readonly number[];
  source: string;
}

/** Exponential backoff for retryable replies no schedule row names. */
export interface ExponentialBackoff {
  attempts: number;
  base_s: number;
  factor: number;
  max_s: number;
  /** Jitter as a fraction of each delay (0.2 = ±20 %), applied when an attempt is scheduled. */
  jitter: number;
}

/** The whole retry policy. */
export interface RetryPolicy {
  schedules: readonly BackoffSchedule[];
  fallback: ExponentialBackoff;
  /** Total retry window from the first failure, in seconds. */
  window_s: number;
  /** Upper bound for a "retry in N minutes" hint honoured from the reply text, in seconds. */
  max_hint_s: number;
}

const MIN = 60;
const HOUR = 3600;

/** The defaults of the bounce policy brief. */
export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  schedules: [
    {
      id: 'mailbox-full-slow',
      match: { reasons: ['mailbox-full'] },
      delays_s: [1 * HOUR, 6 * HOUR, 24 * HOUR],
      source: 'docs/policy.md: 452 / 552 5.2.2 mailbox full — retry slowly, hours not minutes',
    },
    {
      id: '421',
      match: { codes: [421] },
      delays_s: [1 * MIN, 5 * MIN, 15 * MIN, 1 * HOUR, 4 * HOUR],
      source: 'docs/policy.md retry schedule: 421 — 5 attempts, 1m/5m/15m/1h/4h',
    },
    {
      id: '450-451',
      match: { codes: [450, 451] },
      delays_s: [5 * MIN, 30 * MIN, 2 * HOUR],
      source: 'docs/policy.md retry schedule: 450, 451 — 3 attempts, 5m/30m/2h',
    },
    {
      id: '452',
      match: { codes: [452] },
      delays_s: [1 * HOUR, 6 * HOUR, 24 * HOUR],
      source: 'docs/policy.md retry schedule: 452 — 3 attempts, 1h/6h/24h',
    },
  ],
  fallback: { attempts: 4, base_s: 5 * MIN, factor: 4, max_s: 6 * HOUR, jitter: 0.2 },
  window_s: 48 * HOUR,
  max_hint_s: 6 * HOUR,
};

const HINT =
  /\b(?:re-?try|try(?: (?:it|again|sending))?|resend|come back)(?: (?:again|later))? (?:in|after) (\d{1,5}) ?(seconds?|secs?|s|minutes?|mins?|m|hours?|hrs?|h)\b/i;

/** A "retry in N seconds/minutes/hours" hint in the reply text, in seconds, or null. */
export function retryHintSeconds(text: string): number | null {
  const m = HINT.exec(text);
  if (!m) return null;
  const n = Number(m[1]);
  const unit = (m[2] ?? 's').toLowerCase();
  const factor = unit.startsWith('h') ? HOUR : unit.startsWith('m') ? MIN : 1;
  return n * factor;
}

/** The plan for one retryable reply: delays from the schedule table, window from the policy. */
export function planRetry(
  reply: SmtpReply | null,
  reason: Reason,
  policy: RetryPolicy = DEFAULT_RETRY_POLICY,
): RetryPlan {
  const code = reply?.code ?? null;
  const row = policy.schedules.find(
    (s) =>
      (s.match.reasons?.includes(reason) ?? false) ||
      (code !== null && (s.match.codes?.includes(code) ?? false)),
  );
  let delays: number[];
  let jitter = 0;
  if (row) {
    delays = [...row.delays_s];
  } else {
    const f = policy.fallback;
    delays = Array.from({ length: f.attempts }, (_, i) =>
      Math.min(f.max_s, Math.round(f.base_s * f.factor ** i)),
    );
    jitter = f.jitter;
  }
  const hint = reply ? retryHintSeconds(reply.text) : null;
  if (hint !== null && delays.length > 0) {
    delays[0] = Math.min(Math.max(hint, 1), policy.max_hint_s);
  }
  return { delays_s: delays, window_s: policy.window_s, jitter };
}

/**
 * What the schedule reads of a recipient's soft-bounce state (`SoftState` in
 * process/records.ts holds these and more).
 */
export interface RetryProgress {
  /** Retry attempts already scheduled for this recipient. */
  attempts: number;
  firstFailureAt: string;
  lastFailureAt: string;
}

/**
 * What to do with one more soft bounce: schedule the next attempt, or stop retrying (the
 * attempts or the window are spent). Whether stopping suppresses the address or only gives up
 * the message is the escalation rule's call (`process/soft-bounce.ts`), not the schedule's.
 */
export type RetryDecision =
  | { kind: 'retry'; attempt: number; delay_s: number; dueAt: string }
  | { kind: 'exhausted'; attempts: number };

/**
 * Decides the next attempt for a soft bounce, given the recipient's history: `exhausted` when
 * the attempts are spent or the next attempt would fall outside the retry window.
 * @example decideRetry({ delays_s: [60], window_s: 3600 }, null, new Date()) // → retry, attempt 1
 */
export function decideRetry(
  plan: RetryPlan,
  state: RetryProgress | null,
  now: Date,
  random: () => number = Math.random,
): RetryDecision {
  const attempts = state?.attempts ?? 0;
  const attempt = attempts + 1;
  const base = plan.delays_s[attempt - 1];
  if (base === undefined) return { kind: 'exhausted', attempts };
  const jitter = plan.jitter ?? 0;
  const delay = Math.max(1, Math.round(base * (1 + jitter * (2 * random() - 1))));
  const first = state ? Date.parse(state.firstFailureAt) : now.getTime();
  const elapsed_s = Number.isFinite(first) ? (now.getTime() - first) / 1000 : 0;
  if (elapsed_s + delay > plan.window_s) return { kind: 'exhausted', attempts };
  return {
    kind: 'retry',
    attempt,
    delay_s: delay,
    dueAt: new Date(now.getTime() + delay * 1000).toISOString(),
  };
}
