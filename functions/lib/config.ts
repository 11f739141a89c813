/**
 * Runtime configuration for the Lambda entry points, read and checked once per cold start:
 * `Resource.<Name>` from the `sst` package when running under SST, else REBOUND_* environment
 * variables (local stack and tests). A missing or malformed value stops the cold start with a
 * ConfigError naming it (never its value), instead of surfacing later as 403s.
 */
import {
  type ApiKey,
  type AwsClients,
  COMMON_SPECS,
  type ConfigSpec,
  cachedRuntimeSettings,
  createClients,
  keysOf,
  readConfig,
  readRuntimeSettings,
  streamsOf,
  type TableNames,
} from '@rebound/aws';
import {
  ConfigError,
  type DirectIo,
  isVendorId,
  type KeyScheme,
  loadVendor,
  type ProcessConfig,
  VENDOR_IDS,
  type VendorAdapter,
} from '@rebound/core';

/** What every function gets: the clients and its clock. */
export interface BaseConfig {
  doc: AwsClients['doc'];
  sqs: AwsClients['sqs'];
  now(): Date;
}

/** A vendor's webhook or direct subscription (`functions/webhook.ts`, `functions/subscriber.ts`). */
export interface VendorConfig extends BaseConfig {
  tables: TableNames;
  retryQueueUrl: string;
  adapter: VendorAdapter;
  /** The adapter's settings, parsed by its own specs. */
  settings: Record<string, unknown>;
  /** The deployment's streams (`REBOUND_STREAM*`). */
  processConfig: Partial<ProcessConfig>;
  /** Plain keys, or the erasure key and hash-only mode. */
  keys: KeyScheme;
  /** What `rebound connect` stored (webhooks of vendors that take runtime settings). */
  runtimeSettings?: () => Promise<Record<string, unknown>>;
  /** The webhook's body limit, when the source sets its own (raw mail). */
  maxBodyBytes?: number;
  /** What a direct source reads besides its event (the inbound mail bucket). */
  io?: DirectIo;
}

/** The retry worker. */
export interface WorkerConfig extends BaseConfig {
  tables: TableNames;
  retryQueueUrl: string;
  retryDueQueueUrl: string;
  keys: KeyScheme;
}

/** The suppression API. */
export interface ApiConfig extends BaseConfig {
  suppressionsTable: string;
  /** Both tables: the page's /stats and /recent read the State table. */
  tables: TableNames;
  apiKeys: ApiKey[];
  keys: KeyScheme;
}

type Linked = Record<string, Record<string, string | undefined> | undefined>;

async function sstResources(): Promise<{ resource: Linked } | null> {
  if (!process.env.SST_RESOURCE_App && !process.env.SST_KEY_FILE) return null;
  const mod = (await import('sst')) as unknown as { Resource: Linked };
  // Wrapped: `Resource` is a Proxy that throws on unknown keys, so awaiting it (`.then`) would throw.
  return { resource: mod.Resource };
}

/**
 * Where a value comes from: SST links and secrets first (`Resource.<name>.<property>`; a
 * setting is an environment variable SST sets), else the `REBOUND_*` variable.
 */
async function source(): Promise<(spec: ConfigSpec) => string | undefined> {
  const resources = (await sstResources())?.resource;
  const env = process.env;
  return (spec) => {
    if (resources && spec.kind === 'secret') {
      try {
        // `Resource` is a Proxy that throws on names this function does not link.
        const linked = resources[spec.name]?.[spec.property ?? 'value'];
        if (linked !== undefined) return linked;
      } catch {
        // not linked: fall back to the variable
      }
    }
    return env[spec.env];
  };
}

function base(): BaseConfig {
  const env = process.env;
  const clients = createClients({
    ...(env.AWS_ENDPOINT_URL_DYNAMODB ? { dynamodbEndpoint: env.AWS_ENDPOINT_URL_DYNAMODB } : {}),
    ...(env.AWS_ENDPOINT_URL_SQS ? { sqsEndpoint: env.AWS_ENDPOINT_URL_SQS } : {}),
  });
  return { doc: clients.doc, sqs: clients.sqs, now: () => new Date() };
}

/** The vendor a function serves: `REBOUND_VENDOR`, one of the registry's ids. */
function vendorOf(value: string | undefined): string {
  if (value === undefined || value.trim() === '') {
    throw new ConfigError([`REBOUND_VENDOR is missing (one of ${VENDOR_IDS.join(', ')})`]);
  }
  if (!isVendorId(value.trim())) {
    throw new ConfigError([`REBOUND_VENDOR names no registered vendor (${VENDOR_IDS.join(', ')})`]);
  }
  return value.trim();
}

/**
 * The configuration of a vendor's function: loads its adapter (its own code chunk only) and
 * checks the common values and the adapter's settings together.
 *
 * @example const config = await loadVendorConfig(); // REBOUND_VENDOR=sendgrid
 */
export async function loadVendorConfig(
  vendor = process.env.REBOUND_VENDOR,
  kind: 'webhook' | 'direct' = 'webhook',
): Promise<VendorConfig> {
  const id = vendorOf(vendor);
  const adapter = await loadVendor(id as Parameters<typeof loadVendor>[0]);
  // A direct source is IAM-authorized: it reads none of the webhook's secrets, only where its
  // objects are (when it reads any).
  const own = kind === 'webhook' ? adapter.settings : [];
  const objects = kind === 'direct' ? adapter.direct?.objects : undefined;
  const values = readConfig(
    [...COMMON_SPECS[kind], ...own, ...(objects ? [objects.bucket] : [])],
    await source(),
  );
  const settings = Object.fromEntries(own.map((s) => [s.key, values[s.key]]));
  const common = base();
  const tables = {
    suppressions: String(values.suppressionsTable),
    state: String(values.stateTable),
  };
  // `rebound connect` writes settings#<vendor>; read at the first request, then every minute.
  const runtime =
    kind === 'webhook' && adapter.withRuntime
      ? {
          runtimeSettings: cachedRuntimeSettings(() =>
            readRuntimeSettings(common.doc, tables.state, id),
          ),
        }
      : {};
  return {
    ...common,
    tables,
    retryQueueUrl: String(values.retryQueueUrl),
    adapter,
    settings,
    processConfig: {
      streams: streamsOf(values),
      retryPolicy: values.retryPolicy as ProcessConfig['retryPolicy'],
    },
    keys: keysOf(values),
    ...runtime,
    ...(kind === 'webhook' && adapter.maxBodyBytes ? { maxBodyBytes: adapter.maxBodyBytes } : {}),
    ...(objects
      ? { io: await objectReader(String(values[objects.bucket.key]), objects.prefix) }
      : {}),
  };
}

/** The S3 reader of a direct source, loaded only by the function that reads objects. */
async function objectReader(bucket: string, prefix: string): Promise<DirectIo> {
  const { createObjectReader, createS3Client } = await import('@rebound/aws/s3');
  const endpoint = process.env.AWS_ENDPOINT_URL_S3;
  return createObjectReader({ s3: createS3Client(endpoint ? { endpoint } : {}), bucket, prefix });
}

/** The retry worker's configuration. */
export async function loadWorkerConfig(): Promise<WorkerConfig> {
  const v = readConfig(COMMON_SPECS.worker, await source());
  return {
    ...base(),
    tables: { suppressions: String(v.suppressionsTable), state: String(v.stateTable) },
    retryQueueUrl: String(v.retryQueueUrl),
    retryDueQueueUrl: String(v.retryDueQueueUrl),
    keys: keysOf(v),
  };
}

/** The suppression API's configuration. */
export async function loadApiConfig(): Promise<ApiConfig> {
  const v = readConfig(COMMON_SPECS.api, await source());
  return {
    ...base(),
    suppressionsTable: String(v.suppressionsTable),
    tables: { suppressions: String(v.suppressionsTable), state: String(v.stateTable) },
    apiKeys: v.apiKeys as ApiKey[],
    keys: keysOf(v),
  };
}

/** The reclassify job's configuration. */
export async function loadReclassifyConfig(): Promise<BaseConfig & { suppressionsTable: string }> {
  const v = readConfig(COMMON_SPECS.reclassify, await source());
  return { ...base(), suppressionsTable: String(v.suppressionsTable) };
}
