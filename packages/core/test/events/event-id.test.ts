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

  // Ids are persisted keys: these exact values must survive any change to how they are computed.
  it.each([
    ['a full bounce', base, '33a3ed9875afe0d33ff34e8ee52c4ec162461349a5e264744067e301aea44438'],
    [
      'all nullable fields null',
      {
        vendor: 'sendgrid',
        messageId: null,
        recipient: null,
        kind: 'ignored',
        timestamp: null,
        replyText: null,
        replyCode: null,
      },
      'f4f6e71f688a7f91b0611b6193c5e860c7c66caa94a69b1bc58bbaeaca571b89',
    ],
    [
      'non-ASCII text and escapes',
      {
        ...base,
        vendor: 'postmark',
        recipient: 'jürgen@xn--bcher-kva.example',
        replyText: 'Empfänger unbekannt — “quoted” \\ "x" \n\t ドメイン 😀',
      },
      'c0cb86dd9d9c05cfd4408179e703a54e0db05eb415728723185e1b7e0131d6d0',
    ],
    [
      'a lone surrogate',
      { ...base, replyText: 'lone \ud800 surrogate' },
      'fc32b58d47e0921790e6a55d26705a03af5453d72d02bf5208b28bd50a3aef97',
    ],
  ] as const)('keeps the persisted id for %s', (_label, input, id) => {
    expect(eventId(input as EventIdInput)).toBe(id);
  });
});
