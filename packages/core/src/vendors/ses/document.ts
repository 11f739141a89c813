/**
 * The SES document (identity notification `notificationType` or event publishing `eventType`):
 * one event per affected recipient, from bouncedRecipients / complainedRecipients /
 * delivery.recipients / delayedRecipients — never from mail.destination.
 */
import { PayloadError } from '../../errors.ts';
import type { NormalizedEvent, VendorHints } from '../../types.ts';
import { asRecord, buildEvent, type EventDraft, str, vendorHints } from '../shared/build-event.ts';
import { type HintRow, lookup } from '../shared/hints.ts';
import { inferReply, replyFrom } from '../shared/infer.ts';
import { toIsoTimestamp } from '../shared/timestamps.ts';
import {
  SES_BOUNCE_SUBTYPES,
  SES_BOUNCE_TYPES,
  SES_COMPLAINT_ECHO_SUBTYPES,
  SES_DELAY_TYPES,
  SES_IGNORED_TYPES,
} from './hints.ts';
import { subscriptionChange } from './subscription.ts';

type Rec = Record<string, unknown>;
type Common = Pick<EventDraft, 'vendor' | 'messageId' | 'metadata'>;

/** Parses a decoded SES document; `snsMessageId` identifies events that have no feedbackId. */
export function sesDocumentEvents(
  json: unknown,
  snsMessageId: string | null,
  receivedAt: string,
): NormalizedEvent[] {
  const doc = asRecord(json);
  const type = doc ? (str(doc.eventType) ?? str(doc.notificationType)) : null;
  if (!doc || type === null)
    throw new PayloadError('ses: not an SES document (no eventType/notificationType)');
  const mail = asRecord(doc.mail) ?? {};
  const common: Common = {
    vendor: 'ses',
    messageId: str(mail.messageId),
    // `ses:source` (mail.source) tells the sending domain to the rate counters (rates/).
    metadata: {
      ...(str(mail.source) ? { 'ses:source': str(mail.source) as string } : {}),
      ...tagsOf(mail.tags),
    },
  };
  const drafts = draftsOf(type, doc, mail, common, snsMessageId);
  return drafts.map((d) => buildEvent(d, { receivedAt }));
}

function draftsOf(
  type: string,
  doc: Rec,
  mail: Rec,
  c: Common,
  snsId: string | null,
): EventDraft[] {
  switch (type) {
    case 'Bounce':
      return bounceDrafts(objectOf(doc, 'bounce'), c);
    case 'Complaint':
      return complaintDrafts(objectOf(doc, 'complaint'), c);
    case 'Delivery':
      return deliveryDrafts(objectOf(doc, 'delivery'), c, snsId);
    case 'DeliveryDelay':
      return delayDrafts(objectOf(doc, 'deliveryDelay'), c, snsId);
    case 'Reject':
    case 'Rendering Failure':
      return [rejectDraft(type, doc, mail, c, snsId)];
    case 'Subscription':
      return [subscriptionDraft(objectOf(doc, 'subscription'), mail, c, snsId)];
    default: {
      // Send/Open/Click and any type SES adds later: informational.
      const o = asRecord(doc[type.charAt(0).toLowerCase() + type.slice(1)]);
      const label = SES_IGNORED_TYPES.has(type) ? type : `unknown:${type}`;
      return [
        draft(c, {
          kind: 'ignored',
          vendorEventId: snsId,
          rawRecipient: soleDestination(mail),
          timestamp: toIsoTimestamp(o?.timestamp ?? mail.timestamp),
          vendorType: type,
          reply: null,
          hints: { labels: [`ses:${label}`] },
          echo: false,
        }),
      ];
    }
  }
}

function bounceDrafts(b: Rec, c: Common): EventDraft[] {
  const bounceType = str(b.bounceType) ?? 'Undetermined';
  const subType = str(b.bounceSubType) ?? 'Undetermined';
  const row: HintRow = lookup(SES_BOUNCE_SUBTYPES, `${bounceType}/${subType}`) ??
    lookup(SES_BOUNCE_TYPES, bounceType) ?? {
      kind: 'bounce',
      permanence: 'undetermined',
      reason: 'undetermined',
    };
  const hints = hintsOf(row, `ses:${bounceType}/${subType}`);
  return recipientsOf(b, 'bouncedRecipients').map((r) =>
    draft(c, {
      kind: 'bounce',
      vendorEventId: str(b.feedbackId),
      rawRecipient: r.emailAddress,
      timestamp: toIsoTimestamp(b.timestamp),
      vendorType: `Bounce/${bounceType}/${subType}`,
      reply: replyFrom(
        str(r.diagnosticCode),
        { enhanced: str(r.status) },
        row.infer ? { ...row.infer, text: `SES bounce ${bounceType}/${subType}` } : null,
      ),
      hints,
      echo: row.echo === true,
    }),
  );
}

function complaintDrafts(o: Rec, c: Common): EventDraft[] {
  const sub = str(o.complaintSubType);
  const feedback = str(o.complaintFeedbackType);
  const labels = [
    'ses:Complaint',
    ...(feedback ? [`ses:feedback:${feedback}`] : []),
    ...(sub ? [`ses:${sub}`] : []),
  ];
  // A `not-spam` feedback report is the opposite of a complaint: informational only.
  const notSpam = feedback === 'not-spam';
  return recipientsOf(o, 'complainedRecipients').map((r) =>
    draft(c, {
      kind: notSpam ? 'ignored' : 'complaint',
      vendorEventId: str(o.feedbackId),
      rawRecipient: r.emailAddress,
      timestamp: toIsoTimestamp(o.timestamp),
      vendorType: 'Complaint',
      reply: null,
      hints: notSpam ? { labels } : { permanence: 'permanent', reason: 'complaint', labels },
      echo: sub !== null && SES_COMPLAINT_ECHO_SUBTYPES.has(sub),
    }),
  );
}

function deliveryDrafts(o: Rec, c: Common, snsId: string | null): EventDraft[] {
  const list = Array.isArray(o.recipients) ? o.recipients : [];
  const smtp = str(o.smtpResponse);
  return list.map((addr) =>
    draft(c, {
      kind: 'delivery',
      vendorEventId: snsId,
      rawRecipient: addr,
      timestamp: toIsoTimestamp(o.timestamp),
      vendorType: 'Delivery',
      reply: replyFrom(smtp, {}, null),
      hints: { labels: ['ses:Delivery'] },
      echo: false,
    }),
  );
}

function delayDrafts(o: Rec, c: Common, snsId: string | null): EventDraft[] {
  const delayType = str(o.delayType) ?? 'Undetermined';
  const reason = lookup(SES_DELAY_TYPES, delayType);
  const hints = vendorHints('transient', reason, [`ses:DeliveryDelay/${delayType}`]);
  return recipientsOf(o, 'delayedRecipients').map((r) =>
    draft(c, {
      kind: 'deferral',
      vendorEventId: snsId,
      rawRecipient: r.emailAddress,
      timestamp: toIsoTimestamp(o.timestamp),
      vendorType: `DeliveryDelay/${delayType}`,
      reply: replyFrom(
        str(r.diagnosticCode),
        { enhanced: str(r.status) },
        { code: 450, enhanced: '4.0.0', text: `SES delivery delay ${delayType}` },
      ),
      hints,
      echo: false,
    }),
  );
}

/** Reject and Rendering Failure concern the message, not an address: one event, recipient null. */
function rejectDraft(
  type: string,
  doc: Rec,
  mail: Rec,
  c: Common,
  snsId: string | null,
): EventDraft {
  const rendering = type === 'Rendering Failure';
  const o = asRecord(rendering ? doc.failure : doc.reject) ?? {};
  const text = rendering
    ? `Rendering failure${str(o.templateName) ? ` (template ${str(o.templateName)})` : ''}: ${str(o.errorMessage) ?? 'unknown error'}`
    : `SES rejected the message: ${str(o.reason) ?? 'unknown reason'}`;
  return draft(c, {
    kind: 'reject',
    vendorEventId: snsId,
    rawRecipient: null,
    timestamp: toIsoTimestamp(mail.timestamp),
    vendorType: type,
    reply: inferReply({ code: 554, enhanced: '5.6.0', text }),
    hints: {
      permanence: 'permanent',
      reason: rendering ? 'malformed-message' : 'content-rejected',
      labels: [`ses:${type}`],
    },
    echo: false,
  });
}

/** Topic preferences: opted out of everything / a topic → unsubscribe; back in → resubscribe. */
function subscriptionDraft(o: Rec, mail: Rec, c: Common, snsId: string | null): EventDraft {
  const { kind, labels } = subscriptionChange(o);
  return draft(c, {
    kind,
    vendorEventId: snsId,
    // The event names no address; the contact is the message's recipient when there is one.
    rawRecipient: soleDestination(mail),
    timestamp: toIsoTimestamp(o.timestamp),
    vendorType: `Subscription/${kind}`,
    reply: null,
    hints:
      kind === 'unsubscribe'
        ? { permanence: 'permanent', reason: 'unsubscribed', labels }
        : { labels },
    echo: false,
  });
}

function draft(c: Common, d: Omit<EventDraft, 'vendor' | 'messageId' | 'metadata'>): EventDraft {
  return { ...c, ...d };
}

function hintsOf(row: HintRow, label: string): VendorHints {
  return vendorHints(row.permanence, row.reason, [label]);
}

function objectOf(doc: Rec, key: string): Rec {
  const o = asRecord(doc[key]);
  if (!o) throw new PayloadError(`ses: "${key}" object missing`);
  return o;
}

function recipientsOf(o: Rec, key: string): Rec[] {
  const list = o[key];
  if (!Array.isArray(list)) throw new PayloadError(`ses: ${key} missing`);
  return list.map((r) => asRecord(r) ?? { emailAddress: r });
}

function soleDestination(mail: Rec): unknown {
  return Array.isArray(mail.destination) && mail.destination.length === 1
    ? mail.destination[0]
    : null;
}

/** `mail.tags`: a map to arrays of strings, joined by ",". */
function tagsOf(v: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, val] of Object.entries(asRecord(v) ?? {})) {
    if (typeof val === 'string') out[k] = val;
    else if (Array.isArray(val)) out[k] = val.filter((x) => typeof x === 'string').join(',');
  }
  return out;
}
