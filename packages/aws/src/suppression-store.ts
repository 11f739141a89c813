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
  DependencyError,
  isActive,
  lift,
  normalizeRecipient,
  type SuppressionRecord,
  type SuppressionStore,
} from '@rebound/core';
import { batchGet, refId } from './ddb/batch-get.ts';
import { dependencyError, guard } from './errors.ts';
import { recordFromItem } from './items.ts';

/** Normalizes an address for lookup the way the webhooks store it (core's `normalizeRecipient`). */
export function normalizeEmail(email: string): string {
  return normalizeRecipient(email) ?? email.trim().toLowerCase();
}

/** Creates the store over a DocumentClient and the Suppressions table. */
export function createSuppressionStore(deps: {
  doc: DynamoDBDocumentClient;
  table: string;
  now?: () => Date;
}): SuppressionStore {
  const now = deps.now ?? (() => new Date());
  const get = async (email: string) => {
    const res = await guard('dynamodb', () =>
      deps.doc.send(
        new GetCommand({
          TableName: deps.table,
          Key: { email: normalizeEmail(email) },
          ConsistentRead: true,
        }),
      ),
    );
    return recordFromItem(res.Item);
  };
  return {
    get,
    async isSuppressed(email) {
      return isActive(await get(email), now());
    },
    async checkSuppressions(emails) {
      const list = [...new Set(emails.map(normalizeEmail))];
      const found = await batchGet(
        deps.doc,
        list.map((value) => ({ table: deps.table, attr: 'email', value })),
      );
      return new Map(list.map((e) => [e, recordFromItem(found.get(refId(deps.table, e)))]));
    },
    async unsuppress(email, by, why) {
      for (let round = 0; round < 5; round++) {
        const current = await get(email);
        if (!current) return null;
        const at = now().toISOString();
        const next = { ...lift(current, { at, by, why }, at), version: current.version + 1 };
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
          return next;
        } catch (err) {
          if ((err as Error).name !== 'ConditionalCheckFailedException')
            throw dependencyError('dynamodb', err);
        }
      }
      throw new DependencyError('dynamodb', 'dynamodb: unsuppress lost the race 5 times');
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
