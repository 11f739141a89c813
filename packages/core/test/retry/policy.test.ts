/** Retry policy: schedules as configuration, hints, the window, and escalation to suppression. */
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_RETRY_POLICY,
  decideRetry,
  planRetry,
  retryHintSeconds,
} from '../../src/retry/policy.ts';
import { parseReply } from '../../src/smtp/reply.ts';

const NOW = new Date('2026-11-28T12:00:00Z');
const hoursAgo = (h: number) => new Date(NOW.getTime() - h * 3600_000).toISOString();

describe('Function: planRetry', () => {
  it('uses exponential backoff with jitter for retryable replies the table does not name', () => {
    const plan = planRetry(parseReply('554 5.3.0 system error'), 'system-error');
    expect(plan).toMatchObject({ delays_s: [300, 1200, 4800, 19200], window_s: 48 * 3600 });
    expect(plan.jitter).toBeGreaterThan(0);
  });

  it('is configuration: another policy changes the schedule without touching rules', () => {
    const policy = {
      ...DEFAULT_RETRY_POLICY,
      window_s: 3600,
      schedules: [{ id: 'fast', match: { codes: [421] }, delays_s: [5, 10], source: 'test' }],
    };
    expect(planRetry(parseReply('421 busy'), 'temporary-failure', policy)).toMatchObject({
      delays_s: [5, 10],
      window_s: 3600,
    });
  });

  it('caps an honoured hint at max_hint_s', () => {
    expect(
      planRetry(parseReply('421 try again in 99 hours'), 'temporary-failure').delays_s[0],
    ).toBe(6 * 3600);
  });
});

describe('Function: retryHintSeconds', () => {
  it.each([
    ['try again in 5 minutes', 300],
    ['Please retry after 90 seconds', 90],
    ['try again later', null],
    ['come back in 2 hours', 7200],
    ['please try again in 30s', 30],
  ])('%s → %s', (text, seconds) => {
    expect(retryHintSeconds(text)).toBe(seconds);
  });
});

describe('Function: decideRetry', () => {
  const plan = { delays_s: [60, 300, 900, 3600, 14400], window_s: 48 * 3600 };

  it('schedules the first attempt for a recipient without history', () => {
    expect(decideRetry(plan, null, NOW)).toEqual({
      kind: 'retry',
      attempt: 1,
      delay_s: 60,
      dueAt: '2026-11-28T12:01:00.000Z',
    });
  });

  it('counts attempts across re-sends', () => {
    const state = { attempts: 3, firstFailureAt: hoursAgo(1), lastFailureAt: hoursAgo(0.1) };
    expect(decideRetry(plan, state, NOW)).toMatchObject({
      kind: 'retry',
      attempt: 4,
      delay_s: 3600,
    });
  });

  it('is exhausted when the attempts are spent (suppress or give up is decided elsewhere)', () => {
    const state = { attempts: 5, firstFailureAt: hoursAgo(6), lastFailureAt: hoursAgo(1) };
    expect(decideRetry(plan, state, NOW)).toEqual({ kind: 'exhausted', attempts: 5 });
  });

  it('is exhausted when the next attempt would fall outside the window', () => {
    const state = { attempts: 1, firstFailureAt: hoursAgo(47.99), lastFailureAt: hoursAgo(1) };
    expect(decideRetry(plan, state, NOW)).toMatchObject({ kind: 'exhausted' });
  });

  it('applies jitter within its bounds', () => {
    const jittered = { ...plan, jitter: 0.2 };
    expect(decideRetry(jittered, null, NOW, () => 0)).toMatchObject({ delay_s: 48 });
    expect(decideRetry(jittered, null, NOW, () => 1)).toMatchObject({ delay_s: 72 });
  });
});
