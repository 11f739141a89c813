/** The batch tally: what counts as delivered, hard, soft, complaint; days, streams, domains; recent. */

import {
  DEFAULT_STREAMS,
  domainOfValue,
  type NormalizedEvent,
  providerOf,
  ratesOf,
  sendingDomainOf,
  tallyBatch,
  type Verdict,
} from '@rebound/core';
import { describe, expect, it } from 'vitest';

const now = new Date('2026-11-28T12:00:00Z');
let n = 0;
const verdict = (action: Verdict['action'], reason: Verdict['reason']): Verdict => ({
  action,
  reason,
  rule: `rule-${reason}`,
  source: 'RFC 3463',
  retry: action === 'retry' ? { delays_s: [60], window_s: 3600 } : null,
});
function ev(over: Partial<NormalizedEvent>): NormalizedEvent {
  return {
    id: `id-${n++}`,
    vendor: 'sendgrid',
    vendorEventId: null,
    kind: 'delivery',
    recipient: 'jane@gmail.com',
    messageId: null,
    occurredAt: '2026-11-28T08:00:00.000Z',
    reply: null,
    hints: {},
    verdict: null,
    echo: false,
    metadata: { from: 'News <news@mail.example.com>' },
    ...over,
  };
}
const hard = (o: Partial<NormalizedEvent> = {}) =>
  ev({ kind: 'bounce', verdict: verdict('suppress', 'user-unknown'), ...o });
const soft = (o: Partial<NormalizedEvent> = {}) =>
  ev({ kind: 'block', verdict: verdict('retry', 'rate-limited'), ...o });

describe('tallyBatch', () => {
  it('counts delivered, hard, soft and complaints per day, stream and sending domain', () => {
    const t = tallyBatch(
      [
        ev({}),
        ev({}),
        hard(),
        soft(),
        ev({ kind: 'complaint', verdict: verdict('suppress', 'complaint') }),
        ev({ kind: 'deferral', verdict: verdict('retry', 'greylisted') }),
        ev({ kind: 'ignored' }),
        ev({ occurredAt: '2026-11-27T23:59:59.000Z', metadata: {} }),
      ],
      { streams: DEFAULT_STREAMS, now },
    );
    expect(t.days.map((d) => d.day)).toEqual(['2026-11-27', '2026-11-28']);
    expect(t.days[0]?.cells).toEqual([
      { stream: 'global', domain: 'unknown', delivered: 1, hard: 0, soft: 0, complaints: 0 },
    ]);
    expect(t.days[1]?.cells).toEqual([
      {
        stream: 'global',
        domain: 'mail.example.com',
        delivered: 2,
        hard: 1,
        soft: 1,
        complaints: 1,
      },
    ]);
    // the deferral is the ESP still retrying: not in the mix, not a soft bounce
    expect(t.days[1]?.actions).toEqual({ suppress: 2, retry: 1 });
    expect(t.days[1]?.reasons).toContainEqual({
      reason: 'user-unknown',
      provider: 'gmail',
      count: 1,
    });
    expect(t.ids).toHaveLength(8);
  });

  it('counts an event id once per batch and echoes never as bounces', () => {
    const h = hard();
    const echo = hard({ kind: 'bounce', echo: true });
    const t = tallyBatch([h, h, h, echo], { streams: DEFAULT_STREAMS, now });
    expect(t.days[0]?.cells[0]).toMatchObject({ hard: 1 });
    expect(t.ids).toHaveLength(2);
    expect(t.recent.filter((r) => r.echo)).toHaveLength(1);
  });

  it('maps streams from metadata like complaints do, global when unmapped', () => {
    const streams = { ...DEFAULT_STREAMS, names: ['marketing'], map: { news: 'marketing' } };
    const t = tallyBatch(
      [ev({ metadata: { category: 'news' } }), ev({ metadata: { category: 'x' } })],
      {
        streams,
        now,
      },
    );
    expect(t.days[0]?.cells.map((c) => c.stream)).toEqual(['global', 'marketing']);
  });

  it('keeps the newest bounces, masked in hash-only mode, with rule and source', () => {
    const events = Array.from({ length: 15 }, (_, i) =>
      hard({
        reply: {
          code: 550,
          enhanced: '5.1.1',
          text: `<R${i}@Yahoo.co.uk>: user unknown`,
          parts: { code: 'parsed', enhanced: 'parsed', text: 'parsed' },
          conflict: null,
          command: null,
        },
        recipient: `r${i}@yahoo.co.uk`,
        occurredAt: `2026-11-28T08:00:${String(i).padStart(2, '0')}.000Z`,
      }),
    );
    const t = tallyBatch(events, { streams: DEFAULT_STREAMS, now, hashOnly: true });
    expect(t.recent).toHaveLength(10);
    expect(t.recent[0]).toMatchObject({
      at: '2026-11-28T08:00:14.000Z',
      to: 'r***@yahoo.co.uk',
      masked: true,
      provider: 'yahoo',
      rule: 'rule-user-unknown',
      source: 'RFC 3463',
      from: 'mail.example.com',
    });
    expect(JSON.stringify(t.recent)).not.toMatch(/r\d+@yahoo/i);
    expect(t.recent[0]?.reply).toBe('550 5.1.1 <<recipient>>: user unknown');
  });

  it('an engagement-only batch tallies nothing', () => {
    const t = tallyBatch([ev({ kind: 'ignored' })], { streams: DEFAULT_STREAMS, now });
    expect(t.days).toEqual([]);
  });
});

describe('domains and providers', () => {
  it('reads the sending domain from SES tags, SES source, then from/sender', () => {
    expect(sendingDomainOf({ 'ses:from-domain': 'example.com', from: 'a@other.org' })).toBe(
      'example.com',
    );
    expect(sendingDomainOf({ 'ses:source': 'Sender <s@Mail.Example.COM>' })).toBe(
      'mail.example.com',
    );
    expect(sendingDomainOf({ sender: 'bounces.example.net' })).toBe('bounces.example.net');
    expect(sendingDomainOf({ from: 'not a domain!' })).toBe('unknown');
    expect(domainOfValue('x@y')).toBe('y');
  });
  it('names the big providers, other for the rest', () => {
    expect(providerOf('hotmail.fr')).toBe('microsoft');
    expect(providerOf('gmail.com')).toBe('gmail');
    expect(providerOf('example.com')).toBe('other');
    expect(providerOf('yahoo')).toBe('other');
  });
});

describe('ratesOf', () => {
  it('flags against the thresholds only above the minimum volume', () => {
    expect(ratesOf({ delivered: 2, hard: 1, soft: 0, complaints: 1 }).flags).toEqual([]);
    const r = ratesOf({ delivered: 9_800, hard: 200, soft: 5, complaints: 12 });
    expect(r.bouncePct).toBeCloseTo(2);
    expect(r.complaintPct).toBeCloseTo(0.1224, 3);
    expect(r.flags).toEqual(['bounce-warn', 'complaint-warn']);
    expect(ratesOf({ delivered: 1_000, hard: 60, soft: 0, complaints: 3 }).flags).toEqual([
      'bounce-critical',
      'complaint-critical',
    ]);
    expect(ratesOf({ delivered: 0, hard: 0, soft: 0, complaints: 0 })).toMatchObject({
      bouncePct: null,
      complaintPct: null,
    });
  });
});
