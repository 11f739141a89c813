/**
 * Mailgun parsing beyond the fixture table: the event/severity/reason table, pseudo-codes never
 * read as SMTP codes, `delivery-status: null`, the shapes `user-variables` takes, tags as
 * metadata (so streams work), and the Message-ID without angle brackets.
 */
import { describe, expect, it } from 'vitest';
import { PayloadError } from '../../../src/errors.ts';
import { scopeOf } from '../../../src/process/streams.ts';
import { parse } from '../../../src/vendors/mailgun/parse.ts';

const body = (data: Record<string, unknown>) =>
  JSON.stringify({ signature: {}, 'event-data': { recipient: 'r@example.com', ...data } });
const one = (data: Record<string, unknown>) => {
  const events = parse(body(data));
  expect(events).toHaveLength(1);
  return events[0]!;
};

describe('Mailgun parse: events', () => {
  it.each([
    [{ event: 'accepted' }, 'ignored', null],
    [{ event: 'opened' }, 'ignored', null],
    [{ event: 'clicked' }, 'ignored', null],
    [{ event: 'stored' }, 'ignored', null],
    [{ event: 'list_member_uploaded' }, 'ignored', null],
    [{ event: 'complained' }, 'complaint', 'suppress'],
    [{ event: 'unsubscribed' }, 'unsubscribe', 'suppress'],
    [{ event: 'failed', severity: 'temporary', reason: 'generic' }, 'deferral', 'retry'],
    // An ESP block of our traffic: a policy block (PolicyBlocks), while Mailgun retries.
    [{ event: 'failed', severity: 'temporary', reason: 'espblock' }, 'deferral', 'investigate'],
    [
      {
        event: 'failed',
        severity: 'permanent',
        reason: 'espblock',
        'delivery-status': { code: 554, message: 'Blocked' },
      },
      'block',
      'investigate',
    ],
    [{ event: 'failed', severity: 'permanent', reason: 'hardfail' }, 'dropped', 'suppress'],
  ] as const)('%j → %s / %s', (data, kind, action) => {
    const e = one(data);
    expect(e.kind).toBe(kind);
    expect(e.verdict?.action ?? null).toBe(action);
  });

  it('a permanent failure with reason generic and a bare 550 is no evidence: never suppress', () => {
    const e = one({
      event: 'failed',
      severity: 'permanent',
      reason: 'generic',
      'delivery-status': { code: 550, message: '' },
    });
    expect(e.kind).toBe('bounce');
    expect(e.verdict?.action).not.toBe('suppress');
  });

  it('reason old (Mailgun gave up) with no reply: retry under our schedule, never suppress', () => {
    const e = one({
      event: 'failed',
      severity: 'permanent',
      reason: 'old',
      'delivery-status': null,
    });
    expect(e.verdict?.action).toBe('retry');
    expect(e.reply?.parts).toMatchObject({ code: 'inferred', enhanced: 'inferred' });
  });

  it.each([498, 499, 605, 606, 607, 625])('pseudo-code %i is never the reply code', (code) => {
    const e = one({
      event: 'failed',
      severity: 'permanent',
      reason: 'bounce',
      'delivery-status': { code, message: '', description: 'Mailgun prose' },
    });
    expect(e.reply?.parts.code).not.toBe('vendor-field');
    expect(e.hints.labels).toContain(`mailgun:code:${code}`);
  });

  it('suppress-* echoes: echo, never new evidence, whatever severity says', () => {
    for (const reason of ['suppress-bounce', 'suppress-complaint', 'suppress-unsubscribe']) {
      const e = one({ event: 'failed', severity: 'permanent', reason });
      expect(e.echo).toBe(true);
      expect(e.kind).toBe('dropped');
    }
  });

  it('delivery-status null (anymail #361) is no reply, not an error', () => {
    const e = one({
      event: 'failed',
      severity: 'temporary',
      reason: 'generic',
      'delivery-status': null,
    });
    expect(e.kind).toBe('deferral');
    expect(e.reply?.parts.text).toBeNull();
  });

  it('bounce-code of a delayed bounce is the enhanced code when enhanced-code is empty', () => {
    const e = one({
      event: 'failed',
      severity: 'permanent',
      reason: 'generic',
      'delivery-status': { code: 550, 'enhanced-code': '', 'bounce-code': '5.1.1', message: '' },
    });
    expect(e.reply).toMatchObject({ code: 550, enhanced: '5.1.1' });
    expect(e.verdict?.action).toBe('suppress');
  });

  it('a body without event-data is a PayloadError', () => {
    expect(() => parse('{"signature":{}}')).toThrow(PayloadError);
    expect(() => parse('[]')).toThrow(PayloadError);
  });
});

describe('Mailgun parse: metadata and ids', () => {
  it.each([
    [
      { tenant: 't1', n: 42, ok: true, nested: { a: 1 }, none: null },
      { tenant: 't1', n: '42', ok: 'true' },
    ],
    [[], {}],
    ['Could not load user-variables. They were either truncated or invalid JSON', {}],
  ])('user-variables %j → %j', (vars, expected) => {
    expect(one({ event: 'delivered', 'user-variables': vars }).metadata).toEqual(expected);
  });

  it('tags: `tags` and `tag` (the first), a user variable of the same name wins', () => {
    expect(one({ event: 'delivered', tags: ['news', 'weekly'] }).metadata).toEqual({
      tags: 'news,weekly',
      tag: 'news',
    });
    expect(
      one({ event: 'delivered', tags: ['news'], 'user-variables': { tag: 'mine' } }).metadata,
    ).toEqual({ tag: 'mine', tags: 'news' });
  });

  it('a `stream` user variable puts a complaint on its stream', () => {
    const e = one({ event: 'complained', 'user-variables': { stream: 'marketing' } });
    const cfg = { names: ['marketing'], fields: ['stream'], map: {}, fallback: 'global' };
    expect(scopeOf(e, cfg)).toBe('marketing');
  });

  it('the Message-ID without angle brackets; the event id; the event time', () => {
    const e = one({
      event: 'delivered',
      id: 'ev-1',
      timestamp: 1534110422.389832,
      message: { headers: { 'message-id': '<abc@example.org>' } },
    });
    expect(e).toMatchObject({
      messageId: 'abc@example.org',
      vendorEventId: 'ev-1',
      occurredAt: '2018-08-12T21:47:02.389Z',
    });
  });
});
