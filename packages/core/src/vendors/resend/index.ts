/**
 * The Resend adapter: Svix signature verification, the one-event parser, its hint tables, the
 * replay signer and the local secret. Loaded lazily through the registry.
 */
import { NotConfiguredError } from '../../errors.ts';
import type { VendorAdapter } from '../types.ts';
import * as hints from './hints.ts';
import { RESEND, type ResendSettings } from './meta.ts';
import { parse } from './parse.ts';
import { type ResendCredentials, resendLocal, resendReplay } from './replay.ts';
import { verify } from './verify.ts';

/** Resend, complete. */
export const adapter: VendorAdapter<ResendSettings, ResendCredentials> = {
  ...RESEND,
  async receive(req, { settings, now }) {
    // No secret yet (`pending`): 503, which Svix retries (for days) until the secret is set.
    if (settings.secrets.length === 0) {
      throw new NotConfiguredError(
        'ResendSigningSecrets',
        'set the ResendSigningSecrets secret and deploy',
      );
    }
    const { id } = verify(req, settings, now);
    // `svix-id` is stable across retries and replays of one message: the vendor's event id.
    return { events: parse(req.body, now).map((e) => ({ ...e, vendorEventId: id })) };
  },
  parse,
  hints,
  replay: resendReplay,
  local: resendLocal,
};
