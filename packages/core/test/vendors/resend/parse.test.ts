/**
 * Resend parsing beyond the fixture table: the bounce type/subtype table and the 2023 message-only
 * shape, the recipient (one address in `to`, none when Resend lists several), tags in both shapes,
 * suppression events as echoes, unknown types ignored.
 */
import { describe, expect, it } from 'vitest';
import { PayloadError } from '../../../src/errors.ts';
import { parse } from '../../../src/vendors/resend/parse.ts';

const one = (type: string, data: Record<string, unknown> = {}) => {
  const events = parse(
    JSON.stringify({
      type,
      created_at: '2026-08-23T10:00:00.000Z',
      data: { to: ['r@example.com'], ...data },
    }),
  );
  expect(events).toHaveLength(1);
  return events[0]!;
};

describe('Resend parse', () => {
  it.each([
    ['Permanent', 'NoEmail', undefined, 'suppress'],
    ['Permanent', 'General', 'smtp; 550 5.7.1 Message rejected by policy', 'investigate'],
    ['Transient', 'General', undefined, 'retry'],
    ['Temporary', 'General', undefined, 'retry'],
    ['Transient', 'MessageTooLarge', undefined, 'fix-message'],
    ['Transient', 'ContentRejected', undefined, 'fix-message'],
    ['Undetermined', 'Undetermined', undefined, 'investigate'],
    ['Permanent', 'SomethingNew', 'smtp; 550 5.1.1 user unknown', 'suppress'],
  ])('bounce %s/%s (%s) → %s', (type, subType, diagnostic, action) => {
    const bounce = { type, subType, ...(diagnostic ? { diagnosticCode: [diagnostic] } : {}) };
    expect(one('email.bounced', { bounce }).verdict?.action).toBe(action);
  });

  it("Resend's own message is never read as the remote reply", () => {
    const e = one('email.bounced', {
      bounce: {
        type: 'Transient',
        subType: 'General',
        message: 'User unknown, mailbox does not exist',
      },
    });
    expect(e.reply?.parts.text).toBe('inferred');
    expect(e.verdict?.action).toBe('retry');
  });

  it('a message-only bounce that matches no known text: undetermined, never a suppression', () => {
    const e = one('email.bounced', { bounce: { message: 'Something happened.' } });
    expect(e.kind).toBe('bounce');
    expect(e.verdict?.action).not.toBe('suppress');
  });

  it('several addresses in `to`: nobody is named, nobody suppressed', () => {
    const e = one('email.complained', { to: ['a@example.com', 'b@example.com'] });
    expect(e.recipient).toBeNull();
    expect(e.hints.labels).toContain('resend:recipients:2');
  });

  it('tags as an object or as a name/value list; non-string values dropped', () => {
    expect(one('email.delivered', { tags: { stream: 'marketing', n: 1 } }).metadata).toEqual({
      stream: 'marketing',
    });
    expect(
      one('email.delivered', { tags: [{ name: 'stream', value: 'news' }, { name: 'x' }] }).metadata,
    ).toEqual({ stream: 'news' });
  });

  it.each([
    ['complaint', 'complaint'],
    ['manual', 'vendor-suppressed'],
  ])('suppression.added by %s is an echo (%s)', (origin, reason) => {
    const e = one('suppression.added', { email: 'x@example.com', origin });
    expect(e).toMatchObject({ recipient: 'x@example.com', echo: true, kind: 'dropped' });
    expect(e.verdict?.reason).toBe(reason);
  });

  it.each([
    'email.sent',
    'email.opened',
    'email.clicked',
    'suppression.removed',
    'contact.updated',
    'domain.created',
    'email.delivered_delayed',
  ])('%s is acknowledged and ignored', (type) => {
    const e = one(type, { email: 'x@example.com' });
    expect(e.kind).toBe('ignored');
    expect(e.verdict).toBeNull();
  });

  it('email.failed for an unknown reason is never a suppression', () => {
    const e = one('email.failed', { failed: { reason: 'invalid_from_address' } });
    expect(e.kind).toBe('reject');
    expect(e.verdict?.action).not.toBe('suppress');
  });

  it('a body without a type is a PayloadError', () => {
    expect(() => parse('{"data":{}}')).toThrow(PayloadError);
    expect(() => parse('not json')).toThrow(PayloadError);
  });
});
