/**
 * Where table-mode commands read and write: the Suppressions table (`--table`, else
 * `$REBOUND_SUPPRESSIONS_TABLE`, else the running local stack's `.rebound/stack.json`), its
 * endpoint (`--endpoint`, else `$AWS_ENDPOINT_URL_DYNAMODB`, else AWS), and the deployment's key
 * scheme (`$REBOUND_ERASURE_KEY`, `$REBOUND_HASH_ONLY`).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type AwsClients, createClients } from '@rebound/aws';
import { type KeyScheme, PLAIN_KEYS } from '@rebound/core';

/** A resolved target. */
export interface TableTarget {
  table: string;
  stateTable?: string;
  endpoint?: string;
  region?: string;
  keys: KeyScheme;
  /** The local stack (`npm start`): its servers take any credentials. */
  local?: boolean;
}

/** What `npm start` writes to `.rebound/stack.json` while it runs. */
export interface LocalStackInfo {
  pid: number;
  url: string;
  dynamodbEndpoint: string;
  region: string;
  suppressionsTable: string;
  stateTable: string;
}

/**
 * The running local stack, or null: `<dir>/stack.json` (`$REBOUND_LOCAL_DIR`, else `.rebound`
 * under the current directory) whose process is alive.
 */
export function runningLocalStack(
  dir = process.env.REBOUND_LOCAL_DIR ?? '.rebound',
): LocalStackInfo | null {
  let info: LocalStackInfo;
  try {
    info = JSON.parse(readFileSync(join(dir, 'stack.json'), 'utf8')) as LocalStackInfo;
  } catch {
    return null;
  }
  if (!Number.isInteger(info?.pid) || typeof info.suppressionsTable !== 'string') return null;
  try {
    process.kill(info.pid, 0);
  } catch (err) {
    // EPERM: alive but not ours; anything else: gone (a stack killed without its cleanup).
    if ((err as NodeJS.ErrnoException).code !== 'EPERM') return null;
  }
  return info;
}

/** The options every table-mode command accepts (for `parseArgs`). */
export const TABLE_OPTIONS = {
  table: { type: 'string' },
  'state-table': { type: 'string' },
  endpoint: { type: 'string' },
  region: { type: 'string' },
} as const;

/** The usage lines for those options. */
export const TABLE_USAGE = `  --table        Suppressions table (default: $REBOUND_SUPPRESSIONS_TABLE, else the running
                 local stack of npm start, read from .rebound/stack.json)
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
  const keys = keysFromEnv();
  if (typeof keys === 'string') return keys;
  const table = values.table ?? process.env.REBOUND_SUPPRESSIONS_TABLE;
  if (!table) {
    const local = values.endpoint ? null : runningLocalStack();
    if (!local) {
      return 'which table? give --table or set REBOUND_SUPPRESSIONS_TABLE (or run `npm start` for the local stack)';
    }
    return {
      table: local.suppressionsTable,
      stateTable: values['state-table'] ?? local.stateTable,
      endpoint: local.dynamodbEndpoint,
      region: local.region,
      keys,
      local: true,
    };
  }
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
    ...(target.local ? { credentials: LOCAL_CREDENTIALS } : {}),
  });
}

/** The local stack's servers accept any key. */
const LOCAL_CREDENTIALS = { accessKeyId: 'local', secretAccessKey: 'local' };

/** "the table X at Y" for error messages. */
export function where(target: TableTarget): string {
  if (target.local) return `${target.table} of the local stack (${target.endpoint})`;
  return target.endpoint ? `${target.table} at ${target.endpoint}` : target.table;
}
