/** eventId: content-derived, so duplicates collapse and different events stay apart. */
import { describe, expect, it } from 'vitest';
import { type EventIdInput, eventId } from '../../src/events/event-id.ts';

const base: EventIdInput = {
  vendor: 'ses',
  messageId: 'm-1',
  recipient: 'jane@example.com',
  kind: 'bounce',
  vendorType: 'Bounce/Permanent/General',
  timestamp: '2016-01-27T14:59:38.237Z',
  replyText: 'user unknown',
  replyCode: 550,
};

describe('eventId', () => {
  it('is a stable hex sha256 of the content', () => {
    expect(eventId(base)).toMatch(/^[0-9a-f]{64}$/);
    expect(eventId({ ...base })).toBe(eventId(base));
  });

  it.each([
    ['vendor', { vendor: 'sendgrid' }],
    ['messageId', { messageId: 'm-2' }],
    ['recipient', { recipient: 'mary@example.com' }],
    ['kind', { kind: 'deferral' }],
    ['vendorType', { vendorType: 'Bounce/Transient/General' }],
    ['timestamp', { timestamp: '2016-01-27T14:59:38.238Z' }],
    ['reply text', { replyText: 'user unknown!' }],
    ['reply code', { replyCode: 551 }],
    ['null vs empty recipient', { recipient: null }],
  ] as const)('changes with %s', (_label, change) => {
    expect(eventId({ ...base, ...change } as EventIdInput)).not.toBe(eventId(base));
  });

  it('does not confuse field boundaries (canonical array, not concatenation)', () => {
    const a = eventId({ ...base, messageId: 'ab', recipient: 'c@d.e' });
    const b = eventId({ ...base, messageId: 'a', recipient: 'bc@d.e' });
    expect(a).not.toBe(b);
  });
});
