/**
 * Property tests: any bytes or any JSON into each vendor's parse yields normalized events or a
 * PayloadError, never another exception.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PayloadError } from '../../src/errors.ts';
import type { NormalizedEvent } from '../../src/types.ts';
import { loadVendor, VENDOR_IDS } from '../../src/vendors/registry.ts';
import { parseSesDocument, parseSnsLambdaEvent } from '../../src/vendors/ses/parse.ts';

const ADAPTERS = await Promise.all(VENDOR_IDS.map((id) => loadVendor(id)));

const KINDS = [
  'bounce',
  'deferral',
  'block',
  'complaint',
  'unsubscribe',
  'resubscribe',
  'delivery',
  'dropped',
  'reject',
  'ignored',
];

async function onlyEventsOrPayloadError(
  fn: () => NormalizedEvent[] | Promise<NormalizedEvent[]>,
): Promise<void> {
  let events: NormalizedEvent[];
  try {
    events = await fn();
  } catch (e) {
    expect(e).toBeInstanceOf(PayloadError);
    return;
  }
  expect(Array.isArray(events)).toBe(true);
  for (const e of events) {
    expect(KINDS).toContain(e.kind);
    expect(typeof e.id).toBe('string');
    expect(Number.isNaN(Date.parse(e.occurredAt))).toBe(false);
    expect(Object.values(e.metadata).every((v) => typeof v === 'string')).toBe(true);
  }
}

/** JSON values shaped like vendor payloads, with vendor keys and hostile values mixed in. */
const KEYS = [
  'event',
  'type',
  'email',
  'timestamp',
  'reason',
  'status',
  'response',
  'RecordType',
  'Type',
  'TypeCode',
  'Email',
  'Details',
  'Content',
  'Metadata',
  'SuppressSending',
  'SuppressionReason',
  'Recipient',
  'notificationType',
  'eventType',
  'mail',
  'bounce',
  'bounceType',
  'bounceSubType',
  'bouncedRecipients',
  'emailAddress',
  'diagnosticCode',
  'complaint',
  'complainedRecipients',
  'delivery',
  'recipients',
  'deliveryDelay',
  'delayedRecipients',
  'subscription',
  'newTopicPreferences',
  'tags',
  'destination',
  'recipient',
  'kind',
  'occurredAt',
  'reply',
  'diagnostic',
  'code',
  'enhanced',
  'text',
  'eventId',
  'permanence',
  'metadata',
  'version',
  '__proto__',
  'constructor',
];
const VALUES = [
  'bounce',
  'blocked',
  'expired',
  'dropped',
  'deferred',
  'Bounce',
  'Complaint',
  'Delivery',
  'DeliveryDelay',
  'Subscription',
  'Reject',
  'Rendering Failure',
  'Permanent',
  'Transient',
  'HardBounce',
  'SpamComplaint',
  'SubscriptionChange',
  'smtp;550 5.1.1 x',
  'a@b.c',
  'Bounced Address',
  '2026-03-02T10:15:00Z',
  'permanent',
  'complaint',
];

const vendorish = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    fc.constantFrom(...VALUES),
    fc.jsonValue({ maxDepth: 1 }),
    fc.array(tie('value'), { maxLength: 3 }),
    fc.dictionary(fc.constantFrom(...KEYS), tie('value'), { maxKeys: 6 }),
  ),
})).value;

describe.each(ADAPTERS)('$id parse', (adapter) => {
  it('arbitrary bytes → events or PayloadError', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 200 }), (bytes) =>
        onlyEventsOrPayloadError(() => adapter.parse(bytes)),
      ),
      { numRuns: 300 },
    );
  });

  it('arbitrary JSON → events or PayloadError', async () => {
    await fc.assert(
      fc.asyncProperty(fc.jsonValue(), (json) =>
        onlyEventsOrPayloadError(() => adapter.parse(JSON.stringify(json))),
      ),
      { numRuns: 300 },
    );
  });

  it('vendor-shaped JSON (objects, arrays of objects) → events or PayloadError', async () => {
    await fc.assert(
      fc.asyncProperty(vendorish, fc.boolean(), (json, wrap) =>
        onlyEventsOrPayloadError(() => adapter.parse(JSON.stringify(wrap ? [json] : json))),
      ),
      { numRuns: 500 },
    );
  });
});

describe('SES entry points', () => {
  it('parseSesDocument and parseSnsLambdaEvent on vendor-shaped values → events or PayloadError', async () => {
    await fc.assert(
      fc.asyncProperty(vendorish, async (json) => {
        await onlyEventsOrPayloadError(() => parseSesDocument(json));
        await onlyEventsOrPayloadError(() =>
          parseSnsLambdaEvent({
            Records: [{ Sns: { Type: 'Notification', Message: JSON.stringify(json) } }],
          }),
        );
      }),
      { numRuns: 500 },
    );
  });
});
