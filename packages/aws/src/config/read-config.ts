/**
 * Configuration checked once, at cold start: a Zod schema built from `SettingSpec`s (the common
 * ones and the vendor's), run over the raw values a source gives. Every missing or malformed
 * value is named (contract name and variable) in one ConfigError; no value is ever printed.
 */
import { ConfigError } from '@rebound/core';
import * as z from 'zod/mini';
import type { ConfigSpec } from './config-spec.ts';

/** Where raw values come from: an SST link or secret, else the environment variable. */
export type ConfigSource = (spec: ConfigSpec) => string | undefined;

/** The schema of one value: optional text → the spec's parsed value, or an issue. */
function fieldOf(spec: ConfigSpec) {
  return z.pipe(
    z.optional(z.string()),
    z.transform((raw, ctx) => {
      const given = raw !== undefined && raw.trim() !== '';
      if (!given && spec.required) {
        ctx.issues.push({ code: 'custom', message: 'is missing', input: undefined });
        return z.NEVER;
      }
      try {
        return spec.parse(given ? (raw as string) : (spec.default ?? ''));
      } catch (err) {
        // The spec's message never carries the value, and neither does ours.
        const why = err instanceof Error ? err.message : 'cannot be read';
        ctx.issues.push({ code: 'custom', message: `is malformed: ${why}`, input: undefined });
        return z.NEVER;
      }
    }),
  );
}

/** The Zod schema of a set of specs, keyed by `spec.key`. */
export function configSchema(specs: readonly ConfigSpec[]) {
  return z.object(Object.fromEntries(specs.map((s) => [s.key, fieldOf(s)])));
}

/** How a value is named in an error: `SendgridPublicKeys (REBOUND_SENDGRID_PUBLIC_KEYS)`. */
export function describeSpec(spec: ConfigSpec): string {
  return spec.kind === 'setting' ? spec.env : `${spec.name} (${spec.env})`;
}

/**
 * Reads and checks every spec; throws ConfigError listing each problem.
 *
 * @example readConfig([SUPPRESSIONS_TABLE], (s) => process.env[s.env]) // { suppressionsTable: '…' }
 */
export function readConfig(
  specs: readonly ConfigSpec[],
  source: ConfigSource,
): Record<string, unknown> {
  const raw = Object.fromEntries(specs.map((s) => [s.key, source(s)]));
  const result = z.safeParse(configSchema(specs), raw);
  if (result.success) return result.data as Record<string, unknown>;
  const byKey = new Map(specs.map((s) => [s.key, s]));
  throw new ConfigError(
    result.error.issues.map((issue) => {
      const spec = byKey.get(String(issue.path[0]));
      return spec ? `${describeSpec(spec)} ${issue.message}` : issue.message;
    }),
  );
}
