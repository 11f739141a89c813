/** Probation: an unproven permanent failure investigates now and suppresses only when it repeats. */
import { describe, expect, it } from 'vitest';
import { classify } from '../../src/classify/classify.ts';
import { foldGroup, type GroupSnapshot } from '../../src/process/group.ts';
import { planEvent } from '../../src/process/plan.ts';
import type { SuppressionRecord } from '../../src/process/records.ts';
import { isActive } from '../../src/process/suppression.ts';
import { parseReply } from '../../src/smtp/reply.ts';
import { ctx, ev, NOW, VERDICTS } from './fixtures.ts';

const empty = (): GroupSnapshot => ({ record: null, soft: null, markers: new Map() });
const bare = (text: string) => classify(parseReply(text));
const at = (iso: string) => ({ ...ctx(), now: new Date(iso) });

describe('Function: probation', () => {
  // Prepare: a bare "550 Rejected" is an unproven permanent failure.
  const verdict = bare('550 5.0.0 Rejected');

  it('classifies a bare permanent failure as investigate, on probation', () => {
    expect(verdict).toMatchObject({ action: 'investigate', probation: true });
    expect(planEvent(ev({ kind: 'bounce', verdict }))).toEqual({ type: 'probation' });
    // A policy block is investigated too, but says nothing about the address: no probation.
    expect(planEvent(ev({ kind: 'bounce', verdict: VERDICTS.block }))).toMatchObject({
      type: 'none',
    });
  });

  it('starts probation on the first failure: a record that does not block sending', () => {
    const e = ev({
      kind: 'bounce',
      verdict,
      messageId: 'm1',
      occurredAt: '2026-11-20T08:00:00.000Z',
    });
    const p = foldGroup('a@example.com', [e], empty(), ctx());
    expect(p.outcomes.get(e.id)).toBe('probation');
    expect(p.record).toMatchObject({
      status: 'probation',
      probation: { since: e.occurredAt, eventId: e.id, messageId: 'm1' },
      history: [{ change: 'probation', by: 'webhook:sendgrid', rule: '5xx-unproven' }],
    });
    expect(isActive(p.record, NOW)).toBe(false);
    // It lives 30 days after the failure, then DynamoDB's TTL removes it.
    expect(p.record?.expiresAt).toBe(Date.parse('2026-12-20T08:00:00.000Z') / 1000);
    expect(p.markers.map((m) => m.eventId)).toEqual([e.id]);
  });

  const started = (): SuppressionRecord => {
    const e = ev({
      kind: 'bounce',
      verdict,
      messageId: 'm1',
      occurredAt: '2026-11-20T08:00:00.000Z',
    });
    return foldGroup('a@example.com', [e], empty(), ctx()).record as SuppressionRecord;
  };

  it('only notes a second failure from the same message, or less than 24 h later', () => {
    const record = started();
    const sameMessage = ev({
      kind: 'bounce',
      verdict,
      messageId: 'm1',
      occurredAt: '2026-11-22T08:00:00.000Z',
    });
    const tooSoon = ev({
      kind: 'bounce',
      verdict,
      messageId: 'm2',
      occurredAt: '2026-11-21T07:59:00.000Z',
    });
    for (const e of [sameMessage, tooSoon]) {
      const p = foldGroup('a@example.com', [e], { ...empty(), record }, ctx());
      expect(p.record).toMatchObject({ status: 'probation', probation: record.probation });
      expect(p.record?.evidence).toHaveLength(2);
      expect(p.outcomes.get(e.id)).toBe('probation');
    }
  });

  it('suppresses a second failure from another message 24 h+ later, keeping both pieces of evidence', () => {
    const record = started();
    const e = ev({
      kind: 'bounce',
      verdict,
      messageId: 'm2',
      occurredAt: '2026-11-21T08:00:00.000Z',
    });
    const p = foldGroup(
      'a@example.com',
      [e],
      { ...empty(), record },
      at('2026-11-21T09:00:00.000Z'),
    );
    expect(p.outcomes.get(e.id)).toBe('escalated');
    expect(p.record).toMatchObject({
      status: 'suppressed',
      action: 'suppress',
      reason: 'repeated-hard-failure',
    });
    expect(p.record?.probation).toBeUndefined();
    expect(p.record?.evidence.map((x) => x.messageId)).toEqual(['m1', 'm2']);
    expect(p.record?.history?.map((h) => h.change)).toEqual(['probation', 'escalated']);
    expect(isActive(p.record, new Date('2026-11-21T09:00:00.000Z'))).toBe(true);
  });

  it('lets proven evidence suppress an address on probation at once', () => {
    const record = started();
    const e = ev({ v: 'hard', occurredAt: '2026-11-20T09:00:00.000Z' });
    const p = foldGroup('a@example.com', [e], { ...empty(), record }, ctx());
    expect(p.record).toMatchObject({ status: 'suppressed', reason: 'user-unknown' });
    expect(p.record?.probation).toBeUndefined();
  });

  it('changes nothing on an address already suppressed', () => {
    const hard = foldGroup('a@example.com', [ev({ v: 'hard' })], empty(), ctx()).record;
    const e = ev({ kind: 'bounce', verdict, messageId: 'm9' });
    const p = foldGroup('a@example.com', [e], { ...empty(), record: hard ?? null }, ctx());
    expect(p.record).toBeUndefined();
    expect(p.outcomes.get(e.id)).toBe('no-change');
  });
});
