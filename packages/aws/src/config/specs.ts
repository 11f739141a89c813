/**
 * The settings every function shares (tables, queues, the API key), as the same `SettingSpec`s
 * the vendors declare, plus which of them each kind of function reads.
 */
import type { SettingSpec } from '@rebound/core';

/** A setting read from an SST link's property (`Resource.<name>.<property>`). */
export type ConfigSpec = SettingSpec & { property?: 'name' | 'url' | 'value' };

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

/** The suppression API's bearer key. */
export const API_KEY: ConfigSpec = {
  key: 'apiKey',
  name: 'SuppressionApiKey',
  env: 'REBOUND_API_KEY',
  kind: 'secret',
  required: true,
  holds: 'the bearer key of the suppression API',
  parse: (raw) => raw.trim(),
};

/** What each kind of function reads besides a vendor's own settings. */
export const COMMON_SPECS = {
  webhook: [SUPPRESSIONS_TABLE, STATE_TABLE, RETRY_QUEUE],
  worker: [SUPPRESSIONS_TABLE, STATE_TABLE, RETRY_QUEUE, RETRY_DUE_QUEUE],
  api: [SUPPRESSIONS_TABLE, API_KEY],
  reclassify: [SUPPRESSIONS_TABLE],
} as const satisfies Record<string, readonly ConfigSpec[]>;
