/** foldGroup: one recipient's events over its snapshot → writes, retries and outcomes. */
import { describe, expect, it } from 'vitest';
import { foldGroup, type GroupSnapshot } from '../../src/process/group.ts';
import type { EventMarker, SoftState, SuppressionRecord } from '../../src/process/records.ts';
import { ctx, ev, NOW } from './fixtures.ts';

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

  it('schedules a soft bounce: soft state, pending marker holding the retry', () => {
    const e = ev({ v: 'soft', metadata: { tenant: 't' } });
    const p = fold([e]);
    expect(p.soft).toMatchObject({ attempts: 1, firstFailureAt: e.occurredAt });
    expect(p.retries).toMatchObject([
      {
        attempt: 1,
        dueAt: new Date(NOW.getTime() + 60_000).toISOString(),
        metadata: { tenant: 't' },
      },
    ]);
    expect(p.markers[0]).toMatchObject({
      status: 'pending',
      lease: 'lease-me',
      retries: p.retries,
    });
  });

  it('escalates past the last attempt, keeping the history as evidence', () => {
    const soft: SoftState = {
      email: 'a@example.com',
      attempts: 2,
      firstFailureAt: '2026-11-28T08:40:00.000Z',
      lastFailureAt: '2026-11-28T08:50:00.000Z',
      lastReply: null,
      reason: 'rate-limited',
      vendor: 'sendgrid',
      messageId: 'm',
      eventId: 'old',
      metadata: {},
      plan: { delays_s: [60, 300], window_s: 3600 },
      emit: null,
      version: 3,
      expiresAt: 0,
    };
    const e = ev({ v: 'soft', occurredAt: '2026-11-28T08:59:00.000Z' });
    const p = fold([e], { ...empty(), soft });
    expect(p.soft).toBeNull();
    expect(p.record).toMatchObject({
      reason: 'persistent-soft-bounce',
      softBounce: { attempts: 2, firstFailureAt: soft.firstFailureAt },
    });
    expect(p.record?.evidence[0]?.note).toMatch(/2 attempts/);
    expect(p.outcomes.get(e.id)).toBe('escalated');
  });

  it('skips duplicates (done markers) and waits for fresh pending markers held by others', () => {
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
    expect(p.markers).toMatchObject([
      { eventId: c.id, lease: 'lease-me', version: 3, status: 'pending' },
    ]);
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
