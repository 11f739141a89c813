/** The worker's per-message decision, delays, and the RetryQueue message reader. */
import { describe, expect, it } from 'vitest';
import type { RetryMessage, SoftState } from '../../src/process/records.ts';
import { delayUntil, parseRetryMessage, workerStep } from '../../src/process/worker.ts';
import { NOW } from './fixtures.ts';

const msg = (over: Partial<RetryMessage> = {}): RetryMessage => ({
  schema: 'rebound.retry',
  version: 1,
  retryId: 'e#2',
  eventId: 'e',
  recipient: 'a@example.com',
  messageId: 'm',
  vendor: 'sendgrid',
  metadata: {},
  attempt: 2,
  dueAt: NOW.toISOString(),
  reason: 'rate-limited',
  lastReply: null,
  scheduledAt: NOW.toISOString(),
  ...over,
});
const soft = (over: Partial<SoftState> = {}): SoftState => ({
  email: 'a@example.com',
  attempts: 2,
  firstFailureAt: '',
  lastFailureAt: '',
  lastReply: null,
  reason: 'rate-limited',
  vendor: 'sendgrid',
  messageId: 'm',
  eventId: 'e',
  metadata: {},
  plan: { delays_s: [1], window_s: 10 },
  emit: null,
  version: 1,
  expiresAt: 0,
  ...over,
});
const claim = (
  attempt: number,
  status: 'emitting' | 'done',
  who = 'other',
  leaseUntil = NOW.getTime() + 1000,
) => ({ attempt, status, claim: who, leaseUntil });

describe('delayUntil', () => {
  it.each([
    [0, 0],
    [-5_000, 0],
    [1_500, 2],
    [600_000, 600],
    [14_400_000, 900],
  ])('%i ms ahead → %i s', (ms, s) => {
    expect(delayUntil(new Date(NOW.getTime() + ms).toISOString(), NOW)).toBe(s);
  });
});

describe('workerStep', () => {
  const active = { status: 'suppressed' } as never;
  it.each([
    [
      'not due → hop',
      msg({ dueAt: new Date(NOW.getTime() + 3_600_000).toISOString() }),
      soft(),
      null,
      { type: 'hop', delaySeconds: 900 },
    ],
    ['suppressed meanwhile → drop', msg(), soft(), active, { type: 'drop', reason: 'suppressed' }],
    [
      'no soft state (delivered) → drop',
      msg(),
      null,
      null,
      { type: 'drop', reason: 'no-soft-state' },
    ],
    ['fresh attempt → claim', msg(), soft({ emit: claim(1, 'done') }), null, { type: 'claim' }],
    [
      "the attempt is this event's → claim",
      msg(),
      soft({ attemptEvents: ['d', 'e'] }),
      null,
      { type: 'claim' },
    ],
    [
      'another event committed this attempt (ours was cancelled) → drop',
      msg(),
      soft({ attemptEvents: ['d', 'x'] }),
      null,
      { type: 'drop', reason: 'not-committed' },
    ],
    [
      'attempt recorded before events were named → claim',
      msg(),
      soft({ attemptEvents: ['d', ''] }),
      null,
      { type: 'claim' },
    ],
    [
      'already emitted → drop',
      msg(),
      soft({ emit: claim(2, 'done') }),
      null,
      { type: 'drop', reason: 'already-emitted' },
    ],
    [
      'a later attempt emitted → drop',
      msg(),
      soft({ attempts: 3, emit: claim(3, 'done') }),
      null,
      { type: 'drop', reason: 'superseded' },
    ],
    ['held by a twin → wait', msg(), soft({ emit: claim(2, 'emitting') }), null, { type: 'wait' }],
    [
      'own claim (redelivery) → claim',
      msg(),
      soft({ emit: claim(2, 'emitting', 'me') }),
      null,
      { type: 'claim' },
    ],
    [
      'expired claim → claim',
      msg(),
      soft({ emit: claim(2, 'emitting', 'other', NOW.getTime()) }),
      null,
      { type: 'claim' },
    ],
  ])('%s', (_n, m, s, record, step) => {
    expect(workerStep(m, 'me', s, record, NOW)).toEqual(step);
  });
});

describe('parseRetryMessage', () => {
  it.each([
    ['not json', 'nope', false],
    ['wrong schema', JSON.stringify({ ...msg(), schema: 'x' }), false],
    ['bad attempt', JSON.stringify({ ...msg(), attempt: 0 }), false],
    ['bad dueAt', JSON.stringify({ ...msg(), dueAt: 'soon' }), false],
    ['valid', JSON.stringify(msg()), true],
  ])('%s', (_n, body, ok) => {
    expect(parseRetryMessage(body) !== null).toBe(ok);
  });
});
