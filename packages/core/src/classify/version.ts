/**
 * The rule-table version: a digest of every row, phrase and reason mapping, so a stored verdict
 * says which table decided it and `rebound reclassify` knows what changed.
 */
import { createHash } from 'node:crypto';
import { REASONS } from './reasons.ts';
import type { Rule } from './rules.ts';
import { RULES } from './rules.ts';

/** Patterns serialize as their source; everything else as JSON. */
function replacer(_key: string, value: unknown): unknown {
  return value instanceof RegExp ? `/${value.source}/${value.flags}` : value;
}

/** `r-` and the first 12 hex digits of the SHA-256 of a rule table and the reason table. */
export function rulesVersionOf(rules: readonly Rule[]): string {
  const digest = createHash('sha256').update(JSON.stringify([rules, REASONS], replacer));
  return `r-${digest.digest('hex').slice(0, 12)}`;
}

/** The version of the built-in table (`RULES`). */
export const RULES_VERSION: string = rulesVersionOf(RULES);
