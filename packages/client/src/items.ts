/**
 * The few attributes of a Suppressions item the checker reads (a projection), decoded from
 * DynamoDB's AttributeValue form without @aws-sdk/util-dynamodb.
 */
import type { AttributeValue } from '@aws-sdk/client-dynamodb';

/** A Suppressions item as the checker sees it. */
export interface SuppressionItem {
  key: string;
  status: string;
  reason: string | null;
  firstSeen: string | null;
  /** Epoch seconds; undefined = never expires. */
  expiresAt: number | undefined;
  /** The record's own `scope` attribute (absent on global records). */
  scope: string | null;
}

/** ProjectionExpression + names: `status` is a reserved word, so every name is aliased. */
export const PROJECTION = {
  ProjectionExpression: '#k, #s, #r, #f, #x, #c',
  ExpressionAttributeNames: {
    '#k': 'email',
    '#s': 'status',
    '#r': 'reason',
    '#f': 'firstSeen',
    '#x': 'expiresAt',
    '#c': 'scope',
  },
} as const;

/** Decodes one item (null when it has no string key). */
export function itemFrom(item: Record<string, AttributeValue> | undefined): SuppressionItem | null {
  const key = item?.email?.S;
  if (!item || key === undefined) return null;
  const expires = item.expiresAt?.N;
  return {
    key,
    status: item.status?.S ?? '',
    reason: item.reason?.S ?? null,
    firstSeen: item.firstSeen?.S ?? null,
    expiresAt: expires === undefined ? undefined : Number(expires),
    scope: item.scope?.S ?? null,
  };
}
