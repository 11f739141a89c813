/**
 * The settings every function shares (tables, queues, the API key), as the same `SettingSpec`s
 * the vendors declare, plus which of them each kind of function reads.
 */
import type { ConfigSpec } from './config-spec.ts';
import { KEY_SPECS, RETRY_POLICY, STREAM_SPECS } from './process-specs.ts';

const text = (what: string) => (raw: string) => {
  const t = raw.trim();
  if (/\s/.test(t)) throw new Error(`must be one ${what}, without spaces`);
  return t;
};

/**
 * A queue URL: http(s), a host, a path, no spaces. Checked by shape, not by `new URL`, because
 * local SQS servers answer hosts like `sqs.us-east-1.127.0.0.1:4566` that WHATWG rejects.
 */
const url = (raw: string) => {
  const t = raw.trim();
  if (!/^https?:\/\/[^\s/]+\/\S+$/.test(t)) throw new Error('must be a queue URL');
  return t;
};

/** The Suppressions table (name-only link). */
export const SUPPRESSIONS_TABLE: ConfigSpec = {
  key: 'suppressionsTable',
  name: 'Suppressions',
  property: 'name',
  env: 'REBOUND_SUPPRESSIONS_TABLE',
  kind: 'secret',
  required: true,
  holds: 'the Suppressions table name',
  parse: text('table name'),
};

/** The State table (name-only link). */
export const STATE_TABLE: ConfigSpec = {
  key: 'stateTable',
  name: 'State',
  property: 'name',
  env: 'REBOUND_STATE_TABLE',
  kind: 'secret',
  required: true,
  holds: 'the State table name',
  parse: text('table name'),
};

/** The RetryQueue (URL-only link). */
export const RETRY_QUEUE: ConfigSpec = {
  key: 'retryQueueUrl',
  name: 'RetryQueue',
  property: 'url',
  env: 'REBOUND_RETRY_QUEUE_URL',
  kind: 'secret',
  required: true,
  holds: 'the RetryQueue URL',
  parse: url,
};

/** The RetryDueQueue (URL-only link). */
export const RETRY_DUE_QUEUE: ConfigSpec = {
  key: 'retryDueQueueUrl',
  name: 'RetryDueQueue',
  property: 'url',
  env: 'REBOUND_RETRY_DUE_QUEUE_URL',
  kind: 'secret',
  required: true,
  holds: 'the RetryDueQueue URL',
  parse: url,
};

/** One named bearer key of the suppression API. */
export interface ApiKey {
  name: string;
  key: string;
}

/**
 * Reads `name:key,name2:key2` (a bare key is named `default`); names are unique, keys non-empty.
 * A name is recorded as `api:<name>` in the history of every change the caller makes.
 */
export function parseApiKeys(raw: string): ApiKey[] {
  const keys = raw
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean)
    .map((p) => {
      const colon = p.indexOf(':');
      return colon > 0
        ? { name: p.slice(0, colon).trim(), key: p.slice(colon + 1).trim() }
        : { name: 'default', key: p };
    });
  if (keys.length === 0) throw new Error('holds no key');
  const seen = new Set<string>();
  for (const k of keys) {
    if (!/^[A-Za-z0-9_.-]{1,64}$/.test(k.name)) {
      throw new Error('key names are letters, digits, _ . - (name:key, comma separated)');
    }
    if (seen.has(k.name)) throw new Error(`the key name "${k.name}" is given twice`);
    if (!k.key || /\s/.test(k.key))
      throw new Error(`the key named "${k.name}" is empty or has spaces`);
    seen.add(k.name);
  }
  return keys;
}

/** The suppression API's bearer keys (`name:key,…`; a bare key is named `default`). */
export const API_KEY: ConfigSpec = {
  key: 'apiKeys',
  name: 'SuppressionApiKey',
  env: 'REBOUND_API_KEY',
  kind: 'secret',
  required: true,
  holds: 'the bearer keys of the suppression API (name:key, comma separated)',
  parse: parseApiKeys,
};

/** What each kind of function reads besides a vendor's own settings. */
export const COMMON_SPECS = {
  webhook: [
    SUPPRESSIONS_TABLE,
    STATE_TABLE,
    RETRY_QUEUE,
    ...STREAM_SPECS,
    RETRY_POLICY,
    ...KEY_SPECS,
  ],
  direct: [
    SUPPRESSIONS_TABLE,
    STATE_TABLE,
    RETRY_QUEUE,
    ...STREAM_SPECS,
    RETRY_POLICY,
    ...KEY_SPECS,
  ],
  worker: [SUPPRESSIONS_TABLE, STATE_TABLE, RETRY_QUEUE, RETRY_DUE_QUEUE, ...KEY_SPECS],
  // The API reads the State table's rate counters and `recent` index for the page.
  api: [SUPPRESSIONS_TABLE, STATE_TABLE, API_KEY, ...KEY_SPECS],
  reclassify: [SUPPRESSIONS_TABLE],
} as const satisfies Record<string, readonly ConfigSpec[]>;
