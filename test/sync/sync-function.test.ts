/**
 * The scheduled sync function (functions/sync.ts → createSyncHandler): each configured vendor
 * runs in turn, one failing vendor fails the invocation (so the error alarm fires) without
 * stopping the others, a run close to the Lambda timeout pauses and the next invocation
 * resumes, and the cold start reads `REBOUND_SYNC` and the secrets. Against the local SendGrid
 * and Postmark fakes (test/sync/fakes/; references cited there) and DynamoDB Local.
 */

import { createSyncHandler, type SyncHandlerResult } from '@rebound/aws/sync';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadSyncConfig, syncVendors } from '../../functions/lib/sync-config.ts';
import { lambdaContext } from '../aws/helpers.ts';
import { type PostmarkFake, startPostmarkFake } from './fakes/postmark-fake.ts';
import { type SendgridFake, startSendgridFake } from './fakes/sendgrid-fake.ts';
import {
  cursorItem,
  HAS_TRANSACTIONS,
  recordingPolicy,
  recordsByEmail,
  type SyncStack,
  syncStack,
} from './helpers.ts';

let sendgrid: SendgridFake;
let postmark: PostmarkFake;
let stack: SyncStack;

beforeEach(async () => {
  sendgrid = await startSendgridFake('SG.fn');
  postmark = await startPostmarkFake('pm-token');
  stack = await syncStack();
  const created = Math.floor(Date.now() / 1000) - 86_400;
  for (let i = 0; i < 300; i++)
    sendgrid.lists.bounces.push({ email: `f${i}@example.com`, created });
  postmark.suppressions.set('outbound', [
    {
      EmailAddress: 'pm@example.com',
      SuppressionReason: 'HardBounce',
      Origin: 'Recipient',
      CreatedAt: new Date(Date.now() - 86_400_000).toISOString(),
    },
  ]);
});
afterEach(async () => {
  await Promise.all([sendgrid.close(), postmark.close()]);
});

const handlerWith = (postmarkToken: string) =>
  createSyncHandler({
    doc: stack.clients.doc,
    tables: stack.tables,
    vendors: ['sendgrid', 'postmark'],
    settings: {
      sendgrid: { apiKey: 'SG.fn', baseUrl: sendgrid.url },
      postmark: { serverToken: postmarkToken, baseUrl: postmark.url },
      policy: recordingPolicy([]),
    },
  });

describe.skipIf(!HAS_TRANSACTIONS)('the sync function', () => {
  it('syncs every configured vendor; one failing fails the invocation, not the others', async () => {
    await expect(handlerWith('wrong')(undefined, lambdaContext('sync') as never)).rejects.toThrow(
      /^sync failed for postmark \(postmark answered 401 .*check the server API token/,
    );
    expect((await recordsByEmail(stack)).size).toBe(300);
    const ok: SyncHandlerResult = await handlerWith('pm-token')(
      undefined,
      lambdaContext('sync') as never,
    );
    expect(ok.failed).toEqual([]);
    expect(ok.results.map((r) => [r.vendor, r.status, r.counts.created])).toEqual([
      ['sendgrid', 'completed', 0],
      ['postmark', 'completed', 1],
    ]);
    expect((await recordsByEmail(stack)).has('pm@example.com')).toBe(true);
  });

  it('stops at a page boundary before the timeout; the next invocation resumes', async () => {
    const deps = {
      doc: stack.clients.doc,
      tables: stack.tables,
      vendors: ['sendgrid' as const],
      settings: { sendgrid: { apiKey: 'SG.fn', baseUrl: sendgrid.url, pageSize: 50 } },
    };
    let tick = 0;
    // A clock that moves 3 s per reading. 30 s left, 7.5 s kept back: the deadline falls after
    // the 7th page (3 empty lists, then 4 pages of 50 bounces).
    const hurried = createSyncHandler({ ...deps, clock: () => (tick += 3_000) });
    const first: SyncHandlerResult = await hurried(undefined, lambdaContext('sync') as never);
    expect(first.results[0]?.status).toBe('paused');
    expect((await recordsByEmail(stack)).size).toBe(200);
    expect(await cursorItem(stack, 'sendgrid')).toMatchObject({
      run: { phase: 'pull', leaseUntil: 0 },
    });
    const second: SyncHandlerResult = await createSyncHandler(deps)(
      undefined,
      lambdaContext('sync') as never,
    );
    expect(second.results[0]).toMatchObject({ status: 'completed', resumed: true });
    expect((await recordsByEmail(stack)).size).toBe(300);
  });
});

/** Runs `fn` with these variables set (and every other REBOUND_* one unset), then restores. */
async function withEnv<T>(vars: Record<string, string>, fn: () => Promise<T>): Promise<T> {
  const saved = { ...process.env };
  for (const k of Object.keys(process.env)) if (k.startsWith('REBOUND_')) delete process.env[k];
  Object.assign(process.env, vars);
  try {
    return await fn();
  } finally {
    for (const k of Object.keys(process.env)) if (!(k in saved)) delete process.env[k];
    Object.assign(process.env, saved);
  }
}

describe('the cold start', () => {
  it('REBOUND_SYNC names the vendors; a typo fails loudly', () => {
    expect(syncVendors('SES, sendgrid,,postmark,ses')).toEqual(['ses', 'sendgrid', 'postmark']);
    expect(syncVendors(undefined)).toEqual([]);
    expect(() => syncVendors('ses,mailchimp')).toThrow('REBOUND_SYNC: unknown vendor mailchimp');
  });
  it('reads tables, vendors, secrets and endpoints from the environment outside SST', async () => {
    const config = await withEnv(
      {
        REBOUND_SYNC: 'postmark,sendgrid',
        REBOUND_SUPPRESSIONS_TABLE: 's-table',
        REBOUND_STATE_TABLE: 'st-table',
        REBOUND_SENDGRID_API_KEY: 'SG.env',
        REBOUND_POSTMARK_SERVER_TOKEN: 'pm-env',
        REBOUND_SYNC_POSTMARK_STREAMS: 'outbound, broadcast',
        REBOUND_SENDGRID_API_URL: 'https://api.eu.sendgrid.com',
      },
      loadSyncConfig,
    );
    expect(config.vendors).toEqual(['postmark', 'sendgrid']);
    expect(config.tables).toEqual({ suppressions: 's-table', state: 'st-table' });
    expect(config.settings.sendgrid).toEqual({
      apiKey: 'SG.env',
      baseUrl: 'https://api.eu.sendgrid.com',
    });
    expect(config.settings.postmark).toEqual({
      serverToken: 'pm-env',
      streams: ['outbound', 'broadcast'],
    });
  });
  it('reads the streams and the key scheme as the webhooks do', async () => {
    const config = await withEnv(
      {
        REBOUND_SYNC: 'postmark',
        REBOUND_SUPPRESSIONS_TABLE: 's',
        REBOUND_STATE_TABLE: 't',
        REBOUND_POSTMARK_SERVER_TOKEN: 'pm',
        REBOUND_STREAMS: 'marketing,transactional',
        REBOUND_STREAM_MAP: 'broadcast:marketing',
        REBOUND_ERASURE_KEY: 'erasure-key-0123456789',
        REBOUND_HASH_ONLY: 'true',
      },
      loadSyncConfig,
    );
    expect(config.processConfig?.streams).toMatchObject({
      names: ['marketing', 'transactional'],
      map: { broadcast: 'marketing' },
    });
    expect(config.keys).toEqual({ hashKey: 'erasure-key-0123456789', hashOnly: true });
    const noKey = withEnv(
      {
        REBOUND_SYNC: 'ses',
        REBOUND_SUPPRESSIONS_TABLE: 's',
        REBOUND_STATE_TABLE: 't',
        REBOUND_HASH_ONLY: 'true',
      },
      loadSyncConfig,
    );
    await expect(noKey).rejects.toThrow(/REBOUND_HASH_ONLY=true needs the ErasureKey secret/);
  });
  it('a missing secret of a synced vendor stops the cold start naming it, not showing values', async () => {
    const load = withEnv(
      {
        REBOUND_SYNC: 'ses,postmark',
        REBOUND_SUPPRESSIONS_TABLE: 's-table',
        REBOUND_STATE_TABLE: '',
        REBOUND_SENDGRID_API_KEY: 'SG.not-needed',
        REBOUND_POSTMARK_SERVER_TOKEN: '',
      },
      loadSyncConfig,
    );
    await expect(load).rejects.toMatchObject({ name: 'ConfigError' });
    await expect(load).rejects.toThrow(/State \(REBOUND_STATE_TABLE\)/);
    await expect(load).rejects.toThrow(/PostmarkServerToken \(REBOUND_POSTMARK_SERVER_TOKEN\)/);
    await expect(load).rejects.not.toThrow(/SendgridApiKey|s-table/);
    // SES alone needs no secret.
    const ses = await withEnv(
      { REBOUND_SYNC: 'ses', REBOUND_SUPPRESSIONS_TABLE: 's', REBOUND_STATE_TABLE: 't' },
      loadSyncConfig,
    );
    expect(ses.vendors).toEqual(['ses']);
  });
});
