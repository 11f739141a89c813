/** Address masking, the report → metric mapping, and the message schemas' key lists. */
import { describe, expect, it } from 'vitest';
import { maskEmail, metricsOf, RETRY_DUE_SCHEMA, RETRY_SCHEMA } from '../src/index.ts';

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
