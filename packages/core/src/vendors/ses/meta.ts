/**
 * Amazon SES's eager metadata: its HTTPS route (deployed only with the HTTPS subscription),
 * settings (topic allowlist, optional basic auth), and the sizes of its two functions.
 */
import type { BasicCredential } from '../shared/basic-auth.ts';
import { basicCredentials, list } from '../shared/settings.ts';
import type { SettingSpec, VendorMeta } from '../types.ts';

/**
 * The configuration-set event types routed to Rebound: everything bounce-related, plus
 * deliveries (which clear soft-bounce state) and subscription events (unsubscribes suppress).
 * Opens, clicks and sends are not Rebound's business. The deploy publishes exactly these
 * (infra/ses.ts); `rebound doctor` and `rebound connect ses` check for them.
 */
export const SES_EVENT_TYPES = [
  'BOUNCE',
  'COMPLAINT',
  'DELIVERY',
  'DELIVERY_DELAY',
  'REJECT',
  'RENDERING_FAILURE',
  'SUBSCRIPTION',
] as const;

/** SES's settings, parsed. */
export interface SesSettings {
  topicArns: string[];
  credentials: BasicCredential[];
}

const TOPIC_ARN = /^arn:(aws|aws-cn|aws-us-gov):sns:[a-z0-9-]+:\d{12}:[A-Za-z0-9_.-]{1,256}$/;

const settings = [
  {
    key: 'topicArns',
    name: 'SnsTopicAllowlist',
    env: 'REBOUND_SNS_TOPIC_ALLOWLIST',
    kind: 'secret',
    required: true,
    // This stage's own SES topic, so the HTTPS path works out of the box.
    deployDefault: { stack: 'sesTopicArn' },
    holds: 'SNS topic ARNs the SES webhook accepts, comma separated',
    parse: (raw: string) => {
      const arns = list(raw);
      if (arns.length === 0) throw new Error('has no topic ARN');
      const bad = arns.findIndex((a) => !TOPIC_ARN.test(a));
      if (bad >= 0) throw new Error(`entry ${bad + 1} is not an SNS topic ARN`);
      return arns;
    },
  } satisfies SettingSpec<string[]>,
  {
    key: 'credentials',
    name: 'SnsCredentials',
    env: 'REBOUND_SNS_CREDENTIALS',
    kind: 'secret',
    required: false,
    // Empty = no basic auth on the HTTPS subscription (the SNS signature is still verified).
    deployDefault: '',
    holds: 'the `user:password` SNS sends as basic auth; empty = none (the signature is checked)',
    parse: basicCredentials,
  } satisfies SettingSpec<BasicCredential[]>,
] as const;

/** Amazon SES (via SNS), as the registry lists it. */
export const SES = {
  id: 'ses',
  title: 'Amazon SES',
  component: 'Ses',
  docsUrl: 'https://docs.aws.amazon.com/ses/latest/dg/notification-contents.html',
  route: '/webhooks/ses',
  verification:
    'SNS signature v1/v2 on a pinned certificate URL, topic allowlist; optional basic auth',
  settings,
  // SNS over HTTPS gives an endpoint 15 s to answer; running longer is wasted (SNS retries).
  // Reserved concurrency: one notification per request, like Postmark. SNS may count a 429 as
  // a client error and drop that notification (docs/vendor-formats.md §3.1), which is one more reason
  // the direct subscription below is the default.
  tuning: { memoryMb: 256, timeoutSeconds: 15, reservedConcurrency: 20 },
  webhook: 'https-subscription',
  // Direct SNS → Lambda is an async invoke (Lambda retries), one notification per record. Not
  // public (only the topic may invoke it), and a throttled async invoke waits and is retried
  // by Lambda for up to 6 h, so it reserves nothing.
  direct: { tuning: { memoryMb: 256, timeoutSeconds: 30 } },
} as const satisfies VendorMeta<'ses'>;
