/**
 * Two tables of wordings beyond the dev set — by meaning from MTA sources and provider docs, and
 * as real servers word them — each row with the action the policy calls for. Prints the figures.
 */
import { describe, expect, it } from 'vitest';
import { classify } from '../../src/classify/classify.ts';
import { parseReply } from '../../src/smtp/reply.ts';
import { MTA_WORDINGS } from './mta-wordings.ts';
import { REAL_WORLD_WORDINGS } from './real-world-wordings.ts';

const tables = [
  ['MTA and provider wordings by meaning', MTA_WORDINGS.map(([t, a]) => [t, a] as const)],
  ['real-world wordings', REAL_WORLD_WORDINGS],
] as const;

describe.each(tables)('Data: %s', (name, rows) => {
  const results = rows.map(([text, action]) => ({
    text,
    action,
    verdict: classify(parseReply(text)),
  }));

  it('has a table worth the name (at least 150 wordings)', () => {
    expect(rows.length).toBeGreaterThanOrEqual(150);
    console.log(
      `${name}: ${results.filter((r) => r.verdict.action === r.action).length}/${rows.length} agree`,
    );
  });

  it('never suppresses a wording whose meaning is not about the address', () => {
    const wrong = results.filter((r) => r.verdict.action === 'suppress' && r.action !== 'suppress');
    expect(wrong.map((r) => `${r.text} (${r.verdict.rule})`)).toEqual([]);
  });

  it.each(rows)('%s → %s', (text, action) => {
    expect(classify(parseReply(text)).action).toBe(action);
  });
});
