/**
 * The retry-policy signature the planner takes as a dependency: `decideRetry` of
 * `retry/policy.ts`, or a stand-in with the same shape (tests pin the clock and the jitter).
 */
import type { decideRetry } from '../retry/policy.ts';

export type { RetryDecision, RetryProgress } from '../retry/policy.ts';

/** `decideRetry(plan, state, now, random?)`. */
export type DecideRetry = typeof decideRetry;
