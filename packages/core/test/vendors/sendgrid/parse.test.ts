/** SendGrid parser edge cases: event/type mapping, text sources, timestamps, custom args. */
import { describe, expect, it } from 'vitest';
import { PayloadError } from '../../../src/errors.ts';
import { parse } from '../../../src/vendors/sendgrid/parse.ts';

const one = (e: Record<string, unknown>) => {
  const events = parse(JSON.stringify([{ email: 'a@example.com', timestamp: 1735733000, ...e }]));
  expect(events).toHaveLength(1);
  return events[0]!;
};

describe('SendGrid parse', () => {
  it.each([
    [{ event: 'bounce', type: 'bounce' }, 'bounce', 'permanent'],
    [{ event: 'bounce', type: 'blocked' }, 'block', 'transient'],
    [{ event: 'bounce', type: 'expired' }, 'bounce', 'transient'],
    [{ event: 'bounce' }, 'bounce', 'permanent'],
    [{ event: 'deferred' }, 'deferral', 'transient'],
    [{ event: 'dropped', reason: 'Bounced Address' }, 'dropped', 'permanent'],
    [{ event: 'spamreport' }, 'complaint', 'permanent'],
    [{ event: 'unsubscribe' }, 'unsubscribe', 'permanent'],
    [{ event: 'group_unsubscribe' }, 'unsubscribe', 'permanent'],
    [{ event: 'group_resubscribe' }, 'resubscribe', undefined],
    [{ event: 'delivered' }, 'delivery', undefined],
    [{ event: 'processed' }, 'ignored', undefined],
    [{ event: 'open' }, 'ignored', undefined],
    [{ event: 'click' }, 'ignored', undefined],
    [{ event: 'account_status_change' }, 'ignored', undefined],
    [{}, 'ignored', undefined],
  ])('%j → %s (%s)', (fields, kind, permanence) => {
    const e = one(fields);
    expect(e.kind).toBe(kind);
    expect(e.hints.kind).toBe(kind);
    expect(e.hints.permanence).toBe(permanence);
    expect(e.verdict === null).toBe(['delivery', 'ignored', 'resubscribe'].includes(kind));
  });

  it('expired is a queue expiry, never a suppression on its own (policy.md): Rebound retries', () => {
    const e = one({ event: 'bounce', type: 'expired' });
    expect(e.hints.reason).toBe('expired');
    expect(e.verdict).toMatchObject({ action: 'retry', reason: 'expired' });
  });

  it.each([
    ['Bounced Address', true, 'vendor-suppressed'],
    ['Unsubscribed Address', true, 'unsubscribed'],
    ['Spam Reporting Address', true, 'complaint'],
    ['Invalid', false, 'invalid-address'],
    ['Spam Content (from the spam checker)', false, 'content-rejected'],
    ['Invalid SMTPAPI header', false, 'malformed-message'],
    ['Recipient List over Package Quota', false, 'sender-account'],
    ['Something new', false, 'undetermined'],
  ])('dropped "%s": echo %s, reason %s', (reason, echo, hint) => {
    const e = one({ event: 'dropped', reason });
    expect(e.echo).toBe(echo);
    expect(e.hints.reason).toBe(hint);
    expect(e.reply?.text).toBe(reason);
  });

  it('reads the deferral text from `response`, else from `reason`', () => {
    expect(one({ event: 'deferred', response: '421 try later' }).reply?.text).toContain(
      'try later',
    );
    expect(one({ event: 'deferred', reason: '421 busy' }).reply?.text).toContain('busy');
  });

  it('passes `status` as the known enhanced code and infers none when the text has a code', () => {
    const e = one({
      event: 'bounce',
      type: 'bounce',
      status: '5.1.1',
      reason: '550 5.1.1 no such user',
    });
    expect(e.reply).toMatchObject({ code: 550, enhanced: '5.1.1' });
    expect(e.reply?.parts.code).not.toBe('inferred');
  });

  it('a bounce without status or code keeps the text, with 550 5.0.0 inferred', () => {
    const e = one({ event: 'bounce', type: 'bounce', reason: 'mailbox unavailable' });
    expect(e.reply).toMatchObject({ code: 550, enhanced: '5.0.0' });
    expect(e.reply?.parts).toMatchObject({
      code: 'inferred',
      enhanced: 'inferred',
      text: 'vendor-field',
    });
  });

  it.each([
    [1735733000, '2025-01-01T12:03:20.000Z'],
    [1735733000123, '2025-01-01T12:03:20.123Z'],
    ['1735733000', '2025-01-01T12:03:20.000Z'],
  ])('timestamp %j → %s (seconds or milliseconds)', (timestamp, iso) => {
    expect(one({ event: 'delivered', timestamp }).occurredAt).toBe(iso);
  });

  it('keeps string custom args, drops SendGrid keys and non-strings', () => {
    const e = one({
      event: 'delivered',
      tenant_id: 't1',
      msg_ref: 'r1',
      count: 3,
      category: ['a'],
      'smtp-id': '<x>',
      sg_message_id: 'm',
    });
    expect(e.metadata).toEqual({ tenant_id: 't1', msg_ref: 'r1' });
    expect(e.messageId).toBe('m');
  });

  it('vendorEventId is sg_event_id, but the id ignores it (redeliveries collapse)', () => {
    const a = one({ event: 'bounce', sg_event_id: 'one', sg_message_id: 'm', reason: '550 x' });
    const b = one({ event: 'bounce', sg_event_id: 'two', sg_message_id: 'm', reason: '550 x' });
    expect(a.vendorEventId).toBe('one');
    expect(a.id).toBe(b.id);
  });

  it('the docs batch whose events share one sg_event_id still yields distinct ids per event type', () => {
    const events = parse(
      JSON.stringify(
        ['open', 'click', 'processed'].map((event) => ({
          event,
          email: 'a@b.c',
          timestamp: 1,
          sg_event_id: 'same',
        })),
      ),
    );
    expect(new Set(events.map((e) => e.id)).size).toBe(3);
  });

  it.each([
    ['an object', '{"event":"bounce"}'],
    ['an array with a non-object', '[{"event":"bounce"}, 3]'],
    ['not JSON', '[{'],
  ])('%s is a PayloadError', (_label, body) => {
    expect(() => parse(body)).toThrow(PayloadError);
  });

  it('an empty array yields no events', () => {
    expect(parse('[]')).toEqual([]);
  });
});
