/**
 * The stages the infra tests deploy under the mocks, named once so every test file asks for
 * the same scenario (and its result is reused within the file).
 */
import { ALL_SECRETS, type Scenario, scenario } from './sst-mock/deploy.ts';

/** A new user's first deploy: `npx sst deploy --stage dev`, all three vendors, no options. */
export const DEV: Scenario = scenario();

/** The same in production (retained, protected tables). */
export const PRODUCTION: Scenario = scenario({}, { stage: 'production' });

/** The SNS basic-auth pair(s) of the HTTPS scenario; the first is put in the subscription URL. */
export const SNS_CREDENTIALS = 'sns-user:p@ss:word,old-user:old';

/**
 * Every function deployed: all vendors (the opt-in generic and mail sources named), the SES
 * HTTPS subscription (and its webhook), and SES receiving for a bounce domain.
 */
export const EVERYTHING: Scenario = scenario(
  {
    REBOUND_VENDORS: 'ses,sendgrid,postmark,mailgun,resend,generic,mail',
    REBOUND_SES_HTTPS_SUBSCRIPTION: 'true',
    REBOUND_BOUNCE_DOMAIN: 'bounces.example.com',
  },
  { secrets: { ...ALL_SECRETS, SnsCredentials: SNS_CREDENTIALS } },
);

/** An SES-only stage: none of SendGrid's or Postmark's secrets are set. */
export const SES_ONLY: Scenario = scenario(
  { REBOUND_VENDORS: 'ses' },
  { secrets: { SuppressionApiKey: ALL_SECRETS.SuppressionApiKey } },
);
