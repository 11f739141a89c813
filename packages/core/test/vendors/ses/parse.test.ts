/** SES document edge cases: subtypes, both shapes collapsing to one id, per-recipient lists. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { PayloadError } from '../../../src/errors.ts';
import { parse, parseSesDocument } from '../../../src/vendors/ses/parse.ts';

const PAYLOADS = new URL('../../../../../test/fixtures/payloads/', import.meta.url);
const doc = (name: string) =>
  JSON.parse(readFileSync(new URL(name, PAYLOADS), 'utf8')) as Record<string, unknown>;

const bounce = (
  bounceType: string,
  bounceSubType: string,
  recipient: Record<string, unknown> = {},
) => ({
  notificationType: 'Bounce',
  mail: {
    messageId: 'm-1',
    timestamp: '2025-01-01T00:00:00.000Z',
    destination: ['a@example.com', 'b@example.com'],
  },
  bounce: {
    bounceType,
    bounceSubType,
    timestamp: '2025-01-01T00:00:01.000Z',
    feedbackId: 'f-1',
    bouncedRecipients: [{ emailAddress: 'a@example.com', ...recipient }],
  },
});

describe('SES parse', () => {
  it.each([
    ['Permanent', 'General', 'permanent', false],
    ['Permanent', 'NoEmail', 'permanent', false],
    ['Permanent', 'Suppressed', 'permanent', true],
    ['Permanent', 'OnAccountSuppressionList', 'permanent', true],
    ['Permanent', 'SomethingNew', 'permanent', false],
    ['Transient', 'General', 'transient', false],
    ['Transient', 'MailboxFull', 'transient', false],
    ['Transient', 'MessageTooLarge', 'transient', false],
    ['Transient', 'ContentRejected', 'transient', false],
    ['Transient', 'AttachmentRejected', 'transient', false],
    ['Transient', 'CustomTimeoutExceeded', 'transient', false],
    ['Transient', 'SomethingNew', 'transient', false],
    ['Undetermined', 'Undetermined', 'undetermined', false],
  ])('%s/%s → %s, echo %s', (type, sub, permanence, echo) => {
    const [e] = parseSesDocument(bounce(type, sub));
    expect([e?.kind, e?.hints.permanence, e?.echo]).toEqual(['bounce', permanence, echo]);
    expect(e?.hints.labels).toEqual([`ses:${type}/${sub}`]);
  });

  it('recipient status is passed as the enhanced code; diagnosticCode loses its smtp; prefix', () => {
    const [e] = parseSesDocument(
      bounce('Permanent', 'General', {
        status: '5.1.1',
        diagnosticCode: 'smtp; 550 5.1.1 user unknown',
      }),
    );
    expect(e?.reply).toMatchObject({ code: 550, enhanced: '5.1.1' });
    expect(e?.reply?.text.startsWith('smtp;')).toBe(false);
  });

  it('one event per bounced recipient, never per mail.destination', () => {
    const events = parseSesDocument(doc('ses-notification-bounce-permanent-nodsn.json'));
    expect(events.map((e) => e.recipient)).toEqual(['jane@example.com', 'richard@example.com']);
    expect(events.map((e) => e.vendorEventId)).toEqual([
      '00000137860315fd-869464a4-8680-4114-98d3-716fe35851f9-000000',
      '00000137860315fd-869464a4-8680-4114-98d3-716fe35851f9-000000',
    ]);
  });

  it('the identity-notification and configuration-set copies of one bounce get the same id', () => {
    const eventShape = doc('ses-event-bounce-permanent-general.json');
    const { eventType, ...rest } = eventShape;
    const identityShape = {
      notificationType: eventType,
      ...rest,
      mail: { ...(rest.mail as object), tags: undefined },
    };
    const [a] = parseSesDocument(eventShape, { snsMessageId: 'sns-1' });
    const [b] = parseSesDocument(identityShape, { snsMessageId: 'sns-2' });
    expect(a?.id).toBe(b?.id);
    expect(a?.metadata).not.toEqual(b?.metadata);
  });

  it('mail.tags become metadata with arrays joined by ","', () => {
    const d = doc('ses-event-delivery-basic.json');
    (d.mail as Record<string, unknown>).tags = { tenant: ['t1', 't2'], n: [1] };
    // mail.source rides along as `ses:source` (the rate counters' sending domain)
    expect(parseSesDocument(d)[0]?.metadata).toEqual({
      'ses:source': 'sender@example.com',
      tenant: 't1,t2',
      n: '',
    });
  });

  it('DeliveryDelay is a deferral with the delayType as reason hint', () => {
    const [e] = parseSesDocument(doc('ses-event-deliverydelay-mailboxfull.json'));
    expect([e?.kind, e?.hints.permanence, e?.hints.reason]).toEqual([
      'deferral',
      'transient',
      'mailbox-full',
    ]);
  });

  it('Subscription: opting back in is a resubscribe', () => {
    const d = doc('ses-event-subscription-unsubscribeheader.json');
    const s = d.subscription as Record<string, unknown>;
    d.subscription = {
      ...s,
      newTopicPreferences: s.oldTopicPreferences,
      oldTopicPreferences: { unsubscribeAll: true, topicSubscriptionStatus: [] },
    };
    expect(parseSesDocument(d)[0]?.kind).toBe('resubscribe');
  });

  it('Complaint with complaintSubType OnAccountSuppressionList is an echo', () => {
    const d = doc('ses-event-complaint-abuse.json');
    (d.complaint as Record<string, unknown>).complaintSubType = 'OnAccountSuppressionList';
    expect(parseSesDocument(d)[0]).toMatchObject({ kind: 'complaint', echo: true, reply: null });
  });

  it('a not-spam feedback report is not a complaint', () => {
    const d = doc('ses-notification-complaint-abuse-feedback.json');
    (d.complaint as Record<string, unknown>).complaintFeedbackType = 'not-spam';
    expect(parseSesDocument(d)[0]).toMatchObject({ kind: 'ignored', verdict: null });
  });

  it('an unknown event type is ignored, not an error', () => {
    expect(parseSesDocument({ eventType: 'FutureThing', mail: {} })[0]?.kind).toBe('ignored');
  });

  it('timestamps like "2018-10-08T14:05:45 +0000" parse', () => {
    const d = bounce('Permanent', 'General');
    d.bounce.timestamp = '2018-10-08T14:05:45 +0000';
    expect(parseSesDocument(d)[0]?.occurredAt).toBe('2018-10-08T14:05:45.000Z');
  });

  it.each([
    ['no type', { mail: {} }],
    ['a Bounce without a bounce object', { notificationType: 'Bounce', mail: {} }],
    ['a Bounce without bouncedRecipients', { notificationType: 'Bounce', mail: {}, bounce: {} }],
    ['an array', []],
  ])('%s is a PayloadError', (_label, json) => {
    expect(() => parseSesDocument(json)).toThrow(PayloadError);
  });

  it('the offline parser unwraps an SNS envelope and yields nothing for confirmations', () => {
    expect(
      parse(readFileSync(new URL('ses-notification-bounce-permanent-general-sns.json', PAYLOADS))),
    ).toHaveLength(1);
    expect(
      parse(readFileSync(new URL('sns-subscriptionconfirmation-signed.json', PAYLOADS))),
    ).toEqual([]);
  });
});
