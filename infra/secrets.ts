/**
 * The secrets (`npx sst secret set <Name> <value> --stage <stage>`), declared only when a
 * deployed function links them: a stage without SendGrid needs no SendGrid key. A linked
 * secret travels encrypted in the function bundle, with no IAM.
 */
import { VENDORS } from '../packages/core/src/vendors/registry.ts';
import type { SecretName } from './vendors.ts';

/** The declared secrets, by contract name (`Resource.<Name>.value`). */
export type Secrets = Partial<Record<SecretName, sst.Secret>>;

/** How a secret is declared: `none` = the deploy fails until it is set; else its value when unset. */
export interface SecretRow {
  holds: string;
  default: 'none' | 'ses-topic' | string;
}

/**
 * What each secret holds, from the vendors' setting specs plus the API key. `default: 'none'`
 * = the deploy fails until it is set; otherwise its value when unset.
 */
export const SECRETS: Record<SecretName, SecretRow> = Object.fromEntries([
  ...VENDORS.flatMap((v) =>
    v.settings
      .filter((s) => s.kind === 'secret')
      .map((s): [string, SecretRow] => {
        const d = 'deployDefault' in s ? s.deployDefault : undefined;
        return [
          s.name,
          {
            holds: s.holds,
            default: d === undefined ? 'none' : typeof d === 'string' ? d : 'ses-topic',
          },
        ];
      }),
  ),
  [
    'SuppressionApiKey',
    {
      holds: 'the bearer keys of the suppression API (name:key, comma separated)',
      default: 'none',
    },
  ],
  [
    'ErasureKey',
    {
      holds:
        'the HMAC key that keeps erased addresses suppressed (REBOUND_ERASURE=true; ≥ 16 characters, never rotated)',
      default: 'none',
    },
  ],
]);

/** Declares `names` (each once). `sesTopicArn` is required when SnsTopicAllowlist is among them. */
export function createSecrets(input: {
  names: readonly SecretName[];
  sesTopicArn?: $util.Input<string>;
}): Secrets {
  const secrets: Secrets = {};
  for (const name of input.names) {
    if (secrets[name]) continue;
    const fallback = SECRETS[name]?.default;
    if (fallback === undefined) throw new Error(`unknown secret ${name}`);
    if (fallback === 'none') secrets[name] = new sst.Secret(name);
    else if (fallback === 'ses-topic') {
      if (!input.sesTopicArn) throw new Error(`${name} needs the SES topic`);
      secrets[name] = new sst.Secret(name, input.sesTopicArn);
    } else secrets[name] = new sst.Secret(name, fallback);
  }
  return secrets;
}
