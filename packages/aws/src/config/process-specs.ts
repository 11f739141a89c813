/**
 * The deployment's suppression settings every data-touching function shares: streams (which
 * stream a complaint takes) and the key scheme (erasure key, hash-only mode). Read as
 * `ConfigSpec`s like everything else, then checked together: a map pointing at an unknown
 * stream, or hash-only mode without the key, stops the cold start.
 */
import {
  ConfigError,
  DEFAULT_STREAMS,
  type KeyScheme,
  PLAIN_KEYS,
  type StreamConfig,
  streamConfigProblem,
} from '@rebound/core';
import type { ConfigSpec } from './config-spec.ts';

const list = (raw: string) =>
  raw
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);

/** `raw:stream,raw2:stream` (the raw value may itself hold ':' — the last one splits). */
function streamMap(raw: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const pair of list(raw)) {
    const at = pair.lastIndexOf(':');
    if (at <= 0 || at === pair.length - 1)
      throw new Error('must be raw:stream pairs, comma separated');
    out[pair.slice(0, at).trim()] = pair.slice(at + 1).trim();
  }
  return out;
}

const flag = (raw: string) => {
  const t = raw.trim();
  if (t === '' || t === 'false') return false;
  if (t === 'true') return true;
  throw new Error('must be true or false');
};

/** The stream names (`marketing,transactional`); none = every suppression global. */
export const STREAMS: ConfigSpec = {
  key: 'streams',
  name: 'REBOUND_STREAMS',
  env: 'REBOUND_STREAMS',
  kind: 'setting',
  required: false,
  default: '',
  holds: 'the stream names, comma separated',
  parse: list,
};

/** Metadata keys read in order for a message's stream. */
export const STREAM_FIELDS: ConfigSpec = {
  key: 'streamFields',
  name: 'REBOUND_STREAM_FIELDS',
  env: 'REBOUND_STREAM_FIELDS',
  kind: 'setting',
  required: false,
  default: DEFAULT_STREAMS.fields.join(','),
  holds: 'the metadata keys that name a stream, in order',
  parse: list,
};

/** Raw metadata value → stream. */
export const STREAM_MAP: ConfigSpec = {
  key: 'streamMap',
  name: 'REBOUND_STREAM_MAP',
  env: 'REBOUND_STREAM_MAP',
  kind: 'setting',
  required: false,
  default: '',
  holds: 'raw metadata values mapped to streams (raw:stream, comma separated)',
  parse: streamMap,
};

/** The scope of a complaint or unsubscribe with no mapped stream. */
export const STREAM_FALLBACK: ConfigSpec = {
  key: 'streamFallback',
  name: 'REBOUND_STREAM_FALLBACK',
  env: 'REBOUND_STREAM_FALLBACK',
  kind: 'setting',
  required: false,
  default: 'global',
  holds: 'the scope of a complaint with no mapped stream',
  parse: (raw) => raw.trim(),
};

/** The HMAC key of erased (`hmac:`) records; optional. */
export const ERASURE_KEY: ConfigSpec = {
  key: 'erasureKey',
  name: 'ErasureKey',
  env: 'REBOUND_ERASURE_KEY',
  kind: 'secret',
  required: false,
  default: '',
  holds: 'the HMAC key that keeps erased addresses suppressed',
  parse: (raw) => {
    const t = raw.trim();
    if (t !== '' && t.length < 16) throw new Error('must be at least 16 characters');
    return t;
  },
};

/** Store no plain address at all (needs the erasure key). */
export const HASH_ONLY: ConfigSpec = {
  key: 'hashOnly',
  name: 'REBOUND_HASH_ONLY',
  env: 'REBOUND_HASH_ONLY',
  kind: 'setting',
  required: false,
  default: 'false',
  holds: 'whether records are stored under keyed hashes only',
  parse: flag,
};

/** The stream settings. */
export const STREAM_SPECS = [STREAMS, STREAM_FIELDS, STREAM_MAP, STREAM_FALLBACK] as const;
/** The key-scheme settings. */
export const KEY_SPECS = [ERASURE_KEY, HASH_ONLY] as const;

/** The stream configuration from read values; a ConfigError when it contradicts itself. */
export function streamsOf(values: Record<string, unknown>): StreamConfig {
  const cfg: StreamConfig = {
    names: values.streams as string[],
    fields: values.streamFields as string[],
    map: values.streamMap as Record<string, string>,
    fallback: values.streamFallback as string,
  };
  const problem = streamConfigProblem(cfg);
  if (problem) throw new ConfigError([`streams (REBOUND_STREAM_*): ${problem}`]);
  return cfg;
}

/** The key scheme from read values; a ConfigError when hash-only mode has no key. */
export function keysOf(values: Record<string, unknown>): KeyScheme {
  const key = String(values.erasureKey ?? '');
  const hashOnly = values.hashOnly === true;
  if (hashOnly && !key) {
    throw new ConfigError([
      'REBOUND_HASH_ONLY=true needs the ErasureKey secret (REBOUND_ERASURE_KEY)',
    ]);
  }
  return key ? { hashKey: key, hashOnly } : PLAIN_KEYS;
}
