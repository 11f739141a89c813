/**
 * How fast a sync moves addresses on this machine: SendGrid and SES pulls (every address a new
 * record: BatchGetItem + TransactWriteItems through the event processor on DynamoDB Local) and
 * the SES push (PutSuppressedDestination through the real SESv2 client, 4 in flight), against
 * the local fakes (test/sync/fakes/; references cited there). Prints the figures; asserts the
 * counts are exact and the rates not absurd (the suite runs files in parallel on 2 cores).
 */
import { BatchWriteCommand } from '@aws-sdk/lib-dynamodb';
import { createSendgridSync, createSesSync, runSync, type SyncResult } from '@rebound/aws/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SendgridFake, startSendgridFake } from './fakes/sendgrid-fake.ts';
import { type SesFake, startSesFake } from './fakes/ses-fake.ts';
import { HAS_TRANSACTIONS, record, recordingPolicy, type SyncStack, syncStack } from './helpers.ts';

const PULL = 5_000;
const PUSH = 2_000;
const figures: string[] = [];
let sendgrid: SendgridFake;
let ses: SesFake;

beforeAll(async () => {
  sendgrid = await startSendgridFake('SG.k');
  ses = await startSesFake('AKIDSYNCTEST', 'sync-test-secret');
});
afterAll(async () => {
  await Promise.all([sendgrid.close(), ses.close()]);
  if (figures.length) console.log(`sync throughput: ${figures.join('; ')}`);
});

const rate = (n: number, r: SyncResult) => Math.round(n / (r.ms / 1000));
const sesAdapter = () =>
  createSesSync({
    endpoint: ses.url,
    region: 'us-east-1',
    credentials: { accessKeyId: 'AKIDSYNCTEST', secretAccessKey: 'sync-test-secret' },
    policy: recordingPolicy([]),
  });

describe.skipIf(!HAS_TRANSACTIONS)('sync throughput', () => {
  it(`pulls ${PULL} SendGrid addresses into new records`, { timeout: 120_000 }, async () => {
    const stack: SyncStack = await syncStack();
    const created = Math.floor(Date.now() / 1000) - 86_400;
    for (let i = 0; i < PULL; i++) {
      sendgrid.lists.bounces.push({ email: `sg${i}@example.com`, created: created + (i % 3600) });
    }
    const r = await runSync({
      adapter: createSendgridSync({
        apiKey: 'SG.k',
        baseUrl: sendgrid.url,
        policy: recordingPolicy([]),
      }),
      doc: stack.clients.doc,
      tables: stack.tables,
    });
    expect(r.counts).toMatchObject({ pulled: PULL, created: PULL });
    figures.push(`sendgrid pull ${rate(PULL, r)} addresses/s (${PULL} in ${r.ms} ms)`);
    expect(rate(PULL, r)).toBeGreaterThan(50);
  });

  it(`pulls ${PULL} SES addresses, then pushes ${PUSH} it lacks`, {
    timeout: 120_000,
  }, async () => {
    const stack: SyncStack = await syncStack();
    for (let i = 0; i < PULL; i++) {
      ses.list.set(`ses${i}@example.com`, {
        EmailAddress: `ses${i}@example.com`,
        Reason: 'BOUNCE',
        LastUpdateTime: Date.now() - 86_400_000,
      });
    }
    const pulled = await runSync({
      adapter: sesAdapter(),
      doc: stack.clients.doc,
      tables: stack.tables,
    });
    expect(pulled.counts).toMatchObject({ pulled: PULL, created: PULL, pushed: 0 });
    figures.push(`ses pull ${rate(PULL, pulled)} addresses/s (${PULL} in ${pulled.ms} ms)`);

    for (let i = 0; i < PUSH; i += 25) {
      const items = Array.from({ length: 25 }, (_, j) => ({
        PutRequest: { Item: record(`push${i + j}@example.com`) },
      }));
      await stack.clients.doc.send(
        new BatchWriteCommand({ RequestItems: { [stack.tables.suppressions]: items } }),
      );
    }
    const pushed = await runSync({
      adapter: sesAdapter(),
      doc: stack.clients.doc,
      tables: stack.tables,
    });
    expect(pushed.counts).toMatchObject({ pushed: PUSH, created: 0 });
    expect(ses.list.size).toBe(PULL + PUSH);
    // The second run re-read SES's whole list (5,000 known) and scanned 7,000 records too.
    figures.push(
      `ses push ${rate(PUSH, pushed)} addresses/s (${PUSH} in ${pushed.ms} ms, with a full list read and table scan)`,
    );
    expect(rate(PUSH, pushed)).toBeGreaterThan(20);
  });
});
