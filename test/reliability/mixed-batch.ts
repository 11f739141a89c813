/**
 * A mixed delivery for the reliability tests: one SendGrid batch of every event family plus
 * Postmark and SES notifications, on recipients disjoint across requests, and how to post it.
 */
import { planEvent } from '@rebound/core';
import { payload, type Rig } from '../aws/e2e.ts';

/** One vendor request of a delivery. */
export interface VendorRequest {
  vendor: 'sendgrid' | 'postmark' | 'ses';
  body: Buffer;
  /** SNS MessageId (SES only): distinct per notification. */
  msgId?: string;
}

/**
 * `n` SendGrid events, three per recipient: hard bounces, blocks (Rebound schedules a retry),
 * spam reports, unsubscribes, group unsubscribes, drops, deferrals, deliveries, opens.
 */
export function mixedSendgridEvents(n: number, tag: string, ts: number): object[] {
  const kinds = [
    { event: 'bounce', type: 'bounce', status: '5.1.1', reason: '550 5.1.1 user unknown' },
    { event: 'bounce', type: 'blocked', status: '4.7.0', reason: '421 4.7.0 Try again later' },
    { event: 'spamreport' },
    { event: 'unsubscribe' },
    { event: 'group_unsubscribe', asm_group_id: 7 },
    { event: 'dropped', reason: 'Bounced Address' },
    { event: 'deferred', response: '451 4.3.0 try later', attempt: '2' },
    { event: 'delivered', response: '250 OK' },
    { event: 'bounce', type: 'blocked', status: '4.2.2', reason: '452 4.2.2 Mailbox full' },
    { event: 'open' },
  ];
  // Three consecutive events per recipient: every mix of neighbouring kinds occurs.
  return Array.from({ length: n }, (_, i) => ({
    email: `${tag}${Math.floor(i / 3)}@example.com`,
    timestamp: ts + i,
    sg_event_id: `${tag}-ev-${i}`,
    sg_message_id: `${tag}-msg-${i}`,
    tenant: 't1',
    ...kinds[i % kinds.length],
  }));
}

/** The events as SendGrid posts them (CRLF-separated JSON array). */
export function sendgridBody(events: object[]): Buffer {
  return Buffer.from(`[${events.map((e) => JSON.stringify(e)).join(',\r\n')}]\r\n`);
}

const POSTMARK = [
  'postmark-bounce-hardbounce.json',
  'postmark-bounce-softbounce.json',
  'postmark-bounce-transient.json',
  'postmark-bounce-blocked.json',
  'postmark-delivery-basic.json',
  'postmark-subscriptionchange-unsubscribe.json',
];
const SES = [
  'ses-notification-bounce-permanent-general-simulator.json',
  'ses-notification-bounce-transient-mailboxfull.json',
  'ses-notification-complaint-abuse-feedback.json',
  'ses-notification-complaint-abuse-simulator.json',
  'ses-notification-delivery-simulator.json',
  'ses-notification-bounce-transient-general-ooto.json',
  'ses-notification-bounce-permanent-general-suppressionlist-simulator.json',
];

/** The whole mixed delivery: one SendGrid batch of `n` events, 6 Postmark, 7 SES requests. */
export function mixedDelivery(n: number, tag: string): VendorRequest[] {
  const ts = Math.floor(Date.now() / 1000) - 3600;
  return [
    { vendor: 'sendgrid', body: sendgridBody(mixedSendgridEvents(n, tag, ts)) },
    ...POSTMARK.map((f) => ({ vendor: 'postmark' as const, body: payload(f) })),
    ...SES.map((f, i) => ({
      vendor: 'ses' as const,
      body: payload(f),
      msgId: `5e5e5e5e-0000-4000-8000-${String(i).padStart(12, '0')}`,
    })),
  ];
}

/** Event ids whose plan is a soft bounce (each must yield exactly one retry message). */
export async function retryEventIds(rig: Rig, delivery: VendorRequest[]): Promise<string[]> {
  return (await Promise.all(delivery.map((r) => rig.parse(r.vendor, r.body))))
    .flat()
    .filter((e) => planEvent(e).type === 'soft-bounce')
    .map((e) => e.id);
}

/** Posts every request of a delivery in order; returns the status codes. */
export async function deliver(rig: Rig, delivery: VendorRequest[]): Promise<number[]> {
  const out: number[] = [];
  for (const r of delivery) out.push((await rig.post(r.vendor, r.body, r.msgId)).statusCode);
  return out;
}
