/**
 * DynamoDB suppression list. Schema of the Suppressions table (partition key `email`, TTL `expiresAt`):
 *
 *   email        S   the key: the normalized address (core's normalizeRecipient: trimmed, NFC,
 *                    lowercased, needless quotes dropped, IDN→ASCII) for a global suppression,
 *                    `stream:<name>:<address>` for a stream, `hmac:<hex>` for an erased address
 *                    (core's suppression-keys.ts; docs/client.md): one GetItem per key
 *   scope        S   optional: 'global' (when absent) or the stream name
 *   status       S   'suppressed' | 'unsuppressed' (a lifted record stays, with its history)
 *   action       S   'suppress'
 *   reason       S   Reason (user-unknown, complaint, unsubscribed, persistent-soft-bounce, …); a
 *                    never-expiring reason (complaint, unsubscribe) is not replaced by an expiring one
 *   rule         S   id of the classifier rule that fired (`kind:<kind>` for complaints/unsubscribes)
 *   reply        M   { code N|NULL, enhanced S|NULL, text S } of the deciding event, or NULL
 *   vendor       S   'sendgrid' | 'postmark' | 'ses'
 *   firstSeen    S   ISO 8601, earliest evidence;  lastSeen S  ISO 8601, latest evidence
 *   count        N   distinct evidence events (redeliveries and echoes of an existing record: not counted)
 *   evidence     L   last 5 events: { eventId, vendor, kind, at, reason, rule, reply, messageId, echo, note? }
 *   expiresAt    N   TTL, epoch s = lastSeen + ttlDays(reason); absent = never (complaint, unsubscribed,
 *                    invalid-address); per-reason days are configuration (`ProcessConfig.suppressionTtlDays`)
 *   createdByEcho BOOL the vendor's own suppression list created it (echo events only create, never bump)
 *   lifted       M   { at, by, why } of the last unsuppress (manual DELETE, resubscribe, reactivation)
 *   softBounce   M   { attempts, firstFailureAt, lastFailureAt } for persistent-soft-bounce
 *   version      N   optimistic-concurrency counter (every write is conditional on it)
 *   updatedAt    S   ISO 8601
 */
import { type DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import {
  type AddressStatus,
  blockingKeys,
  DependencyError,
  isActive,
  type KeyScheme,
  type LiftOutcome,
  lift,
  normalizeRecipient,
  PLAIN_KEYS,
  type SuppressionRecord,
  type SuppressionStore,
  storageKeyOf,
} from '@rebound/core';
import { backoff } from '../concurrency.ts';
import { batchGet, refId } from '../ddb/batch-get.ts';
import { recordFromItem } from '../ddb/items.ts';
import { dependencyError, guard } from '../errors.ts';

/** Normalizes an address for lookup the way the webhooks store it (core's `normalizeRecipient`). */
export function normalizeEmail(email: string): string {
  return normalizeRecipient(email) ?? email.trim().toLowerCase();
}

/** Reasons whose lift needs `force` and a reason (the recipient asked; a human overrides). */
const GUARDED = new Set(['complaint', 'unsubscribed']);

/** Conditional-write attempts for a lift racing webhook writes (with jittered backoff). */
const LIFT_ATTEMPTS = 8;

/** The standing of one address from the records found under its keys. */
function statusOf(
  address: string,
  stream: string | null,
  keys: string[],
  found: (key: string) => SuppressionRecord | null,
  now: Date,
): AddressStatus {
  const records = keys.map(found).filter((r): r is SuppressionRecord => r !== null);
  const blocking = records.find((r) => isActive(r, now)) ?? null;
  return {
    address,
    stream,
    suppressed: blocking !== null,
    record: blocking ?? records[0] ?? null,
    records,
  };
}

/** Creates the store over a DocumentClient and the Suppressions table. */
export function createSuppressionStore(deps: {
  doc: DynamoDBDocumentClient;
  table: string;
  now?: () => Date;
  /** Erasure / hash-only scheme (default: plain keys). */
  keys?: KeyScheme;
}): SuppressionStore {
  const now = deps.now ?? (() => new Date());
  const keys = deps.keys ?? PLAIN_KEYS;
  const get = async (key: string) => {
    const res = await guard('dynamodb', () =>
      deps.doc.send(
        new GetCommand({ TableName: deps.table, Key: { email: key }, ConsistentRead: true }),
      ),
    );
    return recordFromItem(res.Item);
  };
  const statuses = async (addresses: readonly string[], stream: string | null = null) => {
    const list = [...new Set(addresses.map(normalizeEmail))];
    const keyLists = new Map(list.map((a) => [a, blockingKeys(a, stream, keys)]));
    const found = await batchGet(
      deps.doc,
      [...keyLists.values()].flat().map((value) => ({ table: deps.table, attr: 'email', value })),
    );
    const at = now();
    const read = (key: string) => recordFromItem(found.get(refId(deps.table, key)));
    return new Map(list.map((a) => [a, statusOf(a, stream, keyLists.get(a) ?? [], read, at)]));
  };
  return {
    get,
    statuses,
    async status(address, stream = null) {
      return (await statuses([address], stream)).get(normalizeEmail(address)) as AddressStatus;
    },
    async isSuppressed(address, stream = null) {
      return (await this.status(address, stream)).suppressed;
    },
    async checkSuppressions(emails) {
      const all = await statuses(emails, null);
      return new Map(
        [...all].map(([a, s]) => [
          a,
          s.records.find((r) => !r.scope || r.scope === 'global') ?? null,
        ]),
      );
    },
    async lift(address, request): Promise<LiftOutcome> {
      const scope = request.scope ?? 'global';
      const plain = normalizeEmail(address);
      // The record lives under its storage key; an erased one under its hmac form.
      const candidates = [
        ...new Set([
          storageKeyOf(plain, scope, keys),
          ...(keys.hashKey ? [storageKeyOf(plain, scope, { ...keys, hashOnly: true })] : []),
        ]),
      ];
      for (let attempt = 0; attempt < LIFT_ATTEMPTS; attempt++) {
        let current: SuppressionRecord | null = null;
        for (const key of candidates) {
          current = await get(key);
          if (current) break;
        }
        if (!current) return { type: 'not-found' };
        if (current.status === 'unsuppressed') return { type: 'not-suppressed', record: current };
        if (current.status === 'suppressed' && GUARDED.has(current.reason) && !request.force) {
          return { type: 'force-required', record: current };
        }
        const at = now().toISOString();
        const why = request.force ? `${request.why} (forced)` : request.why;
        const lifted = lift(current, { at, by: request.by, why }, at);
        const next = { ...lifted, version: current.version + 1 };
        try {
          await deps.doc.send(
            new PutCommand({
              TableName: deps.table,
              Item: next,
              ConditionExpression: '#v = :v',
              ExpressionAttributeNames: { '#v': 'version' },
              ExpressionAttributeValues: { ':v': current.version },
            }),
          );
          return { type: 'lifted', record: next };
        } catch (err) {
          if ((err as Error).name !== 'ConditionalCheckFailedException') {
            throw dependencyError('dynamodb', err);
          }
        }
        // A webhook wrote the record meanwhile: wait a jittered moment, read it again.
        await backoff(attempt, 20, 800);
      }
      throw new DependencyError(
        'dynamodb',
        `dynamodb: the lift lost the race ${LIFT_ATTEMPTS} times`,
      );
    },
  };
}

/** Convenience for sending code: is this address suppressed right now? (one GetItem) */
export async function isSuppressed(
  deps: { doc: DynamoDBDocumentClient; table: string },
  email: string,
): Promise<boolean> {
  return createSuppressionStore(deps).isSuppressed(email);
}

/** Convenience for sending code: the record (or null) of each address (BatchGetItem, ≤100 keys per call; use `isActive`). */
export async function checkSuppressions(
  deps: { doc: DynamoDBDocumentClient; table: string },
  emails: readonly string[],
): Promise<Map<string, SuppressionRecord | null>> {
  return createSuppressionStore(deps).checkSuppressions(emails);
}

export type { SuppressionRecord };
