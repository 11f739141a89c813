/**
 * The Mailgun adapter: signature verification (HMAC over timestamp + token, in the body), the
 * one-event parser, its hint tables, the replay signer and the local signing key. Its receipt
 * carries the token as a single-use value bound to the event's content: Mailgun's signature does
 * not cover the events, so the generic handler lets each token carry one content only.
 */
import { NotConfiguredError } from '../../errors.ts';
import { jsonDigest } from '../shared/digest.ts';
import type { VendorAdapter } from '../types.ts';
import * as hints from './hints.ts';
import { MAILGUN, type MailgunSettings } from './meta.ts';
import { eventDataOf, parse, parseMailgunJson } from './parse.ts';
import { type MailgunCredentials, mailgunLocal, mailgunReplay } from './replay.ts';
import { verify } from './verify.ts';

/** How long past the window a claimed token is kept (clocks of other instances, TTL lag). */
const CLAIM_MARGIN_SECONDS = 3600;

/** Mailgun, complete. */
export const adapter: VendorAdapter<MailgunSettings, MailgunCredentials> = {
  ...MAILGUN,
  async receive(req, { settings, now }) {
    // No key yet (`pending`): 503, which Mailgun retries (for ~8 h) until the key is set.
    if (settings.signingKeys.length === 0) {
      throw new NotConfiguredError(
        'MailgunSigningKeys',
        'set the MailgunSigningKeys secret and deploy',
      );
    }
    const { timestamp, token, body } = verify(req, settings, now);
    const events = parseMailgunJson(body, now);
    const keepUntil = timestamp + settings.maxAgeSeconds + CLAIM_MARGIN_SECONDS;
    return {
      events,
      singleUse: {
        key: `mailgun#${token}`,
        digest: jsonDigest(eventDataOf(body)),
        expiresAt: new Date(keepUntil * 1000),
      },
    };
  },
  parse,
  hints,
  replay: mailgunReplay,
  local: mailgunLocal,
};
