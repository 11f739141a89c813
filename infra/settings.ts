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
import { DEFAULT_VENDOR_IDS, VENDOR_IDS, type VendorId } from './vendors.ts';

/** What a stage deploys beyond the always-on core (tables, queues, worker, API, alarms). */
export interface DeploySettings {
  /**
   * `REBOUND_VENDORS=ses,sendgrid,postmark,generic,mail`: whose webhooks deploy. Default: every
   * registered vendor except the opt-in sources (`generic`, `mail`), which only a list names.
   */
  vendors: readonly VendorId[];
  /**
   * SES receiving for a bounce domain (docs/deploy.md, "Bounce mail through SES"): unset = none.
   * `ruleSet`: the existing receipt rule set Rebound adds its rule to, or undefined = Rebound's
   * own set `rebound-<stage>`, activated only when `activate` (never replacing another silently).
   */
  inbound:
    | { domain: string; ruleSet: string | undefined; activate: boolean; retentionDays: number }
    | undefined;
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
  if (ids.length === 0) return [...DEFAULT_VENDOR_IDS];
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

/** A domain name (lower-cased letters, digits, dashes; at least two labels). */
const DOMAIN = /^(?=.{4,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;
/** An SES receipt rule set name (AWS: letters, digits, `_ . -`, at most 64, starting alphanumeric). */
const RULE_SET = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;

/** The bounce domain's receiving settings (`REBOUND_BOUNCE_DOMAIN`, `REBOUND_SES_RULE_SET`, …). */
function inbound(env: Record<string, string | undefined>): DeploySettings['inbound'] {
  const domain = env.REBOUND_BOUNCE_DOMAIN?.trim().toLowerCase() ?? '';
  const ruleSet = env.REBOUND_SES_RULE_SET?.trim() ?? '';
  const activate = flag('REBOUND_SES_ACTIVATE_RULE_SET', env.REBOUND_SES_ACTIVATE_RULE_SET, false);
  const days = env.REBOUND_INBOUND_RETENTION_DAYS?.trim() ?? '';
  if (domain === '') {
    const stray = [
      'REBOUND_SES_RULE_SET',
      'REBOUND_SES_ACTIVATE_RULE_SET',
      'REBOUND_INBOUND_RETENTION_DAYS',
    ].filter((k) => env[k]?.trim());
    if (stray.length > 0)
      throw new Error(`${stray.join(', ')} set, but REBOUND_BOUNCE_DOMAIN is not`);
    return undefined;
  }
  if (!DOMAIN.test(domain)) {
    throw new Error(
      `REBOUND_BOUNCE_DOMAIN must be a domain name (bounces.example.com), not "${domain}"`,
    );
  }
  if (ruleSet !== '' && !RULE_SET.test(ruleSet)) {
    throw new Error(`REBOUND_SES_RULE_SET must be an SES receipt rule set name, not "${ruleSet}"`);
  }
  // Activating deactivates whatever set is active now: only ever Rebound's own, and only asked.
  if (ruleSet !== '' && activate) {
    throw new Error(
      'REBOUND_SES_ACTIVATE_RULE_SET applies to the rule set Rebound creates; with REBOUND_SES_RULE_SET Rebound only adds its rule to your set',
    );
  }
  if (days !== '' && !/^[1-9]\d{0,3}$/.test(days)) {
    throw new Error(
      `REBOUND_INBOUND_RETENTION_DAYS must be a number of days (1-9999), not "${days}"`,
    );
  }
  return {
    domain,
    ruleSet: ruleSet || undefined,
    activate,
    retentionDays: days === '' ? INBOUND_RETENTION_DAYS : Number(days),
  };
}

/**
 * How long inbound mail stays in its bucket: long enough to redrive a failed invocation from the
 * on-failure queue (SQS keeps it 14 days), short enough not to hoard other people's mail.
 */
export const INBOUND_RETENTION_DAYS = 14;

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
    inbound: inbound(env),
    suppressionEnv: suppressionEnv(env),
    erasure:
      flag('REBOUND_ERASURE', env.REBOUND_ERASURE, false) ||
      flag('REBOUND_HASH_ONLY', env.REBOUND_HASH_ONLY, false),
    env,
  };
}
