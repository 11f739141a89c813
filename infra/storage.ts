/**
 * DynamoDB: the suppression list and the state table (event markers, soft-bounce counters, rate
 * counters and batch markers, with the `recent` index), both with a TTL, plus the name-only links `Suppressions` and `State` the functions read.
 */

/** The State table's index of batch markers with bounces, by day (`recentDay`, `recentAt`). */
export const RECENT_INDEX = 'recent';

/** The tables and their name-only links (IAM comes from `infra/access.ts`). */
export interface Storage {
  suppressionsTable: sst.aws.Dynamo;
  stateTable: sst.aws.Dynamo;
  /** `Resource.Suppressions.name`; carries no permissions. */
  suppressions: sst.Linkable<{ name: $util.Output<string> }>;
  /** `Resource.State.name`; carries no permissions. */
  state: sst.Linkable<{ name: $util.Output<string> }>;
}

/** Creates both tables. Production tables also get deletion protection. */
export function createStorage(): Storage {
  const deletionProtection = $app.stage === 'production';
  const suppressionsTable = new sst.aws.Dynamo('SuppressionsTable', {
    fields: { email: 'string' },
    primaryIndex: { hashKey: 'email' },
    ttl: 'expiresAt',
    deletionProtection,
  });
  const stateTable = new sst.aws.Dynamo('StateTable', {
    fields: { pk: 'string', recentDay: 'string', recentAt: 'string' },
    primaryIndex: { hashKey: 'pk' },
    // Batch markers that carry bounces, by day: the page's "recent bounces" without a scan
    // (packages/aws/src/rates/keys.ts). Sparse: only those markers have `recentDay`.
    globalIndexes: {
      [RECENT_INDEX]: { hashKey: 'recentDay', rangeKey: 'recentAt', projection: 'all' },
    },
    ttl: 'expiresAt',
    deletionProtection,
  });
  // Never link the tables themselves: that would grant dynamodb:* on them.
  const suppressions = new sst.Linkable('Suppressions', {
    properties: { name: suppressionsTable.name },
  });
  const state = new sst.Linkable('State', { properties: { name: stateTable.name } });
  return { suppressionsTable, stateTable, suppressions, state };
}
