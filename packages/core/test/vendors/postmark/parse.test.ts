/** Postmark parser edge cases: every bounce Type, TypeCode as cross-check, missing fields. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { PayloadError } from '../../../src/errors.ts';
import { POSTMARK_BOUNCE_TYPES } from '../../../src/vendors/postmark/hints.ts';
import { parse } from '../../../src/vendors/postmark/parse.ts';

const one = (e: Record<string, unknown>) => {
  const events = parse(
    JSON.stringify({
      RecordType: 'Bounce',
      Email: 'a@example.com',
      BouncedAt: '2025-01-01T00:00:00Z',
      ...e,
    }),
  );
  expect(events).toHaveLength(1);
  return events[0]!;
};

describe('Postmark parse', () => {
  it.each([...POSTMARK_BOUNCE_TYPES.entries()])('Type %s maps by name', (type, row) => {
    const e = one({ Type: type, TypeCode: row.code });
    expect(e.kind).toBe(row.kind);
    expect(e.echo).toBe(row.echo === true);
    expect(e.hints.labels).not.toContain(`postmark:typecode-mismatch:${row.code}`);
  });

  it.each(['Transient', 'DnsError', 'SoftBounce'])(
    '%s is a bounce with transient permanence',
    (type) => {
      const e = one({ Type: type });
      expect([e.kind, e.hints.permanence]).toEqual(['bounce', 'transient']);
    },
  );

  it.each([
    'AutoResponder',
    'OpenRelayTest',
    'Subscribe',
    'AddressChange',
    'ChallengeVerification',
  ])('%s is ignored', (type) => {
    const e = one({ Type: type });
    expect([e.kind, e.verdict]).toEqual(['ignored', null]);
  });

  it('SpamComplaint with TypeCode 512 (Postmark’s own example) is a complaint, flagged as a mismatch', () => {
    const e = one({ RecordType: 'SpamComplaint', Type: 'SpamComplaint', TypeCode: 512 });
    expect(e.kind).toBe('complaint');
    expect(e.reply).toBeNull();
    expect(e.hints.labels).toContain('postmark:typecode-mismatch:512');
  });

  it('an unknown Type falls back to TypeCode, then to an undetermined transient bounce', () => {
    expect(one({ Type: 'Renamed', TypeCode: 1 }).hints.permanence).toBe('permanent');
    const e = one({ Type: 'BrandNew', TypeCode: 123456 });
    expect([e.kind, e.hints.permanence, e.hints.reason]).toEqual([
      'bounce',
      'transient',
      'undetermined',
    ]);
  });

  it('strips the smtp; prefix from Details', () => {
    const e = one({ Type: 'HardBounce', Details: 'smtp;550 5.1.1 no such user' });
    expect(e.reply?.text.startsWith('smtp;')).toBe(false);
    expect(e.reply).toMatchObject({ code: 550, enhanced: '5.1.1' });
  });

  it('uses the DSN in Content when Details is absent', async () => {
    // A bare report part, not a whole mail: read by its Status/Diagnostic-Code lines.
    const [e] = await parse(
      JSON.stringify({
        RecordType: 'Bounce',
        Email: 'a@example.com',
        Type: 'HardBounce',
        Content:
          'Reporting-MTA: dns; x\nStatus: 5.1.2\nDiagnostic-Code: smtp; 550 5.1.2 bad domain\n',
      }),
    );
    expect(e?.reply).toMatchObject({ code: 550, enhanced: '5.1.2' });
  });

  it('a bounce without Email, BouncedAt or Details is still an event', () => {
    const events = parse(
      JSON.stringify({ RecordType: 'Bounce', Type: 'HardBounce', MessageID: 'm' }),
    );
    expect(events[0]).toMatchObject({ kind: 'bounce', recipient: null, messageId: 'm' });
  });

  it('metadata: Metadata string values, Tag and MessageStream', () => {
    const e = one({
      Type: 'HardBounce',
      Metadata: { a: 'x', n: 1 },
      Tag: 'welcome',
      MessageStream: 'outbound',
    });
    expect(e.metadata).toEqual({ a: 'x', Tag: 'welcome', MessageStream: 'outbound' });
  });

  it.each([
    [
      { SuppressSending: true, SuppressionReason: 'HardBounce', Origin: 'Recipient' },
      'bounce',
      true,
    ],
    [
      { SuppressSending: true, SuppressionReason: 'SpamComplaint', Origin: 'Recipient' },
      'complaint',
      true,
    ],
    [
      { SuppressSending: true, SuppressionReason: 'ManualSuppression', Origin: 'Recipient' },
      'unsubscribe',
      false,
    ],
    [
      { SuppressSending: true, SuppressionReason: 'ManualSuppression', Origin: 'Customer' },
      'dropped',
      true,
    ],
    [{ SuppressSending: false, SuppressionReason: null, Origin: 'Admin' }, 'resubscribe', false],
  ])('SubscriptionChange %j → %s (echo %s)', (fields, kind, echo) => {
    const [e] = parse(
      JSON.stringify({
        RecordType: 'SubscriptionChange',
        Recipient: 'a@example.com',
        ChangedAt: '2022-06-05T17:17:32Z',
        ...fields,
      }),
    );
    expect([e?.kind, e?.echo]).toEqual([kind, echo]);
  });

  it('Open and Click records and inbound bodies are ignored', () => {
    for (const body of [
      { RecordType: 'Open', Recipient: 'a@b.c' },
      { RecordType: 'Click' },
      { From: 'x@y.z', Subject: 'inbound' },
    ]) {
      expect(parse(JSON.stringify(body))[0]?.kind).toBe('ignored');
    }
  });

  it('timestamps with 7 fractional digits and offsets become UTC ISO', () => {
    expect(
      one({ Type: 'HardBounce', BouncedAt: '2016-04-27T16:28:50.3963933-04:00' }).occurredAt,
    ).toBe('2016-04-27T20:28:50.396Z');
  });

  it.each([
    ['an array', '[]'],
    ['a string', '"x"'],
    ['not JSON', '{'],
  ])('%s is a PayloadError', (_l, body) => {
    expect(() => parse(body)).toThrow(PayloadError);
  });
});

describe('reactivation hint', () => {
  const fixture = (name: string) =>
    readFileSync(new URL(`../../../../../test/fixtures/payloads/${name}`, import.meta.url));
  it('a SubscriptionChange that reactivates says so in its hints (it lifts any reason)', () => {
    // Act
    const [event] = parse(fixture('postmark-subscriptionchange-reactivation.json'));
    // Assess
    expect(event).toMatchObject({ kind: 'resubscribe', hints: { reactivates: true } });
  });
  it('a suppression or a bounce carries no reactivation hint', () => {
    for (const name of [
      'postmark-subscriptionchange-unsubscribe.json',
      'postmark-bounce-hardbounce.json',
    ]) {
      const [event] = parse(fixture(name));
      expect(event?.hints.reactivates, name).toBeUndefined();
    }
  });
});
