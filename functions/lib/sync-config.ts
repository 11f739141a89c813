/**
 * Configuration of the scheduled sync function, read and checked once per cold start with the
 * same specs and `readConfig` as every function: the tables (SST links, else
 * REBOUND_SUPPRESSIONS_TABLE / REBOUND_STATE_TABLE), the vendors to sync (`REBOUND_SYNC`, set by
 * infra/sync.ts), the deployment's streams and key scheme (`REBOUND_STREAM*`, `ErasureKey`,
 * `REBOUND_HASH_ONLY`, as every function that writes records reads them), and the secrets of
 * the synced vendors only (`SendgridApiKey`, `PostmarkServerToken`,
 * else REBOUND_SENDGRID_API_KEY / REBOUND_POSTMARK_SERVER_TOKEN). A problem stops the cold
 * start with a ConfigError naming the value, never showing it.
 */
import {
  type ConfigSpec,
  createClients,
  KEY_SPECS,
  keysOf,
  readConfig,
  STATE_TABLE,
  STREAM_SPECS,
  SUPPRESSIONS_TABLE,
  streamsOf,
} from '@rebound/aws';
import { isSyncVendor, type SyncHandlerDeps, type SyncVendor } from '@rebound/aws/sync';

/** Splits a comma/whitespace separated list. */
const list = (raw: string) => raw.split(/[\s,]+/).filter(Boolean);

/** The vendors of `REBOUND_SYNC` (`ses,sendgrid,postmark`), each once; an unknown name throws. */
export function syncVendors(value: string | undefined): SyncVendor[] {
  const names = list((value ?? '').toLowerCase());
  const unknown = names.filter((n) => !isSyncVendor(n));
  if (unknown.length) throw new Error(`REBOUND_SYNC: unknown vendor ${unknown.join(', ')}`);
  return [...new Set(names)] as SyncVendor[];
}

/** `REBOUND_SYNC`: which vendors this function syncs. */
export const SYNC_VENDORS_SPEC: ConfigSpec = {
  key: 'vendors',
  name: 'REBOUND_SYNC',
  env: 'REBOUND_SYNC',
  kind: 'setting',
  required: true,
  holds: 'the vendors to sync (ses, sendgrid, postmark)',
  parse: (raw) => {
    const vendors = syncVendors(raw);
    if (!vendors.length) throw new Error('names no vendor');
    return vendors;
  },
};

/** `REBOUND_SYNC_POSTMARK_STREAMS`: the Postmark streams (default: every non-inbound one). */
export const POSTMARK_STREAMS_SPEC: ConfigSpec = {
  key: 'postmarkStreams',
  name: 'REBOUND_SYNC_POSTMARK_STREAMS',
  env: 'REBOUND_SYNC_POSTMARK_STREAMS',
  kind: 'setting',
  required: false,
  holds: 'the Postmark message streams to sync',
  parse: list,
};

/** The secret each HTTP vendor's sync reads. */
export const SYNC_SECRET_SPECS: Record<'sendgrid' | 'postmark', ConfigSpec> = {
  sendgrid: {
    key: 'sendgridApiKey',
    name: 'SendgridApiKey',
    env: 'REBOUND_SENDGRID_API_KEY',
    kind: 'secret',
    required: true,
    holds: 'the SendGrid API key of the sync (Suppressions scope)',
    parse: (raw) => raw.trim(),
  },
  postmark: {
    key: 'postmarkServerToken',
    name: 'PostmarkServerToken',
    env: 'REBOUND_POSTMARK_SERVER_TOKEN',
    kind: 'secret',
    required: true,
    holds: 'the Postmark server API token of the sync',
    parse: (raw) => raw.trim(),
  },
};

type Linked = Record<string, Record<string, string | undefined> | undefined>;

/** Where a value comes from: SST links and secrets first, else its environment variable. */
async function source(): Promise<(spec: ConfigSpec) => string | undefined> {
  const env = process.env;
  let linked: Linked | null = null;
  if (env.SST_RESOURCE_App || env.SST_KEY_FILE) {
    linked = ((await import('sst')) as unknown as { Resource: Linked }).Resource;
  }
  return (spec) => {
    if (linked && spec.kind === 'secret') {
      try {
        // `Resource` is a Proxy that throws on names this function does not link.
        const value = linked[spec.name]?.[spec.property ?? 'value'];
        if (value !== undefined) return value;
      } catch {
        // not linked: fall back to the variable
      }
    }
    return env[spec.env];
  };
}

/** Reads the configuration once per cold start. */
export async function loadSyncConfig(): Promise<SyncHandlerDeps> {
  const env = process.env;
  const from = await source();
  const first = readConfig([SYNC_VENDORS_SPEC, POSTMARK_STREAMS_SPEC], from);
  const vendors = first.vendors as SyncVendor[];
  const secrets = vendors.flatMap((v) => (v === 'ses' ? [] : [SYNC_SECRET_SPECS[v]]));
  const v = readConfig(
    [SUPPRESSIONS_TABLE, STATE_TABLE, ...STREAM_SPECS, ...KEY_SPECS, ...secrets],
    from,
  );
  const streams = first.postmarkStreams as string[] | undefined;
  const clients = createClients(
    env.AWS_ENDPOINT_URL_DYNAMODB ? { dynamodbEndpoint: env.AWS_ENDPOINT_URL_DYNAMODB } : {},
  );
  return {
    doc: clients.doc,
    tables: { suppressions: String(v.suppressionsTable), state: String(v.stateTable) },
    vendors,
    processConfig: { streams: streamsOf(v) },
    keys: keysOf(v),
    settings: {
      sendgrid: {
        ...(v.sendgridApiKey ? { apiKey: String(v.sendgridApiKey) } : {}),
        ...(env.REBOUND_SENDGRID_API_URL ? { baseUrl: env.REBOUND_SENDGRID_API_URL } : {}),
      },
      postmark: {
        ...(v.postmarkServerToken ? { serverToken: String(v.postmarkServerToken) } : {}),
        ...(env.REBOUND_POSTMARK_API_URL ? { baseUrl: env.REBOUND_POSTMARK_API_URL } : {}),
        ...(streams?.length ? { streams } : {}),
      },
      ses: {
        ...(env.AWS_REGION ? { region: env.AWS_REGION } : {}),
        ...(env.AWS_ENDPOINT_URL_SESV2 ? { endpoint: env.AWS_ENDPOINT_URL_SESV2 } : {}),
      },
    },
    now: () => new Date(),
  };
}
