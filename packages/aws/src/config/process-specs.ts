/**
 * The deployment's suppression settings every data-touching function shares: streams (which
 * stream a complaint takes) and the key scheme (erasure key, hash-only mode). Read as
 * `ConfigSpec`s like everything else, then checked together: a map pointing at an unknown
 * stream, or hash-only mode without the key, stops the cold start.
 */
import {
  ConfigError,
  DEFAULT_RETRY_POLICY,
  DEFAULT_STREAMS,
  type KeyScheme,
  PLAIN_KEYS,
  REASONS,
  type RetryPolicy,
  type StreamConfig,
  streamConfigProblem,
} from '@rebound/core';
import * as z from 'zod/mini';
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

const DAY = 86_400;
const seconds = (max: number) => z.number().check(z.int(), z.positive(), z.maximum(max));
const RETRY_POLICY_SCHEMA = z.strictObject({
  schedules: z.optional(
    z.array(
      z.strictObject({
        id: z.string().check(z.minLength(1)),
        codes: z.optional(z.array(z.number().check(z.int(), z.gte(400), z.lte(499)))),
        reasons: z.optional(
          z.array(z.string().check(z.refine((r) => r in REASONS, 'an unknown reason'))),
        ),
        delays_s: z.array(seconds(DAY)).check(z.minLength(1), z.maxLength(20)),
      }),
    ),
  ),
  fallback: z.optional(
    z.strictObject({
      attempts: z.number().check(z.int(), z.positive(), z.lte(20)),
      base_s: seconds(DAY),
      factor: z.number().check(z.gte(1), z.lte(10)),
      max_s: seconds(DAY),
      jitter: z.number().check(z.gte(0), z.lt(1)),
    }),
  ),
  window_s: z.optional(seconds(7 * DAY)),
  max_hint_s: z.optional(seconds(DAY)),
});

/**
 * The deployment's retry policy: JSON overriding parts of the default (`schedules` replaces the
 * table, in order; `fallback`, `window_s`, `max_hint_s` replace their values).
 */
function retryPolicy(raw: string): RetryPolicy {
  if (raw.trim() === '') return DEFAULT_RETRY_POLICY;
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    throw new Error('must be JSON');
  }
  const parsed = z.safeParse(RETRY_POLICY_SCHEMA, json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`${issue?.path.join('.') || 'the value'}: ${issue?.message ?? 'invalid'}`);
  }
  const p = parsed.data;
  return {
    ...DEFAULT_RETRY_POLICY,
    ...(p.schedules
      ? {
          schedules: p.schedules.map((row) => ({
            id: row.id,
            match: {
              ...(row.codes ? { codes: row.codes } : {}),
              ...(row.reasons
                ? { reasons: row.reasons as RetryPolicy['schedules'][number]['match']['reasons'] }
                : {}),
            },
            delays_s: row.delays_s,
            source: 'REBOUND_RETRY_POLICY',
          })),
        }
      : {}),
    ...(p.fallback ? { fallback: p.fallback } : {}),
    ...(p.window_s ? { window_s: p.window_s } : {}),
    ...(p.max_hint_s ? { max_hint_s: p.max_hint_s } : {}),
  };
}

/** The retry schedule of soft bounces (JSON; empty = the built-in policy). */
export const RETRY_POLICY: ConfigSpec = {
  key: 'retryPolicy',
  name: 'REBOUND_RETRY_POLICY',
  env: 'REBOUND_RETRY_POLICY',
  kind: 'setting',
  required: false,
  default: '',
  holds: 'the retry schedule of soft bounces, as JSON overriding parts of the default',
  parse: retryPolicy,
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
