/** Reclassify: today's rules over stored evidence — what lifts, what suppresses, what is left alone. */
import { describe, expect, it } from 'vitest';
import { classify, createClassifier } from '../../src/classify/classify.ts';
import { RULES, type Rule } from '../../src/classify/rules.ts';
import { DEFAULT_PROCESS_CONFIG } from '../../src/process/config.ts';
import { foldGroup } from '../../src/process/group.ts';
import { reclassify } from '../../src/process/reclassify.ts';
import type { SuppressionRecord } from '../../src/process/records.ts';
import { parseReply } from '../../src/smtp/reply.ts';
import type { NormalizedEvent } from '../../src/types.ts';
import { ctx, ev, NOW } from './fixtures.ts';

/** A table like the one before "suppress on evidence": any bare 550/551/553 suppressed. */
const OLD_ROWS: Rule[] = [
  {
    id: 'old-550-551-553',
    reason: 'user-unknown',
    codes: [550, 551, 553],
    source: 'the old table',
  },
  ...RULES,
];
const old = createClassifier(OLD_ROWS);

/** An event for `text` as a vendor reported it, judged by `by`. */
function bounce(text: string, over: Partial<NormalizedEvent> = {}, by = old): NormalizedEvent {
  const reply = parseReply(text);
  return ev({ kind: 'bounce', reply, verdict: by(reply, { kind: 'bounce' }), ...over });
}

/** The record a fold of these events writes. */
function recordOf(...events: NormalizedEvent[]): SuppressionRecord {
  return foldGroup('a@example.com', events, { record: null, soft: null, markers: new Map() }, ctx())
    .record as SuppressionRecord;
}

const run = (r: SuppressionRecord, c = classify) =>
  reclassify(r, c, c.rulesVersion, NOW, DEFAULT_PROCESS_CONFIG);

describe('Function: reclassify', () => {
  it('records each verdict with the version of the table that decided it', () => {
    const r = recordOf(bounce('550 Rejected'));
    expect(r.evidence[0]?.rulesVersion).toBe(old.rulesVersion);
    expect(old.rulesVersion).not.toBe(classify.rulesVersion);
  });

  it('lifts a suppression that rested on a bare 550 into probation', () => {
    const r = recordOf(bounce('550 Rejected', { messageId: 'm1' }));
    expect(r).toMatchObject({ status: 'suppressed', rule: 'old-550-551-553' });
    const c = run(r);
    expect(c).toMatchObject({
      change: 'lift',
      before: { action: 'suppress', rule: 'old-550-551-553' },
      after: { status: 'probation', action: 'investigate', rule: '5xx-unproven' },
    });
    expect(c.next?.probation?.messageId).toBe('m1');
    expect(c.next?.lifted?.by).toBe('reclassify');
    expect(c.next?.history?.at(-1)).toMatchObject({
      by: 'reclassify',
      change: 'lifted',
      rulesVersion: classify.rulesVersion,
    });
    // Applied once, it holds: a second run changes nothing.
    expect(run(c.next as SuppressionRecord).change).toBe('none');
  });

  it("keeps a suppression today's rules still prove, and one proven by two unproven failures a day apart", () => {
    expect(run(recordOf(bounce('550 5.1.1 user unknown'))).change).toBe('none');
    const twice = recordOf(
      bounce('550 Rejected', { messageId: 'm1', occurredAt: '2026-11-20T08:00:00.000Z' }),
      bounce('550 Rejected', { messageId: 'm2', occurredAt: '2026-11-21T09:00:00.000Z' }),
    );
    expect(run(twice)).toMatchObject({ change: 'none' });
  });

  it('lifts when the rule that suppressed is gone from the table (changing a rule changes the past)', () => {
    const r = recordOf(bounce('550 5.1.1 user unknown', {}, classify));
    expect(r.rule).toBe('user-unknown');
    // A table where neither the wording nor the code says "user unknown" any more.
    const without = createClassifier(
      RULES.filter((x) => !['user-unknown', 'x.1.1-bad-mailbox'].includes(x.id)),
    );
    expect(run(r, without)).toMatchObject({ change: 'lift', after: { status: 'probation' } });
  });

  it("lifts a persistent soft bounce whose cause was on the sender's side (Yahoo TSS04)", () => {
    const tss04 =
      '421 4.7.0 [TSS04] Messages from 192.0.2.1 temporarily deferred due to unexpected volume or user complaints';
    const r: SuppressionRecord = {
      ...recordOf(bounce('550 5.1.1 user unknown')),
      reason: 'persistent-soft-bounce',
      rule: 'transient-4xx',
    };
    r.evidence = [
      {
        ...(r.evidence[0] as SuppressionRecord['evidence'][0]),
        reply: { code: 421, enhanced: '4.7.0', text: tss04.slice(10) },
        kind: 'block',
        reason: 'persistent-soft-bounce',
      },
    ];
    expect(run(r)).toMatchObject({ change: 'lift', after: { status: 'unsuppressed' } });
  });

  it('keeps legacy evidence that is merely unproven (it lacks the vendor hints that proved it)', () => {
    const r = recordOf(bounce('550 5.0.0'));
    delete r.evidence[0]?.rulesVersion;
    expect(run(r)).toMatchObject({ change: 'none' });
  });

  it("never lifts a complaint, an unsubscribe or a vendor's own list, and never undoes a human's lift", () => {
    for (const kind of ['complaint', 'unsubscribe'] as const) {
      expect(run(recordOf(ev({ kind, verdict: null }))).change).toBe('none');
    }
    const lifted: SuppressionRecord = {
      ...recordOf(bounce('550 Rejected')),
      status: 'unsuppressed',
      lifted: { at: NOW.toISOString(), by: 'api:support', why: 'customer called' },
    };
    expect(run(lifted)).toMatchObject({
      change: 'none',
      why: expect.stringMatching(/api:support/),
    });
  });

  it("suppresses a probation record whose evidence today's rules prove, and clears one they call a block", () => {
    const probation = recordOf(
      bounce(
        '550 Transaction failed: mailbox not present',
        {},
        createClassifier(RULES.filter((x) => x.id !== 'user-unknown')),
      ),
    );
    expect(probation.status).toBe('probation');
    expect(run(probation)).toMatchObject({
      change: 'suppress',
      after: { status: 'suppressed', reason: 'user-unknown' },
    });
    const blocked = recordOf(
      bounce(
        '550 blocked using zen.spamhaus.org',
        {},
        createClassifier(RULES.filter((x) => !x.text)),
      ),
    );
    expect(blocked.status).toBe('probation');
    expect(run(blocked)).toMatchObject({ change: 'clear', after: { status: 'unsuppressed' } });
  });
});
