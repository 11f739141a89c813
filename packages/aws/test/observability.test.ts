/** Address masking, the report → metric mapping, and the message schemas' key lists. */

import { eventBreakdown, maskEmail, metricsOf, RETRY_DUE_SCHEMA, RETRY_SCHEMA } from '@rebound/aws';
import { loadVendor } from '@rebound/core';
import { describe, expect, it } from 'vitest';

describe('maskEmail', () => {
  it.each([
    ['jane.doe@example.com', 'j***@example.com'],
    ['x@b.co', 'x***@b.co'],
    [null, '-'],
  ])('%s → %s', (email, masked) => {
    expect(maskEmail(email)).toBe(masked);
  });
  it('hashes what is not an address, never echoing it', () => {
    const m = maskEmail('not-an-address');
    expect(m).toMatch(/^#[0-9a-f]{12}$/);
    expect(m).not.toContain('address');
  });
});

describe('metricsOf', () => {
  it('maps outcomes to the contract metric names, zeros omitted', () => {
    const outcomes = {
      suppressed: 3,
      'retry-scheduled': 2,
      escalated: 1,
      'soft-cleared': 0,
      unsuppressed: 0,
      resend: 0,
      duplicate: 4,
      'in-flight': 0,
      'no-change': 0,
      ignored: 5,
      'config-error': 1,
      'policy-block': 2,
    };
    expect(metricsOf({ received: 18, outcomes })).toEqual({
      EventsReceived: 18,
      SuppressionsWritten: 4,
      RetriesScheduled: 2,
      RetriesEscalated: 1,
      ConfigErrors: 1,
      PolicyBlocks: 2,
      IgnoredEvents: 5,
      DuplicateEvents: 4,
    });
  });
});

describe('message schemas', () => {
  it('require every property they declare', () => {
    for (const s of [RETRY_SCHEMA, RETRY_DUE_SCHEMA]) {
      expect([...s.required].sort()).toEqual(Object.keys(s.properties).sort());
    }
  });
});

describe('eventBreakdown', () => {
  it('counts a batch by vendor, kind and action (the Events metric dimensions)', async () => {
    const body = JSON.stringify([
      {
        event: 'bounce',
        type: 'bounce',
        email: 'a@example.com',
        timestamp: 1,
        reason: '550 5.1.1 user unknown',
      },
      {
        event: 'bounce',
        type: 'bounce',
        email: 'b@example.com',
        timestamp: 2,
        reason: '550 5.1.1 user unknown',
      },
      { event: 'delivered', email: 'c@example.com', timestamp: 3, response: '250 OK' },
      { event: 'spamreport', email: 'd@example.com', timestamp: 4 },
    ]);
    const events = (await loadVendor('sendgrid')).parse(body);
    expect(eventBreakdown(events)).toEqual([
      { dimensions: { vendor: 'sendgrid', kind: 'bounce', action: 'suppress' }, count: 2 },
      { dimensions: { vendor: 'sendgrid', kind: 'delivery', action: 'none' }, count: 1 },
      { dimensions: { vendor: 'sendgrid', kind: 'complaint', action: 'suppress' }, count: 1 },
    ]);
  });
});
