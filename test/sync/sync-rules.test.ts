/**
 * The sync's pure rules: each vendor list maps to the reason the webhooks give the same
 * suppression (checked against core's real webhook parsers), pulled events are echoes with
 * content-derived ids, who counts as a human-forced lift (old records without history
 * included), what is pushed or lifted, the rate-limit header readers, and the summary line.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  isHumanForcedLift,
  type PulledEntry,
  postmarkEntry,
  pulledEvent,
  type ReconcileContext,
  reconcileRecord,
  resetMs,
  retryAfterMs,
  SENDGRID_LISTS,
  type SyncResult,
  sendgridEntry,
  sesEntry,
  summaryLine,
  suppresses,
  zeroCounts,
} from '@rebound/aws/sync';
import type { NormalizedEvent } from '@rebound/core';
import { parsePostmark, parseSendgrid, parseSesDocument } from '@rebound/core/vendors';
import { describe, expect, it } from 'vitest';
import { parseSince } from '../../packages/cli/src/commands/sync.ts';
import { lifted, record } from './helpers.ts';

const PAYLOADS = join(import.meta.dirname, '..', 'fixtures', 'payloads');
const payload = (name: string) => JSON.parse(readFileSync(join(PAYLOADS, name), 'utf8'));

/** What a reader of a record sees of an event: its reason, and whether it is only an echo. */
const gist = (e: NormalizedEvent | null | undefined) => ({
  reason: e?.verdict?.reason,
  action: e?.verdict?.action,
});

const list = (name: string) => SENDGRID_LISTS.find((l) => l.name === name)!;
const created = Math.floor(Date.parse('2026-11-01T00:00:00Z') / 1000);

describe('pulled entries read like the webhook events of the same suppression', () => {
  it.each([
    ['bounces', 'Bounced Address', 'vendor-suppressed'],
    ['spam_reports', 'Spam Reporting Address', 'complaint'],
    ['unsubscribes', 'Unsubscribed Address', 'unsubscribed'],
    ['invalid_emails', 'Invalid', 'invalid-address'],
  ])('SendGrid %s ≙ a dropped event "%s" (%s)', (name, dropReason, reason) => {
    const [webhook] = parseSendgrid(
      JSON.stringify([
        {
          email: 'a@example.com',
          timestamp: created,
          event: 'dropped',
          reason: dropReason,
          sg_event_id: 'e1',
          sg_message_id: 'm1',
        },
      ]),
    );
    const pulled = pulledEvent(sendgridEntry(list(name), { email: 'a@example.com', created })!);
    expect(gist(pulled)).toEqual(gist(webhook));
    expect(gist(pulled)).toEqual({ reason, action: 'suppress' });
    expect(pulled?.hints.reason).toBe(webhook?.hints.reason);
    expect(pulled?.echo).toBe(true);
  });

  it('a SendGrid block is a policy block unless its reply names an address failure', () => {
    const blocks = list('blocks');
    const policy = pulledEvent(
      sendgridEntry(blocks, {
        email: 'a@example.com',
        created,
        reason: '554 5.7.1 blocked using zen.spamhaus.org',
        status: '5.7.1',
      })!,
    );
    expect(policy?.verdict?.action).toBe('investigate');
    expect(suppresses(policy!)).toBe(false);
    const gone = pulledEvent(
      sendgridEntry(blocks, {
        email: 'a@example.com',
        created,
        reason: '550 5.1.1 User unknown',
        status: '5.1.1',
      })!,
    );
    expect(gist(gone)).toEqual({ reason: 'user-unknown', action: 'suppress' });
  });

  it.each([
    ['HardBounce', 'Recipient', 'vendor-suppressed'],
    ['SpamComplaint', 'Recipient', 'complaint'],
    ['ManualSuppression', 'Recipient', 'unsubscribed'],
    ['ManualSuppression', 'Customer', 'vendor-suppressed'],
    ['ManualSuppression', 'Admin', 'vendor-suppressed'],
  ])('Postmark %s by %s ≙ the SubscriptionChange webhook (%s)', async (reason, origin, want) => {
    const hook = {
      ...payload('postmark-subscriptionchange-hardbounce.json'),
      SuppressionReason: reason,
      Origin: origin,
    };
    const [webhook] = await parsePostmark(JSON.stringify(hook));
    const pulled = pulledEvent(
      postmarkEntry('outbound', {
        EmailAddress: 'a@example.com',
        SuppressionReason: reason,
        Origin: origin,
        CreatedAt: '2020-02-01T10:53:34-05:00',
      })!,
    );
    expect(gist(pulled)).toEqual(gist(webhook));
    expect(gist(pulled)).toEqual({ reason: want, action: 'suppress' });
    expect(pulled?.occurredAt).toBe('2020-02-01T15:53:34.000Z');
    expect(pulled?.metadata).toEqual({ MessageStream: 'outbound' });
  });

  it('SES BOUNCE ≙ a bounce OnAccountSuppressionList, COMPLAINT ≙ a complaint echo', () => {
    const sns = payload('ses-notification-bounce-permanent-onaccountsuppressionlist-sns.json');
    const [bounce] = parseSesDocument(JSON.parse(sns.Message));
    const pulledBounce = pulledEvent(
      sesEntry({ EmailAddress: 'a@example.com', Reason: 'BOUNCE', LastUpdateTime: new Date() })!,
    );
    expect(gist(pulledBounce)).toEqual(gist(bounce));
    expect(pulledBounce?.reply).toMatchObject({ code: bounce?.reply?.code, enhanced: '5.1.1' });
    const doc = payload('ses-notification-complaint-abuse-feedback.json');
    doc.complaint.complaintSubType = 'OnAccountSuppressionList';
    const complaint = parseSesDocument(doc)[0];
    expect(complaint?.echo).toBe(true);
    const pulledComplaint = pulledEvent(
      sesEntry({ EmailAddress: 'a@example.com', Reason: 'COMPLAINT', LastUpdateTime: new Date() })!,
    );
    expect(gist(pulledComplaint)).toEqual(gist(complaint));
  });
});

describe('pulled events', () => {
  const entry = (over: Partial<PulledEntry> = {}): PulledEntry => ({
    vendor: 'sendgrid',
    list: 'bounces',
    address: 'Jane@Example.COM',
    createdAt: '2026-11-01T00:00:00.000Z',
    reason: 'vendor-suppressed',
    labels: ['sendgrid:sync/bounces'],
    text: null,
    enhanced: null,
    infer: null,
    metadata: {},
    accountWide: true,
    ...over,
  });
  it('are dropped echoes at the vendor’s time, for the normalized address', () => {
    expect(pulledEvent(entry())).toMatchObject({
      vendor: 'sendgrid',
      kind: 'dropped',
      echo: true,
      recipient: 'jane@example.com',
      occurredAt: '2026-11-01T00:00:00.000Z',
      messageId: null,
      hints: { kind: 'dropped', reason: 'vendor-suppressed', labels: ['sendgrid:sync/bounces'] },
    });
  });
  it('have an id from vendor, list, address and time only', () => {
    const id = pulledEvent(entry())?.id;
    expect(pulledEvent(entry({ address: ' jane@example.com ' }))?.id).toBe(id);
    expect(pulledEvent(entry({ text: 'other words' }))?.id).toBe(id);
    for (const other of [
      entry({ list: 'blocks' }),
      entry({ vendor: 'postmark' }),
      entry({ address: 'john@example.com' }),
      entry({ createdAt: '2026-11-01T00:00:01.000Z' }),
    ]) {
      expect(pulledEvent(other)?.id).not.toBe(id);
    }
  });
  it('an opt-out on an account-wide list is global; on a Postmark stream it takes the stream', () => {
    const optOut = { list: 'unsubscribes', reason: 'unsubscribed' as const };
    expect(pulledEvent(entry(optOut))?.hints.scope).toBe('global');
    const postmark = pulledEvent(
      entry({
        ...optOut,
        vendor: 'postmark',
        accountWide: false,
        metadata: { MessageStream: 'broadcast' },
      }),
    );
    expect(postmark?.hints.scope).toBeUndefined();
    expect(postmark?.metadata).toEqual({ MessageStream: 'broadcast' });
  });
  it('are null for what is not an address', () => {
    expect(pulledEvent(entry({ address: 'no at sign' }))).toBeNull();
  });
});

describe('human-forced lifts', () => {
  const at = '2026-11-28T10:00:00.000Z';
  it.each([
    ['through the API, forced', lifted('a@x.com', at, 'api:ops', true), true],
    ['through the CLI, forced', lifted('a@x.com', at, 'cli', true), true],
    ['through the CLI as someone, forced', lifted('a@x.com', at, 'cli:jane', true), true],
    ['through the API, not forced', lifted('a@x.com', at, 'api:ops', false), false],
    ['force absent', lifted('a@x.com', at, 'api:ops', undefined), false],
    [
      'force a string',
      {
        ...lifted('a@x.com', at, 'api:ops', undefined),
        history: [{ at, by: 'api:ops', change: 'lifted', force: 'yes' }],
      },
      false,
    ],
    [
      'forced, as the suppression store records it (why … (forced))',
      {
        ...lifted('a@x.com', at, 'cli', undefined),
        history: [{ at, by: 'cli', change: 'lifted', why: 'asked by phone (forced)' }],
      },
      true,
    ],
    [
      '"(forced)" not at the end of the why',
      {
        ...lifted('a@x.com', at, 'api:ops', undefined),
        history: [{ at, by: 'api:ops', change: 'lifted', why: '(forced) nothing' }],
      },
      false,
    ],
    ['an API key without a name', lifted('a@x.com', at, 'api:', true), false],
    ['a resubscribe webhook', lifted('a@x.com', at, 'webhook:sendgrid', true), false],
    ['free text from an old API', lifted('a@x.com', at, 'support team', true), false],
    [
      'no history (an old record)',
      { ...lifted('a@x.com', at, 'cli', true), history: undefined },
      false,
    ],
    [
      'history that is not a list',
      { ...lifted('a@x.com', at, 'cli', true), history: 'junk' },
      false,
    ],
    [
      'suppressed again after the lift',
      { ...lifted('a@x.com', at, 'cli', true), status: 'suppressed' },
      false,
    ],
    [
      'a later change after the lift',
      (() => {
        const r = lifted('a@x.com', at, 'cli', true);
        return {
          ...r,
          history: [...(r.history ?? []), { at, by: 'webhook:ses', change: 'evidence' }],
        };
      })(),
      false,
    ],
  ])('%s → %s', (_what, r, want) => {
    expect(isHumanForcedLift(r as never)).toBe(want);
  });
});

describe('what a record means for the vendor', () => {
  const now = new Date('2026-11-28T12:00:00Z');
  const ctx = (over: Partial<ReconcileContext> = {}): ReconcileContext => ({
    vendor: 'ses',
    lifts: 'any',
    push: true,
    vendorList: new Map([['listed@x.com', '2026-11-01T00:00:00.000Z']]),
    since: '2026-11-28T10:00:00.000Z',
    until: '2026-11-28T11:00:00.000Z',
    now,
    ...over,
  });
  const lift = (email: string, at: string, by = 'cli', force = true) =>
    lifted(email, at, by, force);
  it('pushes an active global suppression SES lacks', () => {
    expect(reconcileRecord(record('a@x.com', { reason: 'complaint' }), ctx())).toEqual({
      type: 'push',
      address: 'a@x.com',
      reason: 'COMPLAINT',
    });
    expect(reconcileRecord(record('listed@x.com'), ctx())).toBeNull();
    expect(reconcileRecord(record('a@x.com'), ctx({ push: false }))).toBeNull();
    expect(reconcileRecord(record('a@x.com', { expiresAt: 1 }), ctx())).toBeNull();
    expect(reconcileRecord(record('stream:news:a@x.com'), ctx())).toBeNull();
    expect(reconcileRecord(record('a@x.com', { scope: 'news' } as never), ctx())).toBeNull();
  });
  it('lifts inside (since, until] only, and only where SES has an older entry', () => {
    const inside = '2026-11-28T10:30:00.000Z';
    expect(reconcileRecord(lift('listed@x.com', inside), ctx())).toMatchObject({
      type: 'lift',
      address: 'listed@x.com',
      at: inside,
      by: 'cli',
    });
    expect(reconcileRecord(lift('listed@x.com', '2026-11-28T10:00:00.000Z'), ctx())).toBeNull();
    expect(reconcileRecord(lift('listed@x.com', '2026-11-28T11:00:00.001Z'), ctx())).toBeNull();
    expect(reconcileRecord(lift('other@x.com', inside), ctx())).toBeNull();
    const relisted = ctx({ vendorList: new Map([['listed@x.com', '2026-11-28T10:45:00.000Z']]) });
    expect(reconcileRecord(lift('listed@x.com', inside), relisted)).toBeNull();
    expect(reconcileRecord(lift('listed@x.com', inside), ctx({ since: null }))).not.toBeNull();
  });
  it('for SendGrid and Postmark, only a human-forced lift, wherever the vendor may have it', () => {
    const c = ctx({ vendor: 'sendgrid', lifts: 'human-forced', push: false, vendorList: null });
    const inside = '2026-11-28T10:30:00.000Z';
    expect(reconcileRecord(lift('a@x.com', inside), c)).toMatchObject({ type: 'lift' });
    expect(reconcileRecord(lift('a@x.com', inside, 'api:ops', false), c)).toBeNull();
    expect(reconcileRecord(lift('a@x.com', inside, 'webhook:sendgrid', true), c)).toBeNull();
  });
  it('reads the lift from history when an old record has no `lifted`', () => {
    const r = { ...lift('listed@x.com', '2026-11-28T10:30:00.000Z'), lifted: undefined };
    expect(reconcileRecord(r, ctx())).toMatchObject({
      type: 'lift',
      at: '2026-11-28T10:30:00.000Z',
    });
  });
});

describe('rate-limit headers', () => {
  it('Retry-After: seconds or an HTTP date', () => {
    expect(retryAfterMs('3', 0)).toBe(3000);
    expect(retryAfterMs('Wed, 21 Oct 2015 07:28:05 GMT', Date.parse('2015-10-21T07:28:00Z'))).toBe(
      5000,
    );
    expect(retryAfterMs('Wed, 21 Oct 2015 07:28:05 GMT', Date.parse('2015-10-21T08:00:00Z'))).toBe(
      0,
    );
    expect(retryAfterMs('soon', 0)).toBeNull();
    expect(retryAfterMs(undefined, 0)).toBeNull();
  });
  it('X-RateLimit-Reset: epoch seconds', () => {
    expect(resetMs('1700000010', 1_700_000_000_000)).toBe(10_000);
    expect(resetMs('-1', 0)).toBeNull();
  });
});

describe('the summary line and --since', () => {
  const result = (over: Partial<SyncResult> = {}): SyncResult => ({
    vendor: 'sendgrid',
    status: 'completed',
    dryRun: false,
    resumed: false,
    since: null,
    until: '2026-11-28T12:00:00.000Z',
    counts: {
      ...zeroCounts(),
      pulled: 1500,
      created: 1200,
      known: 290,
      skipped: 10,
      lifted: 2,
      liftAbsent: 1,
    },
    ms: 2100,
    ...over,
  });
  it('says what happened in one line', () => {
    expect(summaryLine(result())).toBe(
      'sync sendgrid: completed in 2.1 s, everything — pulled 1,500 (created 1,200, known 290, skipped 10), pushed 0, lifted 2 (absent 1, refused 0)',
    );
    expect(summaryLine(result({ dryRun: true, since: '2026-11-28T00:00:00.000Z' }))).toBe(
      'sync sendgrid (dry run, since 2026-11-28T00:00:00.000Z): pulled 1,500, would create 1,200 (known 290, skipped 10), would push 0, would lift 2; nothing written (2.1 s)',
    );
    expect(summaryLine(result({ status: 'paused', resumed: true }))).toMatch(
      /^sync sendgrid: paused \(the next run resumes\) in 2\.1 s, resumed,/,
    );
  });
  it('--since takes all, durations and ISO times', () => {
    const now = new Date('2026-11-28T12:00:00Z');
    expect(parseSince('all', now)).toBeNull();
    expect(parseSince('7d', now)).toBe('2026-11-21T12:00:00.000Z');
    expect(parseSince('12h', now)).toBe('2026-11-28T00:00:00.000Z');
    expect(parseSince('30m', now)).toBe('2026-11-28T11:30:00.000Z');
    expect(parseSince('2026-11-01', now)).toBe('2026-11-01T00:00:00.000Z');
    expect(parseSince('2026-11-01T10:00:00+02:00', now)).toBe('2026-11-01T08:00:00.000Z');
    expect(parseSince('yesterday', now)).toBeUndefined();
    expect(parseSince('2026-13-45', now)).toBeUndefined();
  });
});
