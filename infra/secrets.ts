/**
 * The four secrets (`sst secret set <Name> <value> --stage <stage>`). Each function links
 * only the ones it reads; a linked secret travels encrypted in the bundle, with no IAM.
 */

/** The Rebound secrets, by contract name. */
export interface Secrets {
  /** One or more base64 SPKI P-256 keys, comma or whitespace separated. */
  sendgridPublicKeys: sst.Secret;
  /** `user:pass` pairs, comma separated. */
  postmarkCredentials: sst.Secret;
  /** Comma-separated SNS topic ARNs the SES endpoints accept. */
  snsTopicAllowlist: sst.Secret;
  /** Bearer key for the suppression API. */
  suppressionApiKey: sst.Secret;
}

/**
 * Declares the secrets. Only the topic allowlist has a placeholder (this stage's own SES
 * topic, so the default path works out of the box); a deploy fails until the others are set.
 */
export function createSecrets(input: { sesTopicArn: $util.Input<string> }): Secrets {
  return {
    sendgridPublicKeys: new sst.Secret('SendgridPublicKeys'),
    postmarkCredentials: new sst.Secret('PostmarkCredentials'),
    snsTopicAllowlist: new sst.Secret('SnsTopicAllowlist', input.sesTopicArn),
    suppressionApiKey: new sst.Secret('SuppressionApiKey'),
  };
}
