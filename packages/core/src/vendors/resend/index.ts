/**
 * The Resend adapter: Svix signature verification, the one-event parser, its hint tables, the
 * replay signer and the local secret. Loaded lazily through the registry.
 */
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
    const { id } = verify(req, settings, now);
    // `svix-id` is stable across retries and replays of one message: the vendor's event id.
    return { events: parse(req.body, now).map((e) => ({ ...e, vendorEventId: id })) };
  },
  parse,
  hints,
  replay: resendReplay,
  local: resendLocal,
};
