/**
 * The generic parser as a fixture table: what the classifier decides from what a client sends
 * (never a suppress on the client's word alone), inferred parts marked, ids that dedupe
 * redeliveries, and refusals that name the field without repeating the value.
 */
import { describe, expect, it } from 'vitest';
import { PayloadError } from '../../../src/errors.ts';
import type { NormalizedEvent } from '../../../src/types.ts';
import { parse } from '../../../src/vendors/generic/parse.ts';

const base = { recipient: 'User@Example.com', kind: 'bounce', occurredAt: '2026-03-02T10:15:00Z' };
const one = (doc: object): NormalizedEvent => {
  const [e] = parse(JSON.stringify(doc));
  if (!e) throw new Error('no event');
  return e;
};

// biome-ignore format: one row per case
const VERDICTS: [string, object, string | null, string | null][] = [
  // [case, fields over `base`, action, rule]
  ['5.1.1 in a diagnostic suppresses', { reply: { diagnostic: 'smtp; 550 5.1.1 <user@example.com>: User unknown' } }, 'suppress', 'user-unknown'],
  ['the same in parts', { reply: { code: 550, enhanced: '5.1.1', text: 'User unknown' } }, 'suppress', 'user-unknown'],
  ["a bare 550 with the client's permanent: unproven", { reply: { code: 550, text: 'rejected' }, permanence: 'permanent' }, 'investigate', '5xx-unproven'],
  ["text without a code and the client's permanent: not a suppress", { reply: { text: 'something went wrong' }, permanence: 'permanent' }, 'investigate', 'fallback'],
  ["no reply and the client's permanent: not a suppress", { permanence: 'permanent' }, 'investigate', 'fallback'],
  ["the client's transient does not hide a 5.1.1 (the reply wins)", { reply: { diagnostic: '550 5.1.1 user unknown' }, permanence: 'transient' }, 'suppress', 'user-unknown'],
  ["the client's transient on a bare failure: retry", { reply: { text: 'no reason given' }, permanence: 'transient' }, 'retry', 'vendor-transient'],
  ['mailbox full in parts: retry', { reply: { code: 552, enhanced: '5.2.2', text: 'Mailbox full' } }, 'retry', 'mailbox-full'],
  ['auth failure: fix-config', { reply: { code: 535, enhanced: '5.7.8', text: 'Authentication credentials invalid' } }, 'fix-config', 'smtp-auth'],
  ['a block says block', { kind: 'block', reply: { diagnostic: '554 5.7.1 blocked using zen.spamhaus.org' } }, 'investigate', 'blocklisted'],
  ['a complaint suppresses', { kind: 'complaint' }, 'suppress', 'vendor-complaint'],
  ['an unsubscribe suppresses', { kind: 'unsubscribe' }, 'suppress', 'vendor-unsubscribe'],
  ['a delivery needs no verdict', { kind: 'delivery', reply: { code: 250 } }, null, null],
];

describe('generic parse: the classifier decides', () => {
  it.each(VERDICTS)('%s', (_name, fields, action, rule) => {
    const e = one({ ...base, ...fields });
    expect(e.vendor).toBe('generic');
    expect(e.verdict?.action ?? null).toBe(action);
    expect(e.verdict?.rule ?? null).toBe(rule);
  });

  it("the client's permanent is kept as evidence (a label), not as a hint", () => {
    const e = one({ ...base, permanence: 'permanent' });
    expect(e.hints.permanence).toBeUndefined();
    expect(e.hints.labels).toEqual(['generic:bounce', 'generic:permanence/permanent']);
  });

  it('a deferral without a code gets 450 4.0.0, marked inferred; given parts stay the vendor field', () => {
    const e = one({ ...base, kind: 'deferral', reply: { text: 'connection timed out' } });
    expect(e.reply).toMatchObject({
      code: 450,
      enhanced: '4.0.0',
      text: 'connection timed out',
      parts: { code: 'inferred', enhanced: 'inferred', text: 'vendor-field' },
    });
    const parts = one({ ...base, reply: { code: 550, enhanced: '5.1.1', text: 'x' } }).reply?.parts;
    expect(parts).toEqual({ code: 'vendor-field', enhanced: 'vendor-field', text: 'vendor-field' });
  });

  it('normalizes the recipient, keeps the metadata and the time', () => {
    const e = one({
      ...base,
      occurredAt: '2026-03-02T11:15:00+01:00',
      metadata: { stream: 'marketing' },
    });
    expect(e.recipient).toBe('user@example.com');
    expect(e.metadata).toEqual({ stream: 'marketing' });
    expect(e.occurredAt).toBe('2026-03-02T10:15:00.000Z');
  });
});

describe('generic parse: ids', () => {
  const reply = { diagnostic: '550 5.1.1 user unknown' };
  it('without eventId: the same content is the same id; another time is another event', () => {
    const a = one({ ...base, reply });
    expect(one({ ...base, reply }).id).toBe(a.id);
    expect(one({ ...base, reply, occurredAt: '2026-03-02T10:16:00Z' }).id).not.toBe(a.id);
  });
  it('with eventId: a redelivery rebuilt with other content is still the same event', () => {
    const a = one({ ...base, reply, eventId: 'log-1' });
    expect(a.vendorEventId).toBe('log-1');
    expect(
      one({
        ...base,
        reply: { diagnostic: '550 5.1.1 no such user' },
        eventId: 'log-1',
        occurredAt: '2026-03-02T10:15:01Z',
      }).id,
    ).toBe(a.id);
    expect(one({ ...base, reply, eventId: 'log-2' }).id).not.toBe(a.id);
    // one id per recipient of a batch that shares an event id
    expect(one({ ...base, reply, eventId: 'log-1', recipient: 'other@example.com' }).id).not.toBe(
      a.id,
    );
  });
  it('a batch gives one event per element, in order', () => {
    const events = parse(JSON.stringify([base, { ...base, recipient: 'b@example.com' }]));
    expect(events.map((e) => e.recipient)).toEqual(['user@example.com', 'b@example.com']);
  });
});

describe('generic parse: refusals', () => {
  it.each([
    ['not JSON', '{', 'generic: body is not JSON'],
    [
      'version 2',
      JSON.stringify({ ...base, version: 2 }),
      'generic: this server reads schema version 1 only',
    ],
    [
      'an action',
      JSON.stringify({ ...base, action: 'suppress' }),
      'generic: (body): unknown field "action" (version 1 allows no other)',
    ],
    [
      'a bad element of a batch',
      JSON.stringify([base, { ...base, kind: 'nope' }]),
      'generic: [1].kind:',
    ],
    [
      'a bad reply',
      JSON.stringify({ ...base, reply: { code: 550, diagnostic: 'x' } }),
      'generic: .reply: must be {diagnostic} or {code, enhanced, text}',
    ],
  ])('%s', (_name, body, message) => {
    expect(() => parse(body)).toThrow(PayloadError);
    expect(() => parse(body)).toThrow(message);
  });
  it('never repeats a value it refuses', () => {
    const secretish = 'do-not-log-me-4711';
    try {
      parse(
        JSON.stringify({ ...base, recipient: 5, kind: secretish, metadata: { [secretish]: 1 } }),
      );
    } catch (e) {
      expect((e as Error).message).not.toContain(secretish);
      return;
    }
    throw new Error('not refused');
  });
});
