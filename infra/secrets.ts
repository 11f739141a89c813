/**
 * The secrets (`npx sst secret set <Name> <value> --stage <stage>`), declared only when a
 * deployed function links them: a stage without SendGrid needs no SendGrid key. A linked
 * secret travels encrypted in the function bundle, with no IAM.
 */
import type { SecretName } from './vendors.ts';

/** The declared secrets, by contract name (`Resource.<Name>.value`). */
export type Secrets = Partial<Record<SecretName, sst.Secret>>;

/**
 * What each secret holds. `default: 'none'` = the deploy fails until it is set;
 * otherwise its value when unset.
 */
export const SECRETS: Record<SecretName, { holds: string; default: 'none' | 'ses-topic' | '' }> = {
  SendgridPublicKeys: {
    holds: 'the Event Webhook verification key(s), base64 SPKI, comma separated',
    default: 'none',
  },
  PostmarkCredentials: { holds: '`user:pass` pairs, comma separated', default: 'none' },
  // This stage's own SES topic, so the HTTPS path works out of the box.
  SnsTopicAllowlist: { holds: 'SNS topic ARNs the SES webhook accepts', default: 'ses-topic' },
  // Empty = no basic auth on the HTTPS subscription (the SNS signature is still verified).
  SnsCredentials: { holds: 'the `user:pass` SNS sends to the SES webhook', default: '' },
  SuppressionApiKey: { holds: 'the bearer key of the suppression API', default: 'none' },
};

/** Declares `names` (each once). `sesTopicArn` is required when SnsTopicAllowlist is among them. */
export function createSecrets(input: {
  names: readonly SecretName[];
  sesTopicArn?: $util.Input<string>;
}): Secrets {
  const secrets: Secrets = {};
  for (const name of input.names) {
    if (secrets[name]) continue;
    const fallback = SECRETS[name].default;
    if (fallback === 'none') secrets[name] = new sst.Secret(name);
    else if (fallback === '') secrets[name] = new sst.Secret(name, '');
    else {
      if (!input.sesTopicArn) throw new Error(`${name} needs the SES topic`);
      secrets[name] = new sst.Secret(name, input.sesTopicArn);
    }
  }
  return secrets;
}
