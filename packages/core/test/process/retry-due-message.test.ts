/** parseRetryDueMessage: what retryDueOf writes reads back; every wrong field is named. */
import { describe, expect, it } from 'vitest';
import { RetryDueMessageError } from '../../src/errors.ts';
import { parseRetryDueMessage } from '../../src/process/retry-due-message.ts';
import { retryDueOf } from '../../src/process/worker.ts';

const valid = {
  schema: 'rebound.retry-due',
  version: 1,
  retryId: 'e1#2',
  recipient: 'jane@example.com',
  messageId: 'm-1',
  vendor: 'sendgrid',
  metadata: { tenant_id: 'acme' },
  attempt: 2,
  dueAt: '2026-11-28T12:05:00.000Z',
  reason: 'rate-limited',
  lastReply: { code: 421, enhanced: '4.7.0', text: 'Try again later' },
  firstFailureAt: '2026-11-28T12:00:00.000Z',
  emittedAt: '2026-11-28T12:05:01.000Z',
};

describe('parseRetryDueMessage', () => {
  it('reads every vendor a Rebound may send, a newer one included (never poison for its id)', () => {
    for (const vendor of ['mailgun', 'resend', 'mail', 'generic', 'acme-mail']) {
      expect(parseRetryDueMessage(JSON.stringify({ ...valid, vendor })).vendor).toBe(vendor);
    }
  });

  it('reads the README example and what retryDueOf emits', () => {
    expect(parseRetryDueMessage(JSON.stringify(valid))).toEqual(valid);
    const emitted = retryDueOf(
      {
        schema: 'rebound.retry',
        version: 1,
        eventId: 'e1',
        scheduledAt: valid.firstFailureAt,
        retryId: 'e1#1',
        recipient: 'jane@example.com',
        messageId: null,
        vendor: 'ses',
        metadata: {},
        attempt: 1,
        dueAt: valid.dueAt,
        reason: 'mailbox-full',
        lastReply: null,
      },
      { firstFailureAt: valid.firstFailureAt } as never,
      new Date(valid.emittedAt),
    );
    expect(parseRetryDueMessage(JSON.stringify(emitted))).toEqual(emitted);
  });

  it('drops unknown fields and keeps a reason it does not know', () => {
    const out = parseRetryDueMessage(JSON.stringify({ ...valid, extra: 1, reason: 'new-reason' }));
    expect(out).not.toHaveProperty('extra');
    expect(out.reason).toBe('new-reason');
  });

  it.each([
    ['body', 'not json'],
    ['body', '[1]'],
    ['body', 'null'],
    ['schema', { ...valid, schema: 'rebound.retry' }],
    ['version', { ...valid, version: 2 }],
    ['version', { ...valid, version: '1' }],
    ['retryId', { ...valid, retryId: '' }],
    ['recipient', { ...valid, recipient: 7 }],
    ['messageId', { ...valid, messageId: undefined }],
    ['vendor', { ...valid, vendor: 'Acme Mail' }],
    ['vendor', { ...valid, vendor: 7 }],
    ['metadata', { ...valid, metadata: [] }],
    ['metadata.n', { ...valid, metadata: { n: 1 } }],
    ['attempt', { ...valid, attempt: 0 }],
    ['attempt', { ...valid, attempt: 1.5 }],
    ['dueAt', { ...valid, dueAt: 'tomorrow' }],
    ['dueAt', { ...valid, dueAt: '2026-13-45T99:00:00Z' }],
    ['reason', { ...valid, reason: null }],
    ['lastReply', { ...valid, lastReply: 'x' }],
    ['lastReply.code', { ...valid, lastReply: { ...valid.lastReply, code: '421' } }],
    ['lastReply.enhanced', { ...valid, lastReply: { ...valid.lastReply, enhanced: 4 } }],
    ['lastReply.text', { ...valid, lastReply: { code: null, enhanced: null } }],
    ['firstFailureAt', { ...valid, firstFailureAt: undefined }],
    ['emittedAt', { ...valid, emittedAt: 1764331501 }],
  ])('names %s when it is wrong', (field, input) => {
    const body = typeof input === 'string' ? input : JSON.stringify(input);
    let caught: unknown;
    try {
      parseRetryDueMessage(body);
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(RetryDueMessageError);
    expect((caught as RetryDueMessageError).field).toBe(field);
    expect((caught as Error).message).toMatch(/^retry-due message: /);
    if (field !== 'body') expect((caught as Error).message).toContain(`"${field}"`);
  });
});
