/**
 * Deploy-time settings of a stage, read once from the environment `sst deploy` runs in
 * (`REBOUND_*`), validated, and typed for the rest of `infra/`.
 */

import {
  HASH_ONLY,
  RETRY_POLICY,
  STREAM_SPECS,
  streamsOf,
} from '../packages/aws/src/config/process-specs.ts';
import { readConfig } from '../packages/aws/src/config/read-config.ts';
import { ConfigError } from '../packages/core/src/errors.ts';
import { VENDOR_IDS, type VendorId } from './vendors.ts';

/** What a stage deploys beyond the always-on core (tables, queues, worker, API, alarms). */
export interface DeploySettings {
  /** `REBOUND_VENDORS=ses,sendgrid,postmark` (default: every registered vendor): whose webhooks deploy. */
  vendors: readonly VendorId[];
  /** `REBOUND_SES_IDENTITIES=example.com,…`: identities whose notifications go to the topic. */
  sesIdentities: readonly string[];
  /** `REBOUND_SES_CONFIGURATION_SET=name`: an existing set; unset = create `rebound-<stage>`. */
  sesConfigurationSet: string | undefined;
  /** `REBOUND_SES_HTTPS_SUBSCRIPTION=true`: also deliver SES over HTTPS (deploys that webhook). */
  sesHttpsSubscription: boolean;
  /** `REBOUND_ALERT_EMAIL=ops@…`: subscribes an address to the alarm topic. */
  alertEmail: string | undefined;
  /**
   * `REBOUND_RESERVED_CONCURRENCY=<n>|none`: reserved concurrency of each public Function URL
   * function; unset = the defaults in `infra/tuning.ts`, `none` = no reservation.
   */
  reservedConcurrency: number | 'default' | 'none';
  /** `REBOUND_SENDER_POLICY=false`: skip the managed IAM policy for the sending service. */
  senderManagedPolicy: boolean;
  /**
   * The suppression settings every data-touching function reads (`REBOUND_STREAMS`,
   * `REBOUND_STREAM_FIELDS`, `REBOUND_STREAM_MAP`, `REBOUND_STREAM_FALLBACK`,
   * `REBOUND_RETRY_POLICY`, `REBOUND_HASH_ONLY`), checked here exactly as the functions check
   * them at cold start.
   */
  suppressionEnv: Readonly<Record<string, string>>;
  /**
   * `REBOUND_ERASURE=true` (implied by `REBOUND_HASH_ONLY=true`): declare the `ErasureKey`
   * secret and link it to every function that reads or writes suppressions.
   */
  erasure: boolean;
  /** The deploy environment, for the vendors' deploy-time settings (`REBOUND_SENDGRID_*`…). */
  env: Readonly<Record<string, string | undefined>>;
}

/** Splits a comma-separated list, trimming blanks. */
function list(value: string | undefined): string[] {
  return (value ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}

function flag(name: string, value: string | undefined, fallback: boolean): boolean {
  if (value === undefined || value.trim() === '') return fallback;
  if (value === 'true') return true;
  if (value === 'false') return false;
  throw new Error(`${name} must be "true" or "false", not "${value}"`);
}

function vendors(value: string | undefined): VendorId[] {
  const ids = list(value?.toLowerCase());
  if (ids.length === 0) return [...VENDOR_IDS];
  const unknown = ids.filter((id) => !(VENDOR_IDS as readonly string[]).includes(id));
  if (unknown.length > 0) {
    throw new Error(
      `REBOUND_VENDORS: unknown vendor ${unknown.join(', ')} (known: ${VENDOR_IDS.join(', ')})`,
    );
  }
  return VENDOR_IDS.filter((id) => ids.includes(id));
}

function concurrency(value: string | undefined): DeploySettings['reservedConcurrency'] {
  const v = value?.trim() ?? '';
  if (v === '') return 'default';
  if (v === 'none') return 'none';
  if (/^[1-9]\d*$/.test(v)) return Number(v);
  throw new Error(`REBOUND_RESERVED_CONCURRENCY must be a positive number or "none", not "${v}"`);
}

/** The suppression settings that are set, validated with the functions' own specs. */
function suppressionEnv(env: Record<string, string | undefined>): Record<string, string> {
  const specs = [...STREAM_SPECS, RETRY_POLICY, HASH_ONLY];
  try {
    streamsOf(readConfig(specs, (s) => env[s.env]));
  } catch (err) {
    if (err instanceof ConfigError) throw new Error(err.problems.join('; '));
    throw err;
  }
  const out: Record<string, string> = {};
  for (const s of specs) {
    const value = env[s.env]?.trim();
    if (value) out[s.env] = value;
  }
  return out;
}

/** Reads and checks the settings; a bad value fails the deploy before any resource changes. */
export function readSettings(env: Record<string, string | undefined>): DeploySettings {
  const sesConfigurationSet = env.REBOUND_SES_CONFIGURATION_SET?.trim();
  const selected = vendors(env.REBOUND_VENDORS);
  // An SES option on a stage without SES would be silently ignored: say so instead.
  const sesOptions = ['REBOUND_SES_IDENTITIES', 'REBOUND_SES_CONFIGURATION_SET']
    .filter((k) => env[k]?.trim())
    .concat(
      env.REBOUND_SES_HTTPS_SUBSCRIPTION === 'true' ? ['REBOUND_SES_HTTPS_SUBSCRIPTION'] : [],
    );
  if (!selected.includes('ses') && sesOptions.length > 0) {
    throw new Error(`${sesOptions.join(', ')} set, but REBOUND_VENDORS does not include ses`);
  }
  return {
    vendors: selected,
    sesIdentities: list(env.REBOUND_SES_IDENTITIES),
    sesConfigurationSet: sesConfigurationSet || undefined,
    sesHttpsSubscription: flag(
      'REBOUND_SES_HTTPS_SUBSCRIPTION',
      env.REBOUND_SES_HTTPS_SUBSCRIPTION,
      false,
    ),
    alertEmail: env.REBOUND_ALERT_EMAIL?.trim() || undefined,
    reservedConcurrency: concurrency(env.REBOUND_RESERVED_CONCURRENCY),
    senderManagedPolicy: flag('REBOUND_SENDER_POLICY', env.REBOUND_SENDER_POLICY, true),
    suppressionEnv: suppressionEnv(env),
    erasure:
      flag('REBOUND_ERASURE', env.REBOUND_ERASURE, false) ||
      flag('REBOUND_HASH_ONLY', env.REBOUND_HASH_ONLY, false),
    env,
  };
}
