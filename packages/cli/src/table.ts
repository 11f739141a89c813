/**
 * Where table-mode commands read and write: the Suppressions table (`--table`, else
 * `$REBOUND_SUPPRESSIONS_TABLE`), its endpoint (`--endpoint`, else `$AWS_ENDPOINT_URL_DYNAMODB`,
 * else AWS), and the deployment's key scheme (`$REBOUND_ERASURE_KEY`, `$REBOUND_HASH_ONLY`).
 */
import { type AwsClients, createClients } from '@rebound/aws';
import { type KeyScheme, PLAIN_KEYS } from '@rebound/core';

/** A resolved target. */
export interface TableTarget {
  table: string;
  stateTable?: string;
  endpoint?: string;
  region?: string;
  keys: KeyScheme;
}

/** The options every table-mode command accepts (for `parseArgs`). */
export const TABLE_OPTIONS = {
  table: { type: 'string' },
  'state-table': { type: 'string' },
  endpoint: { type: 'string' },
  region: { type: 'string' },
} as const;

/** The usage lines for those options. */
export const TABLE_USAGE = `  --table        Suppressions table (default: $REBOUND_SUPPRESSIONS_TABLE)
  --state-table  State table (default: $REBOUND_STATE_TABLE)
  --endpoint     DynamoDB endpoint (default: $AWS_ENDPOINT_URL_DYNAMODB, else AWS)
  --region       AWS region (default: the SDK's)`;

/** The key scheme from the environment; a string says what is wrong. */
export function keysFromEnv(env: NodeJS.ProcessEnv = process.env): KeyScheme | string {
  const key = env.REBOUND_ERASURE_KEY ?? '';
  const hashOnly = env.REBOUND_HASH_ONLY === 'true';
  if (hashOnly && !key)
    return 'REBOUND_HASH_ONLY=true needs REBOUND_ERASURE_KEY (the deployment secret)';
  return key ? { hashKey: key, hashOnly } : PLAIN_KEYS;
}

/** Resolves the target from parsed options; a string says what is missing. */
export function tableTargetOf(values: {
  table?: string | undefined;
  'state-table'?: string | undefined;
  endpoint?: string | undefined;
  region?: string | undefined;
}): TableTarget | string {
  const table = values.table ?? process.env.REBOUND_SUPPRESSIONS_TABLE;
  if (!table) return 'which table? give --table or set REBOUND_SUPPRESSIONS_TABLE';
  const keys = keysFromEnv();
  if (typeof keys === 'string') return keys;
  const stateTable = values['state-table'] ?? process.env.REBOUND_STATE_TABLE;
  const endpoint = values.endpoint ?? process.env.AWS_ENDPOINT_URL_DYNAMODB;
  return {
    table,
    keys,
    ...(stateTable ? { stateTable } : {}),
    ...(endpoint ? { endpoint } : {}),
    ...(values.region ? { region: values.region } : {}),
  };
}

/** SDK clients for a target. */
export function clientsFor(target: TableTarget): AwsClients {
  return createClients({
    ...(target.endpoint ? { dynamodbEndpoint: target.endpoint } : {}),
    ...(target.region ? { region: target.region } : {}),
  });
}

/** "the table X at Y" for error messages. */
export function where(target: TableTarget): string {
  return target.endpoint ? `${target.table} at ${target.endpoint}` : target.table;
}
