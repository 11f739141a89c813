/** Classifier behaviour beyond single rows: text beats codes, hints inform, retries get plans. */
import { describe, expect, it } from 'vitest';
import { classify } from '../../src/classify/classify.ts';
import { parseReply } from '../../src/smtp/reply.ts';

const verdict = (text: string, hints = {}) => classify(parseReply(text), hints);

describe('Function: classify', () => {
  it.each([
    ['552 5.2.2 mailbox full', 'retry', 'mailbox-full'],
    ['550 5.7.1 Service unavailable, client host blocked', 'investigate', 'blocklisted'],
    ['550 5.1.1 user unknown', 'suppress', 'user-unknown'],
    ['552 Message size exceeds fixed limit', 'fix-message', 'message-too-large'],
    ['535 5.7.8 Authentication credentials invalid', 'fix-config', 'auth-failed'],
    ['421 4.7.0 Too many connections', 'retry', 'rate-limited'],
    ['554 Transaction failed', 'investigate', 'undetermined'],
  ])('follows the policy brief: %s → %s', (text, action, reason) => {
    expect(verdict(text)).toMatchObject({ action, reason });
  });

  it('lets a clear SMTP reply win over the vendor hint', () => {
    const hints = {
      kind: 'bounce' as const,
      permanence: 'permanent' as const,
      reason: 'user-unknown' as const,
    };
    expect(verdict('552 5.2.2 Mailbox full', hints)).toMatchObject({
      action: 'retry',
      reason: 'mailbox-full',
    });
  });

  it('uses the vendor hint when the reply says nothing', () => {
    const hints = {
      kind: 'bounce' as const,
      permanence: 'permanent' as const,
      reason: 'user-unknown' as const,
    };
    expect(verdict('Test bounce details', hints)).toMatchObject({
      action: 'suppress',
      rule: 'vendor-hard-bounce',
    });
    expect(classify(null, { kind: 'bounce', permanence: 'transient' })).toMatchObject({
      action: 'retry',
      rule: 'vendor-transient',
    });
  });

  it('never suppresses a policy block, whatever the basic code says', () => {
    for (const text of [
      '550 5.7.1 blocked using zen.spamhaus.org',
      '550 Access denied - Invalid HELO name',
      "553 5.7.1 [BL21] Connections will not be accepted from 192.0.2.1, because the ip is in Spamhaus's list",
      '550 5.7.606 Access denied, banned sending IP [192.0.2.1]',
    ]) {
      expect(verdict(text).action, text).not.toBe('suppress');
    }
  });

  it('retries every 4xx, even with wordings that would suppress as a 5xx', () => {
    expect(
      verdict(
        '450 4.1.1 <a@example.org>: Recipient address rejected: User unknown in local recipient table',
      ),
    ).toMatchObject({ action: 'retry', reason: 'user-unknown', rule: 'user-unknown' });
  });

  it('gives a retry plan only to retries, following the schedule table', () => {
    expect(verdict('421 4.3.2 Service shutting down').retry).toMatchObject({
      delays_s: [60, 300, 900, 3600, 14400],
      window_s: 172800,
    });
    expect(verdict('451 4.3.0 Local error').retry?.delays_s).toEqual([300, 1800, 7200]);
    expect(verdict('452 4.3.1 Insufficient system storage').retry?.delays_s).toEqual([
      3600, 21600, 86400,
    ]);
    expect(verdict('550 5.1.1 user unknown').retry).toBeNull();
  });

  it('honours a "try again in N minutes" hint in the text', () => {
    expect(
      verdict('421 4.7.0 Too many connections, try again in 10 minutes').retry?.delays_s[0],
    ).toBe(600);
    expect(verdict('450 4.2.1 Rate limited. Retry in 30 seconds').retry?.delays_s[0]).toBe(30);
  });

  it('reads the part of a transcript that belongs to the chosen reply', () => {
    expect(
      verdict('450 busy - please try later 551 not our customer 503 need RCPT command'),
    ).toMatchObject({ action: 'suppress' });
  });

  it('classifies complaints and unsubscribes without any reply', () => {
    expect(classify(null, { kind: 'complaint' })).toMatchObject({
      action: 'suppress',
      reason: 'complaint',
    });
    expect(classify(null, { kind: 'unsubscribe' })).toMatchObject({
      action: 'suppress',
      reason: 'unsubscribed',
    });
    expect(classify(null)).toMatchObject({ action: 'investigate', rule: 'fallback' });
  });
});
