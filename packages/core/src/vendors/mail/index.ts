/**
 * The raw mail adapter: Rebound's HMAC signature on the posted mail, core's mail parser, the
 * SES receiving direct source (S3 → parser), the replay signer and the local secret. Loaded
 * lazily through the registry.
 */

import { NotConfiguredError } from '../../errors.ts';
import { verifyHmacSignature } from '../shared/hmac-signature.ts';
import type { SecretCredentials } from '../shared/secret-credentials.ts';
import type { VendorAdapter } from '../types.ts';
import * as hints from './hints.ts';
import { MAIL, type MailSettings } from './meta.ts';
import { parse, parseReceiptEvent, receiveMail } from './parse.ts';
import { mailLocal, mailReplay } from './replay.ts';

/** Raw bounce mail, complete. */
export const adapter: VendorAdapter<MailSettings, SecretCredentials> = {
  ...MAIL,
  async receive(req, { settings, now }) {
    // No secret yet (`pending`): 503, so a sender retries until the secret is set.
    if (settings.secrets.length === 0) {
      throw new NotConfiguredError(
        'MailWebhookSecrets',
        'set the MailWebhookSecrets secret and deploy',
      );
    }
    verifyHmacSignature(req, settings.secrets, now);
    return receiveMail(req.body, now);
  },
  parse,
  hints,
  directSource: { parse: parseReceiptEvent },
  replay: mailReplay,
  local: mailLocal,
};
