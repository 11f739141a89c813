/**
 * The deploy-time options (infra/settings.ts) under the mock deploy: vendors per stage and
 * the secrets each needs, the SES options (HTTPS subscription with its basic-auth secret,
 * identities, an existing configuration set), reserved concurrency, the sender's managed
 * policy, the alert e-mail, and the errors a bad setting gives before anything deploys.
 */
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { EVERYTHING, SES_ONLY, SNS_CREDENTIALS } from './scenarios.ts';
import {
  ALL_SECRETS,
  componentOfHandler,
  type Deployment,
  fn,
  functionComponents,
  handlerKey,
  mockDeploy,
  mockDeployError,
  named,
  ofType,
  scenario,
  unwrap,
} from './sst-mock/deploy.ts';
import { ensurePlatform } from './sst-mock/platform.ts';

const unavailable = ensurePlatform();
beforeEach((ctx) => {
  if (unavailable) ctx.skip(`mock deploy not run: ${unavailable}`);
});

/** A stage with SendGrid and Postmark only: no SES secret, topic or configuration set. */
const NO_SES = scenario({ REBOUND_VENDORS: 'sendgrid, postmark' });
/** SES with identities and an existing configuration set. */
const SES_WIRED = scenario({
  REBOUND_VENDORS: 'ses',
  REBOUND_SES_IDENTITIES: 'example.com, mail.example.org',
  REBOUND_SES_CONFIGURATION_SET: 'existing-set',
});
/** HTTPS subscription without SnsCredentials: no basic auth, signature only. */
const HTTPS_NO_AUTH = scenario({ REBOUND_VENDORS: 'ses', REBOUND_SES_HTTPS_SUBSCRIPTION: 'true' });
const OPTIONS = scenario({
  REBOUND_RESERVED_CONCURRENCY: '5',
  REBOUND_SENDER_POLICY: 'false',
  REBOUND_ALERT_EMAIL: 'ops@example.com',
});
const NO_RESERVATION = scenario({ REBOUND_RESERVED_CONCURRENCY: 'none' });
const SUPPRESSION_SETTINGS = {
  REBOUND_ERASURE: 'true',
  REBOUND_STREAMS: 'marketing,transactional',
  REBOUND_STREAM_MAP: 'broadcast:marketing,outbound:transactional',
};
const ERASURE = scenario(SUPPRESSION_SETTINGS, {
  secrets: { ...ALL_SECRETS, ErasureKey: 'erasure-key-0123456789' },
});

let all: Record<string, Deployment>;
beforeAll(async () => {
  if (unavailable) return;
  const named = {
    EVERYTHING,
    SES_ONLY,
    NO_SES,
    SES_WIRED,
    HTTPS_NO_AUTH,
    OPTIONS,
    NO_RESERVATION,
    ERASURE,
  };
  const results = await Promise.all(Object.values(named).map((s) => mockDeploy(s)));
  all = Object.fromEntries(Object.keys(named).map((k, i) => [k, results[i]!]));
}, 180_000);

const handlers = (d: Deployment) =>
  functionComponents(d)
    .map((c) => handlerKey(d, c))
    .sort();
const secrets = (d: Deployment) => ofType(d, 'sst:sst:Secret').map((s) => s.name);
const urlOutputs = (d: Deployment) => Object.keys(d.outputs).filter((k) => k.endsWith('Url'));
const links = (d: Deployment, handler: string) =>
  d.rpc.find(
    (c) => c.method === 'Runtime.Build' && c.args.functionID === componentOfHandler(d, handler),
  )?.args.links as Record<string, Record<string, unknown>>;

/** Per scenario: the functions deployed, the secrets declared and the URL outputs. */
const VENDOR_TABLE = {
  EVERYTHING: {
    handlers: [
      'functions/reclassify.handler',
      'functions/retry-worker.handler',
      'functions/subscriber.handler#mail',
      'functions/subscriber.handler#ses',
      'functions/suppression-api.handler',
      'functions/webhook.handler#generic',
      'functions/webhook.handler#mail',
      'functions/webhook.handler#mailgun',
      'functions/webhook.handler#postmark',
      'functions/webhook.handler#resend',
      'functions/webhook.handler#sendgrid',
      'functions/webhook.handler#ses',
    ],
    // Declared in registry order (ses, sendgrid, postmark, mailgun, resend, generic, mail), then the API key.
    secrets: [
      'SnsTopicAllowlist',
      'SnsCredentials',
      'SendgridPublicKeys',
      'PostmarkCredentials',
      'MailgunSigningKeys',
      'ResendSigningSecrets',
      'GenericWebhookSecrets',
      'MailWebhookSecrets',
      'SuppressionApiKey',
    ],
    urls: [
      'SendgridWebhookUrl',
      'PostmarkWebhookUrl',
      'MailgunWebhookUrl',
      'ResendWebhookUrl',
      'SesWebhookUrl',
      'GenericWebhookUrl',
      'MailWebhookUrl',
      'RetryQueueUrl',
      'RetryDueQueueUrl',
      'SuppressionApiUrl',
    ],
  },
  SES_ONLY: {
    handlers: [
      'functions/reclassify.handler',
      'functions/retry-worker.handler',
      'functions/subscriber.handler#ses',
      'functions/suppression-api.handler',
    ],
    secrets: ['SuppressionApiKey'],
    urls: ['RetryQueueUrl', 'RetryDueQueueUrl', 'SuppressionApiUrl'],
  },
  NO_SES: {
    handlers: [
      'functions/reclassify.handler',
      'functions/retry-worker.handler',
      'functions/suppression-api.handler',
      'functions/webhook.handler#postmark',
      'functions/webhook.handler#sendgrid',
    ],
    secrets: ['SendgridPublicKeys', 'PostmarkCredentials', 'SuppressionApiKey'],
    urls: [
      'SendgridWebhookUrl',
      'PostmarkWebhookUrl',
      'RetryQueueUrl',
      'RetryDueQueueUrl',
      'SuppressionApiUrl',
    ],
  },
} as const;

describe('vendors per stage (REBOUND_VENDORS)', () => {
  it.each(Object.entries(VENDOR_TABLE))('%s', (name, want) => {
    const d = all[name]!;
    expect(handlers(d)).toEqual(want.handlers);
    expect(secrets(d)).toEqual(want.secrets);
    expect(urlOutputs(d).sort()).toEqual([...want.urls].sort());
    // One Errors alarm per deployed function but the hand-invoked reclassify job.
    const errorAlarms = ofType(d, 'aws:cloudwatch/metricAlarm:MetricAlarm').filter(
      (a) => a.inputs.namespace === 'AWS/Lambda',
    );
    expect(errorAlarms).toHaveLength(want.handlers.length - 1);
  });
  it('an SES-only stage deploys with only the API key set, and no SendGrid/Postmark anything', () => {
    const d = all.SES_ONLY!;
    const text = JSON.stringify(d.resources.map((r) => [r.name, r.inputs]));
    expect(text).not.toMatch(/sendgrid|postmark/i);
    expect(d.outputs).toHaveProperty('SesTopicArn');
    expect(d.outputs.SesConfigurationSet).toBe('rebound-dev');
  });
  it('a stage without SES has no SES topic, configuration set, subscriber or its DLQ', () => {
    const d = all.NO_SES!;
    const types = new Set(d.resources.map((r) => r.type));
    for (const t of [
      'aws:sns/topicPolicy:TopicPolicy',
      'aws:sesv2/configurationSet:ConfigurationSet',
      'aws:sesv2/configurationSetEventDestination:ConfigurationSetEventDestination',
      'aws:lambda/functionEventInvokeConfig:FunctionEventInvokeConfig',
      'aws:sns/topicSubscription:TopicSubscription',
    ]) {
      expect(types.has(t), t).toBe(false);
    }
    expect(ofType(d, 'aws:sns/topic:Topic').map((t) => t.name)).toEqual(['AlertsTopic']);
    expect(
      ofType(d, 'aws:sqs/queue:Queue')
        .map((q) => q.name)
        .sort(),
    ).toEqual(['RetryDlqQueue', 'RetryDueDlqQueue', 'RetryDueQueueSqsQueue', 'RetryQueueSqsQueue']);
    expect(ofType(d, 'sst:sst:Linkable').map((l) => l.name)).not.toContain('SesSnsFailureGrant');
    expect(Object.keys(d.outputs)).not.toContain('SesTopicArn');
    expect(Object.keys(d.outputs)).not.toContain('SesConfigurationSet');
  });
  it('a deploy without SuppressionApiKey fails, naming the secret', async () => {
    const { SuppressionApiKey: _, ...rest } = ALL_SECRETS;
    const error = await mockDeployError(scenario({ REBOUND_VENDORS: 'ses' }, { secrets: rest }));
    expect(error).toContain(
      'Set a value for SuppressionApiKey with `sst secret set SuppressionApiKey <value>`',
    );
  });
  it.each([
    ['SendgridPublicKeys', 'sendgrid'],
    ['PostmarkCredentials', 'postmark'],
  ])(
    'without %s the %s webhook deploys with `pending` (rejects all until rebound connect)',
    async (secret, vendor) => {
      const rest = Object.fromEntries(Object.entries(ALL_SECRETS).filter(([k]) => k !== secret));
      const d = await mockDeploy(scenario({ REBOUND_VENDORS: vendor }, { secrets: rest }));
      expect(links(d, `functions/webhook.handler#${vendor}`)[secret]?.value).toBe('pending');
    },
  );
});

describe('SES options', () => {
  it('HTTPS subscription: the SES webhook deploys and SNS posts to it with basic auth', () => {
    const d = all.EVERYTHING!;
    const topic = named(d, 'aws:sns/topic:Topic', 'SesNotificationsTopic').state.arn;
    const url = String(d.outputs.SesWebhookUrl);
    expect(url).toMatch(/^https:\/\/[a-z]+\.lambda-url\.us-east-1\.on\.aws\/webhooks\/ses$/);
    const https = named(d, 'aws:sns/topicSubscription:TopicSubscription', 'SesHttpsSubscription');
    expect(https.inputs).toMatchObject({
      topic,
      protocol: 'https',
      endpointAutoConfirms: true,
      confirmationTimeoutInMinutes: 5,
    });
    // The first pair, URL-encoded, and marked secret (it carries the password).
    expect(https.inputs.endpoint).toEqual({
      secret: url.replace('https://', 'https://sns-user:p%40ss%3Aword@'),
    });
    const ses = links(d, 'functions/webhook.handler#ses');
    expect(ses.SnsCredentials?.value).toBe(SNS_CREDENTIALS);
    // The allowlist defaults to this stage's own topic.
    expect(ses.SnsTopicAllowlist?.value).toBe(topic);
    expect(fn(d, 'SesWebhook').lambda.inputs.reservedConcurrentExecutions).toBe(20);
  });
  it('only the SES webhook links the SNS credentials and the topic allowlist', () => {
    const d = all.EVERYTHING!;
    for (const c of functionComponents(d)) {
      const handler = handlerKey(d, c);
      const linked = Object.keys(links(d, handler));
      const sesWebhook = handler === 'functions/webhook.handler#ses';
      expect(linked.includes('SnsCredentials'), handler).toBe(sesWebhook);
      expect(linked.includes('SnsTopicAllowlist'), handler).toBe(sesWebhook);
    }
  });
  it('HTTPS subscription without SnsCredentials: no credentials in the URL (signature only)', () => {
    const d = all.HTTPS_NO_AUTH!;
    const https = named(d, 'aws:sns/topicSubscription:TopicSubscription', 'SesHttpsSubscription');
    expect(unwrap(https.inputs.endpoint)).toBe(d.outputs.SesWebhookUrl);
    expect(links(d, 'functions/webhook.handler#ses').SnsCredentials?.value).toBe('');
    expect(secrets(d)).toEqual(['SnsTopicAllowlist', 'SnsCredentials', 'SuppressionApiKey']);
  });
  it('identities get Bounce, Complaint and Delivery notifications on the topic', () => {
    const d = all.SES_WIRED!;
    const topic = named(d, 'aws:sns/topic:Topic', 'SesNotificationsTopic').state.arn;
    const wired = ofType(d, 'aws:ses/identityNotificationTopic:IdentityNotificationTopic');
    expect(wired.map((w) => `${w.inputs.identity} ${w.inputs.notificationType}`)).toEqual([
      'example.com Bounce',
      'example.com Complaint',
      'example.com Delivery',
      'mail.example.org Bounce',
      'mail.example.org Complaint',
      'mail.example.org Delivery',
    ]);
    for (const w of wired) {
      expect(w.inputs).toMatchObject({ topicArn: topic, includeOriginalHeaders: false });
      expect(w.options.dependencies.some((u) => u.endsWith('::SesNotificationsPolicy'))).toBe(true);
    }
  });
  it('an existing configuration set gets the event destination, and none is created', () => {
    const d = all.SES_WIRED!;
    expect(ofType(d, 'aws:sesv2/configurationSet:ConfigurationSet')).toEqual([]);
    const destination = named(
      d,
      'aws:sesv2/configurationSetEventDestination:ConfigurationSetEventDestination',
      'SesEventDestination',
    );
    expect(destination.inputs).toMatchObject({
      configurationSetName: 'existing-set',
      eventDestinationName: 'rebound-dev',
    });
    expect(d.outputs.SesConfigurationSet).toBe('existing-set');
  });
});

describe('other options', () => {
  it('REBOUND_RESERVED_CONCURRENCY=5 reserves 5 for each public function, nothing for others', () => {
    const d = all.OPTIONS!;
    const reserved = Object.fromEntries(
      functionComponents(d).map((c) => [
        handlerKey(d, c),
        fn(d, c).lambda.inputs.reservedConcurrentExecutions,
      ]),
    );
    expect(reserved).toEqual({
      'functions/webhook.handler#sendgrid': 5,
      'functions/webhook.handler#postmark': 5,
      'functions/webhook.handler#mailgun': 5,
      'functions/webhook.handler#resend': 5,
      'functions/suppression-api.handler': 5,
      'functions/subscriber.handler#ses': undefined,
      'functions/retry-worker.handler': undefined,
      'functions/reclassify.handler': undefined,
    });
  });
  it('REBOUND_RESERVED_CONCURRENCY=none reserves nothing', () => {
    const d = all.NO_RESERVATION!;
    for (const f of ofType(d, 'aws:lambda/function:Function')) {
      expect(f.inputs.reservedConcurrentExecutions, f.name).toBeUndefined();
    }
  });
  it('REBOUND_SENDER_POLICY=false: the SenderPolicy document is printed, no managed policy', () => {
    const d = all.OPTIONS!;
    expect(ofType(d, 'aws:iam/policy:Policy')).toEqual([]);
    expect(String(unwrap(d.outputs.SenderPolicy))).toContain('dynamodb:GetItem');
    expect(Object.keys(d.outputs)).not.toContain('SenderPolicyArn');
  });
  it('REBOUND_ALERT_EMAIL subscribes the address to the alarm topic', () => {
    const d = all.OPTIONS!;
    const alerts = named(d, 'aws:sns/topic:Topic', 'AlertsTopic').state.arn;
    expect(named(d, 'aws:sns/topicSubscription:TopicSubscription', 'AlertsEmail').inputs).toEqual({
      topic: alerts,
      protocol: 'email',
      endpoint: 'ops@example.com',
    });
  });
  it('REBOUND_ERASURE + streams: ErasureKey and the stream settings reach exactly the functions that touch records', () => {
    const d = all.ERASURE!;
    expect(secrets(d)).toContain('ErasureKey');
    const touching = [
      'functions/webhook.handler#sendgrid',
      'functions/webhook.handler#postmark',
      'functions/subscriber.handler#ses',
      'functions/retry-worker.handler',
      'functions/suppression-api.handler',
    ];
    for (const handler of touching) {
      expect(links(d, handler).ErasureKey?.value, handler).toBe('erasure-key-0123456789');
      const env = (
        fn(d, componentOfHandler(d, handler)).lambda.inputs.environment as {
          variables: Record<string, string>;
        }
      ).variables;
      expect(env, handler).toMatchObject({
        REBOUND_STREAMS: 'marketing,transactional',
        REBOUND_STREAM_MAP: 'broadcast:marketing,outbound:transactional',
      });
    }
    // The reclassify job judges evidence; it needs no key and no streams.
    expect(links(d, 'functions/reclassify.handler').ErasureKey).toBeUndefined();
    expect(secrets(all.EVERYTHING!)).not.toContain('ErasureKey');
  });
  it('REBOUND_ERASURE without the ErasureKey secret fails the deploy, naming it', async () => {
    const error = await mockDeployError(scenario(SUPPRESSION_SETTINGS));
    expect(error).toContain('Set a value for ErasureKey with `sst secret set ErasureKey <value>`');
  });
  it.each([
    [
      { REBOUND_STREAMS: 'marketing', REBOUND_STREAM_MAP: 'broadcast:news' },
      'stream map "broadcast" points to unknown stream "news"',
    ],
    [{ REBOUND_HASH_ONLY: 'yes' }, 'REBOUND_HASH_ONLY is malformed: must be true or false'],
    [{ REBOUND_VENDORS: 'ses,acme-mail' }, 'REBOUND_VENDORS: unknown vendor acme-mail'],
    [
      { REBOUND_VENDORS: 'sendgrid', REBOUND_SES_IDENTITIES: 'example.com' },
      'REBOUND_SES_IDENTITIES set, but REBOUND_VENDORS does not include ses',
    ],
    [{ REBOUND_SES_HTTPS_SUBSCRIPTION: 'yes' }, 'REBOUND_SES_HTTPS_SUBSCRIPTION must be'],
    [{ REBOUND_RESERVED_CONCURRENCY: '0' }, 'REBOUND_RESERVED_CONCURRENCY must be'],
  ])('%o fails the deploy: %s', async (env, message) => {
    expect(await mockDeployError(scenario(env))).toContain(message);
  });
});
