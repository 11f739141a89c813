/**
 * The retry-policy signature the planner calls (implemented by `retry/policy.ts`), declared
 * here so the planner can take it as a dependency.
 */
import type { RetryPlan } from '../types.ts';

/** Soft-bounce history `decideRetry` reads. */
export interface SoftBounceHistory {
  attempts: number;
  firstFailureAt: string;
  lastFailureAt: string;
}

/** What the retry policy decided for one more soft bounce. */
export type RetryDecision =
  | { kind: 'retry'; attempt: number; delay_s: number; dueAt: string | Date }
  | { kind: 'escalate'; reason: 'persistent-soft-bounce'; attempts: number };

/** `decideRetry(plan, state, now, random?)`. */
export type DecideRetry = (
  plan: RetryPlan,
  state: SoftBounceHistory | null,
  now: Date,
  random?: () => number,
) => RetryDecision;
