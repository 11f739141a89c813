/**
 * Helpers for the sync tests: fresh tables on the shared DynamoDB Local, a retry policy that
 * records its waits instead of sleeping, Rebound records to seed (active, lifted, forced), and
 * snapshots of both tables to prove a run changed nothing.
 */
import { randomUUID } from 'node:crypto';
import { PutCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { type AwsClients, ensureTables, type TableNames } from '@rebound/aws';
import { type RetryPolicy, retryPolicy } from '@rebound/aws/sync';
import type { Reason, SuppressionRecord } from '@rebound/core';
import { clientsFor } from '../aws/helpers.ts';

export { HAS_TRANSACTIONS } from '../aws/helpers.ts';

/** Clients and fresh, uniquely named tables. */
export interface SyncStack {
  clients: AwsClients;
  tables: TableNames;
}

/** Creates both tables (TTL off: seeded times are arbitrary). */
export async function syncStack(): Promise<SyncStack> {
  const clients = clientsFor();
  const id = randomUUID().slice(0, 8);
  const tables = { suppressions: `sync-suppressions-${id}`, state: `sync-state-${id}` };
  await ensureTables(clients.dynamodb, tables, { ttl: false });
  return { clients, tables };
}

/** A policy that records each wait (ms) and sleeps only `realMs` of it (default none). */
export function recordingPolicy(
  waits: number[],
  over: Partial<RetryPolicy> & { realMs?: (ms: number) => number } = {},
): RetryPolicy {
  const { realMs, ...rest } = over;
  return retryPolicy({
    baseMs: 5,
    sleep: async (ms) => {
      waits.push(ms);
      const real = realMs?.(ms) ?? 0;
      if (real > 0) await new Promise((resolve) => setTimeout(resolve, real));
    },
    ...rest,
  });
}

/** A record as the webhooks would have written it, with fields replaced. */
export function record(
  email: string,
  over: Partial<SuppressionRecord> & Record<string, unknown> = {},
): SuppressionRecord {
  const at = '2026-10-01T00:00:00.000Z';
  const reason: Reason = (over.reason as Reason | undefined) ?? 'user-unknown';
  return {
    email,
    status: 'suppressed',
    action: 'suppress',
    reason,
    rule: 'test',
    reply: null,
    vendor: 'sendgrid',
    firstSeen: at,
    lastSeen: at,
    count: 1,
    evidence: [],
    createdByEcho: false,
    history: [{ at, by: 'webhook:sendgrid', change: 'suppressed', reason }],
    version: 1,
    updatedAt: at,
    ...over,
  };
}

/** A lifted record: the lift at `at` by `by`, forced or not, as the last history entry. */
export function lifted(
  email: string,
  at: string,
  by: string,
  force: boolean | undefined,
  over: Partial<SuppressionRecord> = {},
): SuppressionRecord {
  const base = record(email, over);
  const entry = {
    at,
    by,
    change: 'lifted' as const,
    reason: base.reason,
    why: 'customer asked',
    ...(force === undefined ? {} : { force }),
  };
  return {
    ...base,
    status: 'unsuppressed',
    lifted: { at, by, why: 'customer asked' },
    history: [...(base.history ?? []), entry],
    ...over,
  };
}

/** Writes records as they are. */
export async function seed(stack: SyncStack, records: readonly SuppressionRecord[]) {
  for (const r of records) {
    await stack.clients.doc.send(new PutCommand({ TableName: stack.tables.suppressions, Item: r }));
  }
}

/** Every item of a table, sorted by key. */
export async function scanAll(
  stack: SyncStack,
  which: 'suppressions' | 'state',
): Promise<Record<string, unknown>[]> {
  const items: Record<string, unknown>[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const res = await stack.clients.doc.send(
      new ScanCommand({ TableName: stack.tables[which], ExclusiveStartKey: start }),
    );
    items.push(...(res.Items ?? []));
    start = res.LastEvaluatedKey;
  } while (start);
  const key = which === 'suppressions' ? 'email' : 'pk';
  return items.sort((a, b) => String(a[key]).localeCompare(String(b[key])));
}

/** The Suppressions records by address. */
export async function recordsByEmail(stack: SyncStack): Promise<Map<string, SuppressionRecord>> {
  const items = (await scanAll(stack, 'suppressions')) as unknown as SuppressionRecord[];
  return new Map(items.map((r) => [r.email, r]));
}

/** The stored sync cursor of a vendor (the State table item `sync#<vendor>`), or undefined. */
export async function cursorItem(
  stack: SyncStack,
  vendor: 'ses' | 'sendgrid' | 'postmark',
): Promise<Record<string, unknown> | undefined> {
  const items = await scanAll(stack, 'state');
  return items.find((i) => i.pk === `sync#${vendor}`);
}

/** Unix seconds of an ISO time. */
export const unix = (iso: string) => Math.floor(Date.parse(iso) / 1000);
