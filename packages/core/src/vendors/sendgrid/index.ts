/**
 * The SendGrid adapter: Signed Event Webhook verification, the batch parser, its hint tables,
 * the replay signer and the local key pair. Loaded lazily through the registry.
 */
import type { VendorAdapter } from '../types.ts';
import * as hints from './hints.ts';
import { SENDGRID, type SendgridSettings } from './meta.ts';
import { parse } from './parse.ts';
import { type SendgridCredentials, sendgridLocal, sendgridReplay } from './replay.ts';
import { verify } from './verify.ts';

/** SendGrid, complete. */
export const adapter: VendorAdapter<SendgridSettings, SendgridCredentials> = {
  ...SENDGRID,
  async receive(req, { settings, now }) {
    verify(req, settings, now);
    return { events: parse(req.body, now) };
  },
  parse,
  hints,
  replay: sendgridReplay,
  local: sendgridLocal,
};
