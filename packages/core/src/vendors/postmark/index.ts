/**
 * The Postmark adapter: basic-auth verification, the one-record parser, its hint tables, the
 * replay signer and the local credentials. Loaded lazily through the registry.
 */
import { NotConfiguredError } from '../../errors.ts';
import { hashedCredentialsOf } from '../../hashed-credential.ts';
import type { VendorAdapter } from '../types.ts';
import * as hints from './hints.ts';
import { POSTMARK, type PostmarkSettings } from './meta.ts';
import { parse } from './parse.ts';
import { type PostmarkCredentials, postmarkLocal, postmarkReplay } from './replay.ts';
import { verify } from './verify.ts';

/** Postmark, complete. */
export const adapter: VendorAdapter<PostmarkSettings, PostmarkCredentials> = {
  ...POSTMARK,
  async receive(req, { settings, now }) {
    // No credentials yet (`pending`, nothing connected): 503, which Postmark retries; a 401
    // or 403 it would not.
    if (settings.credentials.length === 0 && (settings.hashed ?? []).length === 0) {
      throw new NotConfiguredError('PostmarkCredentials', 'run `rebound connect postmark`');
    }
    verify(req, settings);
    return { events: await parse(req.body, now) };
  },
  withRuntime: (settings, stored) => ({
    ...settings,
    hashed: hashedCredentialsOf(stored.credentials),
  }),
  parse,
  hints,
  replay: postmarkReplay,
  local: postmarkLocal,
};
