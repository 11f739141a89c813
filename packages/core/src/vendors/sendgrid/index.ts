/**
 * The SendGrid adapter: Signed Event Webhook verification, the batch parser, its hint tables,
 * the replay signer and the local key pair. Loaded lazily through the registry.
 */
import { NotConfiguredError } from '../../errors.ts';
import type { VendorAdapter } from '../types.ts';
import * as hints from './hints.ts';
import { importSendgridKey } from './keys.ts';
import { SENDGRID, type SendgridSettings } from './meta.ts';
import { parse } from './parse.ts';
import { type SendgridCredentials, sendgridLocal, sendgridReplay } from './replay.ts';
import { verify } from './verify.ts';

/** SendGrid, complete. */
export const adapter: VendorAdapter<SendgridSettings, SendgridCredentials> = {
  ...SENDGRID,
  async receive(req, { settings, now }) {
    // No key yet (`pending`, nothing connected): 503 so SendGrid retries (24 h) until connected.
    if (settings.publicKeys.length === 0) {
      throw new NotConfiguredError('SendgridPublicKeys', 'run `rebound connect sendgrid`');
    }
    verify(req, settings, now);
    return { events: parse(req.body, now) };
  },
  withRuntime: (settings, stored) => ({
    ...settings,
    publicKeys: [...settings.publicKeys, ...storedKeys(stored.publicKeys)],
  }),
  parse,
  hints,
  replay: sendgridReplay,
  local: sendgridLocal,
};

/** Keys `rebound connect sendgrid` stored: each must import as an EC P-256 key, else it is skipped. */
function storedKeys(value: unknown): string[] {
  if (!Array.isArray(value)) return [];
  return value.filter((k): k is string => {
    if (typeof k !== 'string') return false;
    try {
      importSendgridKey(k);
      return true;
    } catch {
      return false;
    }
  });
}
