/**
 * The benchmark corpus: realistic webhook bodies built from the project's payload fixtures by
 * varying recipients, codes and texts (real diagnostics from the dev set).
 */
import { readFileSync } from 'node:fs';
import type { Vendor } from '@rebound/core';

const FIXTURES = new URL('../test/fixtures/', import.meta.url);
const read = (name: string): unknown =>
  JSON.parse(readFileSync(new URL(`payloads/${name}`, FIXTURES), 'utf8'));

/** Real diagnostics (dev set) used as reply texts. */
export const DIAGNOSTICS: readonly string[] = readFileSync(
  new URL('diagnostics/dev-diagnostics.jsonl', FIXTURES),
  'utf8',
)
  .trim()
  .split('\n')
  .map((l) => (JSON.parse(l) as { diagnostic: string }).diagnostic);

/** One webhook body and the number of events it carries. */
export interface Body {
  vendor: Vendor;
  body: string;
  events: number;
}

let seq = 0;
const rcpt = () => `user${(seq++).toString(36)}@example${seq % 97}.com`;
// Separate counters for templates and texts, so neither moves in step with the other or with
// recipients: every template and every diagnostic gets its share.
const counters = { template: 0, text: 0 };
const pickTemplate = <T>(xs: readonly T[]): T => xs[counters.template++ % xs.length] as T;
const pick = <T>(xs: readonly T[]): T => xs[counters.text++ % xs.length] as T;

const SG_TEMPLATES = (read('sendgrid-batch-mixed.json') as Record<string, unknown>[]).concat(
  read('sendgrid-bounce-blocked.json') as Record<string, unknown>[],
  read('sendgrid-deferred-smtp-response.json') as Record<string, unknown>[],
);

/** A SendGrid batch as SendGrid posts it: a JSON array with CRLF after each event. */
function sendgridBody(n: number): Body {
  const events = Array.from({ length: n }, () => {
    const e: Record<string, unknown> = {
      ...pickTemplate(SG_TEMPLATES),
      email: rcpt(),
      sg_event_id: `ev${seq}`,
      timestamp: 1764300000 + seq,
    };
    if (e.event === 'delivered') e.response = `250 2.0.0 OK ${seq} - gsmtp`;
    else if ('response' in e) e.response = pick(DIAGNOSTICS);
    if ('reason' in e) e.reason = pick(DIAGNOSTICS);
    return JSON.stringify(e);
  });
  return { vendor: 'sendgrid', body: `[${events.join(',\r\n')}\r\n]\r\n`, events: n };
}

const PM_TEMPLATES = [
  'postmark-bounce-hardbounce.json',
  'postmark-bounce-softbounce.json',
  'postmark-bounce-transient.json',
  'postmark-spamcomplaint-docs.json',
  'postmark-delivery-basic.json',
].map((f) => read(f) as Record<string, unknown>);

function postmarkBody(): Body {
  const e: Record<string, unknown> = {
    ...pickTemplate(PM_TEMPLATES),
    ID: seq,
    MessageID: `m-${seq}`,
  };
  if ('Email' in e) e.Email = rcpt();
  if ('Recipient' in e) e.Recipient = rcpt();
  if (e.RecordType === 'Bounce') e.Details = `smtp;${pick(DIAGNOSTICS)}`;
  return { vendor: 'postmark', body: JSON.stringify(e), events: 1 };
}

const SES_BOUNCE = read('ses-notification-bounce-permanent-general-sns.json') as Record<
  string,
  unknown
>;

/** An SNS envelope around an SES bounce for 1–3 recipients (the HTTPS subscription's body). */
function sesBody(): Body {
  const doc = JSON.parse(String(SES_BOUNCE.Message)) as {
    bounce: Record<string, unknown>;
    mail: Record<string, unknown>;
  };
  const n = 1 + (seq % 3);
  doc.bounce.bouncedRecipients = Array.from({ length: n }, () => ({
    emailAddress: rcpt(),
    action: 'failed',
    status: '5.1.1',
    diagnosticCode: `smtp; ${pick(DIAGNOSTICS)}`,
  }));
  doc.mail.messageId = `ses-${seq}`;
  return {
    vendor: 'ses',
    body: JSON.stringify({ ...SES_BOUNCE, MessageId: `sns-${seq}`, Message: JSON.stringify(doc) }),
    events: n,
  };
}

/** A mixed corpus of at least `minEvents` events: 70 % SendGrid (batches of 100), 15 % Postmark, 15 % SES. */
export function buildCorpus(minEvents: number): Body[] {
  const out: Body[] = [];
  const events: Record<Vendor, number> = {
    sendgrid: 0,
    postmark: 0,
    ses: 0,
    mailgun: 0,
    resend: 0,
    generic: 0,
    mail: 0,
  };
  let total = 0;
  while (total < minEvents) {
    // The vendor furthest behind its share goes next.
    const b =
      (events.sendgrid ?? 0) <= 0.7 * total
        ? sendgridBody(100)
        : (events.postmark ?? 0) <= (events.ses ?? 0)
          ? postmarkBody()
          : sesBody();
    out.push(b);
    events[b.vendor] = (events[b.vendor] ?? 0) + b.events;
    total += b.events;
  }
  return out;
}

/** A realistic SendGrid batch: mostly processed/delivered, a few bounces, blocks and deferrals. */
export function realisticSendgridBatch(n: number, tag = 'person', timestamp = 1764300000): string {
  const mix = [
    'processed',
    'delivered',
    'processed',
    'delivered',
    'open',
    'delivered',
    'processed',
    'click',
    'delivered',
    'processed',
  ];
  const bodies: string[] = [];
  for (let i = 0; i < n; i++) {
    const email = `${tag}${i}@example${i % 13}.org`;
    const base = {
      email,
      timestamp: timestamp + i,
      sg_event_id: `${tag}-${i}`,
      sg_message_id: `${tag}${i}.filter`,
      tenant: 'acme',
    };
    let e: Record<string, unknown>;
    if (i % 20 === 3)
      e = {
        ...base,
        event: 'bounce',
        type: 'bounce',
        status: '5.1.1',
        reason: '550 5.1.1 The email account that you tried to reach does not exist.',
      };
    else if (i % 20 === 7)
      e = {
        ...base,
        event: 'bounce',
        type: 'blocked',
        status: '4.7.0',
        reason: '421 4.7.0 Try again later',
      };
    else if (i % 20 === 11)
      e = {
        ...base,
        event: 'deferred',
        response: '451 4.3.0 Mail server temporarily rejected message',
        attempt: '1',
      };
    else if (i % 50 === 13) e = { ...base, event: 'spamreport' };
    else if (i % 50 === 17) e = { ...base, event: 'unsubscribe' };
    else e = { ...base, event: mix[i % mix.length] };
    bodies.push(JSON.stringify(e));
  }
  return `[${bodies.join(',\r\n')}\r\n]\r\n`;
}
