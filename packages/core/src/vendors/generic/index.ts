/**
 * The generic endpoint's adapter: Rebound's HMAC signature, the schema-checked parser, its
 * hint tables, the replay signer and the local secret. Loaded lazily through the registry.
 */

import { NotConfiguredError } from '../../errors.ts';
import { verifyHmacSignature } from '../shared/hmac-signature.ts';
import type { SecretCredentials } from '../shared/secret-credentials.ts';
import type { VendorAdapter } from '../types.ts';
import * as hints from './hints.ts';
import { GENERIC, type GenericSettings } from './meta.ts';
import { parse } from './parse.ts';
import { genericLocal, genericReplay } from './replay.ts';

/** The generic endpoint, complete. */
export const adapter: VendorAdapter<GenericSettings, SecretCredentials> = {
  ...GENERIC,
  async receive(req, { settings, now }) {
    // No secret yet (`pending`): 503, so a sender retries until the secret is set.
    if (settings.secrets.length === 0) {
      throw new NotConfiguredError(
        'GenericWebhookSecrets',
        'set the GenericWebhookSecrets secret and deploy',
      );
    }
    verifyHmacSignature(req, settings.secrets, now);
    return { events: parse(req.body, now) };
  },
  parse,
  hints,
  replay: genericReplay,
  local: genericLocal,
};
