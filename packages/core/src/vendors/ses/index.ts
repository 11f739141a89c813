/**
 * The Amazon SES adapter (SES → SNS): the HTTPS subscription's `receive` (basic-auth challenge,
 * signed envelope, subscription confirmation), the direct SNS→Lambda source, the offline
 * parser, its hint tables, the replay signer and the local certificate. Loaded lazily.
 */
import { DependencyError } from '../../errors.ts';
import type { VendorAdapter } from '../types.ts';
import * as hints from './hints.ts';
import { SES, type SesSettings } from './meta.ts';
import { parse, parseSnsLambdaEvent } from './parse.ts';
import { checkSnsBasicAuth, handleSnsEnvelope } from './receive.ts';
import { type SesCredentials, sesLocal, sesReplay } from './replay.ts';
import { CERTIFICATE_FETCH_TIMEOUT_MS } from './sns-certificate.ts';

/** How long confirming a subscription may take (SNS gives the endpoint 15 s in all). */
const CONFIRM_TIMEOUT_MS = 5_000;

/** Amazon SES, complete. */
export const adapter: VendorAdapter<SesSettings, SesCredentials> = {
  ...SES,
  async receive(req, { settings, now, http }) {
    const auth = checkSnsBasicAuth(req.headers, settings.credentials);
    if (auth.challenge) {
      return {
        answer: {
          status: 401,
          headers: { 'www-authenticate': auth.challenge },
          body: { error: 'authentication required' },
        },
      };
    }
    const outcome = await handleSnsEnvelope(
      req.body,
      req.headers,
      { topicArns: settings.topicArns },
      {
        fetchCertificate: (url) => http.get(url, { timeoutMs: CERTIFICATE_FETCH_TIMEOUT_MS }),
        now: () => now,
      },
    );
    if (outcome.type === 'subscription-confirmation') {
      try {
        await http.get(outcome.confirmUrl, { timeoutMs: CONFIRM_TIMEOUT_MS });
      } catch (cause) {
        throw new DependencyError('sns', `sns: confirming the subscription failed`, { cause });
      }
      return { answer: { status: 200, body: { ok: true, confirmed: outcome.topicArn } } };
    }
    if (outcome.type === 'unsubscribe-confirmation') {
      return { answer: { status: 200, body: { ok: true, unsubscribed: outcome.topicArn } } };
    }
    return { events: outcome.events };
  },
  parse,
  hints,
  directSource: { parse: parseSnsLambdaEvent },
  replay: sesReplay,
  local: sesLocal,
};
