/** Suppression record updates: echo semantics, reason precedence, TTL per reason, evidence cap, lifts. */
import { describe, expect, it } from 'vitest';
import { DEFAULT_PROCESS_CONFIG, resolveProcessConfig } from '../../src/process/config.ts';
import { addEvidence, isActive, lift, resubscribeLifts } from '../../src/process/suppression.ts';
import { ev, NOW } from './fixtures.ts';

const cfg = DEFAULT_PROCESS_CONFIG;
const at = (iso: string) => Math.floor(Date.parse(iso) / 1000);

describe('addEvidence', () => {
  it.each([
    ['user-unknown', 365],
    ['complaint', null],
    ['unsubscribed', null],
    ['persistent-soft-bounce', 30],
    ['host-unknown', 30],
    ['mailbox-disabled', 180],
    ['recipient-moved', 365],
  ] as const)('TTL for %s: %s days after the last evidence', (reason, days) => {
    const e = ev({ v: 'hard' });
    const r = addEvidence(null, e, reason, NOW.toISOString(), cfg);
    expect(r?.expiresAt).toBe(days === null ? undefined : at(e.occurredAt) + days * 86_400);
  });

  it('takes TTLs from configuration', () => {
    const c = resolveProcessConfig({ suppressionTtlDays: { complaint: 10 } });
    const e = ev({ kind: 'complaint' });
    expect(addEvidence(null, e, 'complaint', NOW.toISOString(), c)?.expiresAt).toBe(
      at(e.occurredAt) + 10 * 86_400,
    );
    expect(c.suppressionTtlDays['user-unknown']).toBe(365);
  });

  it('creates a record from an echo but never bumps an existing one with an echo', () => {
    const echo = ev({ v: 'hard', echo: true });
    const created = addEvidence(null, echo, 'user-unknown', NOW.toISOString(), cfg);
    expect(created).toMatchObject({ count: 1, createdByEcho: true });
    expect(
      addEvidence(created, ev({ v: 'hard', echo: true }), 'user-unknown', NOW.toISOString(), cfg),
    ).toBeNull();
    expect(
      addEvidence(created, ev({ v: 'hard' }), 'user-unknown', NOW.toISOString(), cfg)?.count,
    ).toBe(2);
  });

  it('keeps a never-expiring reason over an expiring one, and caps evidence', () => {
    let r = addEvidence(null, ev({ kind: 'complaint' }), 'complaint', NOW.toISOString(), cfg);
    for (let i = 0; i < 6; i++)
      r = addEvidence(
        r,
        ev({ v: 'hard', occurredAt: `2026-11-28T08:1${i}:00.000Z` }),
        'user-unknown',
        NOW.toISOString(),
        cfg,
      );
    expect(r).toMatchObject({
      reason: 'complaint',
      count: 7,
      lastSeen: '2026-11-28T08:15:00.000Z',
    });
    expect(r?.expiresAt).toBeUndefined();
    expect(r?.evidence).toHaveLength(5);
  });

  it('keeps firstSeen/lastSeen as the time range of the evidence', () => {
    const a = addEvidence(
      null,
      ev({ v: 'hard', occurredAt: '2026-11-28T08:00:00.000Z' }),
      'user-unknown',
      NOW.toISOString(),
      cfg,
    );
    const b = addEvidence(
      a,
      ev({ v: 'hard', occurredAt: '2026-11-27T08:00:00.000Z' }),
      'user-unknown',
      NOW.toISOString(),
      cfg,
    );
    expect(b).toMatchObject({
      firstSeen: '2026-11-27T08:00:00.000Z',
      lastSeen: '2026-11-28T08:00:00.000Z',
    });
  });
});

describe('lifting', () => {
  const unsub = addEvidence(
    null,
    ev({ kind: 'unsubscribe' }),
    'unsubscribed',
    NOW.toISOString(),
    cfg,
  )!;
  const hard = addEvidence(null, ev({ v: 'hard' }), 'user-unknown', NOW.toISOString(), cfg)!;
  it.each([
    [
      'sendgrid resubscribe lifts an unsubscribe',
      unsub,
      ev({ kind: 'resubscribe', occurredAt: '2026-11-28T09:00:00.000Z' }),
      true,
    ],
    [
      'sendgrid resubscribe keeps a user-unknown',
      hard,
      ev({ kind: 'resubscribe', occurredAt: '2026-11-28T09:00:00.000Z' }),
      false,
    ],
    [
      'a reactivation (hint reactivates, e.g. Postmark) lifts any reason',
      hard,
      ev({
        kind: 'resubscribe',
        vendor: 'postmark',
        hints: { kind: 'resubscribe', reactivates: true },
        occurredAt: '2026-11-28T09:00:00.000Z',
      }),
      true,
    ],
    [
      'a resubscribe without the hint keeps a user-unknown, whatever the vendor',
      hard,
      ev({ kind: 'resubscribe', vendor: 'postmark', occurredAt: '2026-11-28T09:00:00.000Z' }),
      false,
    ],
    [
      'an older resubscribe lifts nothing',
      unsub,
      ev({ kind: 'resubscribe', occurredAt: '2026-11-27T00:00:00.000Z' }),
      false,
    ],
  ])('%s', (_n, record, event, lifts) => {
    expect(resubscribeLifts(record, event)).toBe(lifts);
  });

  it('lift keeps the record and evidence, records who/when/why; isActive follows status and TTL', () => {
    const l = lift(hard, { at: NOW.toISOString(), by: 'ops', why: 'asked' }, NOW.toISOString());
    expect(l).toMatchObject({
      status: 'unsuppressed',
      lifted: { by: 'ops', why: 'asked' },
      count: 1,
    });
    expect(isActive(hard, NOW)).toBe(true);
    expect(isActive(l, NOW)).toBe(false);
    expect(isActive(hard, new Date((hard.expiresAt as number) * 1000 + 1))).toBe(false);
    expect(isActive(null, NOW)).toBe(false);
  });
});
