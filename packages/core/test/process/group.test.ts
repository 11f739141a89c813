/** foldGroup: one recipient's events over its snapshot → writes, retries and outcomes. */
import { describe, expect, it } from 'vitest';
import { DEFAULT_PROCESS_CONFIG } from '../../src/process/config.ts';
import { foldGroup, type GroupSnapshot } from '../../src/process/group.ts';
import type { EventMarker, SoftState, SuppressionRecord } from '../../src/process/records.ts';
import { DEFAULT_RETRY_POLICY } from '../../src/retry/policy.ts';
import { ctx, ev, NOW, VERDICTS } from './fixtures.ts';

const empty = (): GroupSnapshot => ({ record: null, soft: null, markers: new Map() });
const fold = (events: ReturnType<typeof ev>[], snap = empty(), c = ctx()) =>
  foldGroup('a@example.com', events, snap, c);

describe('foldGroup', () => {
  it('suppresses a hard bounce: record, done marker, no retry', () => {
    const e = ev({ v: 'hard' });
    const p = fold([e]);
    expect(p.record).toMatchObject({
      email: 'a@example.com',
      status: 'suppressed',
      reason: 'user-unknown',
      count: 1,
    });
    expect(p.markers).toMatchObject([{ eventId: e.id, status: 'done', retries: [] }]);
    expect(p.retries).toEqual([]);
    expect(p.outcomes.get(e.id)).toBe('suppressed');
  });

  it("schedules a soft bounce: soft state naming the attempt's event, the retry, a done marker", () => {
    const e = ev({ v: 'soft', metadata: { tenant: 't' } });
    const p = fold([e]);
    expect(p.soft).toMatchObject({
      attempts: 1,
      firstFailureAt: e.occurredAt,
      attemptEvents: [e.id],
    });
    expect(p.retries).toMatchObject([
      {
        retryId: `${e.id}#1`,
        attempt: 1,
        dueAt: new Date(NOW.getTime() + 60_000).toISOString(),
        metadata: { tenant: 't' },
      },
    ]);
    // The processor enqueues the plan's retries before the transaction: the marker is done.
    expect(p.markers[0]).toMatchObject({ status: 'done', lease: null, retries: [] });
  });

  it('names the event of every attempt, keeping the earlier ones (blank for state written before)', () => {
    const first = ev({ v: 'soft', messageId: 'm1', occurredAt: '2026-11-28T08:59:00.000Z' });
    const second = ev({ v: 'soft', messageId: 'm2', occurredAt: '2026-11-28T08:59:30.000Z' });
    const p = fold([first, second]);
    expect(p.soft?.attemptEvents).toEqual([first.id, second.id]);
    expect(p.retries.map((r) => r.retryId)).toEqual([`${first.id}#1`, `${second.id}#2`]);
    const legacy = fold([second], {
      ...empty(),
      soft: { ...(fold([first]).soft as SoftState), attemptEvents: undefined },
    });
    expect(legacy.soft?.attemptEvents).toEqual(['', second.id]);
  });

  it("plans with the deployment's retry policy when it has one, from the same reply and reason", () => {
    const e = ev({ v: 'soft' });
    const policy = {
      ...DEFAULT_RETRY_POLICY,
      schedules: [
        {
          id: 'slow-rl',
          match: { reasons: ['rate-limited' as const] },
          delays_s: [600],
          source: 't',
        },
      ],
    };
    const p = fold(
      [e],
      empty(),
      ctx({ config: { ...DEFAULT_PROCESS_CONFIG, retryPolicy: policy } }),
    );
    expect(p.retries).toMatchObject([
      { attempt: 1, dueAt: new Date(NOW.getTime() + 600_000).toISOString() },
    ]);
    // The built-in policy: the verdict's own plan (60 s first).
    expect(fold([ev({ v: 'soft' })]).retries[0]?.dueAt).toBe(
      new Date(NOW.getTime() + 60_000).toISOString(),
    );
  });

  const softState = (over: Partial<SoftState>): SoftState => ({
    email: 'a@example.com',
    attempts: 2,
    firstFailureAt: '2026-11-27T08:00:00.000Z',
    lastFailureAt: '2026-11-27T08:50:00.000Z',
    lastReply: null,
    reason: 'mailbox-full',
    vendor: 'sendgrid',
    messageId: 'm-first',
    eventId: 'old',
    metadata: {},
    plan: { delays_s: [60, 300], window_s: 3 * 86_400 },
    emit: null,
    version: 3,
    expiresAt: 0,
    ...over,
  });
  const full = { ...VERDICTS.soft, reason: 'mailbox-full' as const };

  it('escalates a recipient-side soft bounce past its attempts once it lasted 24 h+ across messages', () => {
    const soft = softState({});
    const e = ev({
      v: 'soft',
      verdict: full,
      messageId: 'm-next',
      occurredAt: '2026-11-28T08:59:00.000Z',
    });
    const p = fold([e], { ...empty(), soft });
    expect(p.soft).toBeNull();
    expect(p.record).toMatchObject({
      reason: 'persistent-soft-bounce',
      softBounce: { attempts: 2, firstFailureAt: soft.firstFailureAt },
      history: [{ change: 'escalated', reason: 'persistent-soft-bounce', by: 'webhook:sendgrid' }],
    });
    expect(p.record?.evidence[0]?.note).toMatch(/2 attempts, 2 messages/);
    expect(p.outcomes.get(e.id)).toBe('escalated');
  });

  it('gives up the message, not the address, when the failure lasted less than 24 h', () => {
    const soft = softState({ firstFailureAt: '2026-11-28T08:40:00.000Z' });
    const e = ev({
      v: 'soft',
      verdict: full,
      messageId: 'm-next',
      occurredAt: '2026-11-28T08:59:00.000Z',
    });
    const p = fold([e], { ...empty(), soft });
    expect(p.record).toBeUndefined();
    expect(p.outcomes.get(e.id)).toBe('gave-up');
    // A recipient-side cause keeps its state: a failure 24 h+ after the first may still escalate.
    expect(p.soft).toMatchObject({ attempts: 2, messageIds: ['m-first', 'm-next'] });
  });

  it('gives up the message when only one message failed, however long ago it started', () => {
    const soft = softState({ messageId: 'm' });
    const e = ev({
      v: 'soft',
      verdict: full,
      messageId: 'm',
      occurredAt: '2026-11-28T08:59:00.000Z',
    });
    expect(fold([e], { ...empty(), soft }).outcomes.get(e.id)).toBe('gave-up');
  });

  it('never suppresses on a sender-side deferral: a burst of reputation deferrals gives up and starts afresh', () => {
    // Six Yahoo TSS04 deferrals for one recipient, two seconds apart, from six messages.
    const tss04 = {
      ...VERDICTS.soft,
      reason: 'reputation' as const,
      retry: { delays_s: [60, 300, 900, 3600, 14_400], window_s: 172_800 },
    };
    const events = Array.from({ length: 6 }, (_, i) =>
      ev({
        v: 'soft',
        verdict: tss04,
        messageId: `m${i}`,
        occurredAt: `2026-11-28T08:00:0${2 * i}.000Z`,
      }),
    );
    const p = fold(events, empty());
    expect(p.record).toBeUndefined();
    expect([...p.outcomes.values()]).toEqual([
      'retry-scheduled',
      'retry-scheduled',
      'retry-scheduled',
      'retry-scheduled',
      'retry-scheduled',
      'gave-up',
    ]);
    expect(p.soft).toBeNull();
    // Even days later, a sender-side cause never escalates.
    const late = ev({
      v: 'soft',
      verdict: tss04,
      messageId: 'm9',
      occurredAt: '2026-12-05T08:00:00.000Z',
    });
    const old = softState({
      attempts: 5,
      reason: 'reputation',
      messageIds: ['m0', 'm1', 'm2'],
      plan: tss04.retry,
    });
    expect(fold([late], { ...empty(), soft: old }).record).toBeUndefined();
  });

  it('skips duplicates (done markers); waits for, or resends, pending markers an earlier version left', () => {
    const [a, b, c] = [ev({ v: 'hard' }), ev({ v: 'soft' }), ev({ v: 'soft' })];
    const marker = (id: string, over: Partial<EventMarker>): EventMarker => ({
      eventId: id,
      status: 'done',
      retries: [],
      lease: null,
      leaseUntil: 0,
      recordedAt: '',
      version: 1,
      expiresAt: 0,
      ...over,
    });
    const retry = { retryId: 'x#1' } as EventMarker['retries'][number];
    const markers = new Map([
      [a.id, marker(a.id, {})],
      [
        b.id,
        marker(b.id, {
          status: 'pending',
          lease: 'other',
          leaseUntil: NOW.getTime() + 1000,
          retries: [retry],
        }),
      ],
      [
        c.id,
        marker(c.id, {
          status: 'pending',
          lease: 'other',
          leaseUntil: NOW.getTime() - 1,
          retries: [retry],
          version: 2,
        }),
      ],
    ]);
    const p = fold([a, b, c], { ...empty(), markers });
    expect([...p.outcomes.values()]).toEqual(['duplicate', 'in-flight', 'resend']);
    // A stale pending marker: its retries are resent (before the commit) and it is done.
    expect(p.markers).toMatchObject([{ eventId: c.id, lease: null, version: 3, status: 'done' }]);
    expect(p.retries).toEqual([retry]);
    expect(p.record).toBeUndefined();
  });

  it('collapses the same event twice in one batch', () => {
    const e = ev({ v: 'hard' });
    expect(fold([e, e]).record?.count).toBe(1);
  });

  it('does not schedule retries for an actively suppressed recipient', () => {
    const first = fold([ev({ v: 'hard' })]);
    const p = fold([ev({ v: 'soft' })], { ...empty(), record: first.record as SuppressionRecord });
    expect(p.retries).toEqual([]);
    expect(p.markers).toEqual([]);
  });

  it('clears soft state on a later delivery only, without a marker', () => {
    const withSoft = fold([ev({ v: 'soft', occurredAt: '2026-11-28T08:30:00.000Z' })]);
    const snap = { ...empty(), soft: withSoft.soft as SoftState };
    expect(fold([ev({ occurredAt: '2026-11-28T08:00:00.000Z' })], snap).soft).toBeUndefined();
    const later = fold([ev({ occurredAt: '2026-11-28T08:31:00.000Z' })], snap);
    expect(later.soft).toBeNull();
    expect(later.markers).toEqual([]);
  });
});
