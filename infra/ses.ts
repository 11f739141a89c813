/**
 * Amazon SES → SNS: the topic SES publishes to, its topic policy (only SES, only for this
 * account), a configuration set event destination on it, and optionally the identities whose
 * feedback notifications go to it. Deployed only on stages with the `ses` vendor.
 */

import { SES_EVENT_TYPES } from '../packages/core/src/vendors/ses/meta.ts';
import type { DeploySettings } from './settings.ts';

/** The SES topic and the configuration set publishing to it. */
export interface Ses {
  topic: sst.aws.SnsTopic;
  /** The configuration set's name (created `rebound-<stage>`, or the existing one given). */
  configurationSetName: $util.Output<string>;
}

/** The event publishing types routed to Rebound (SES's meta says which and why). */
export { SES_EVENT_TYPES };

/** The feedback notifications wired per identity with `REBOUND_SES_IDENTITIES`. */
export const SES_IDENTITY_NOTIFICATIONS = ['Bounce', 'Complaint', 'Delivery'] as const;

/**
 * Creates the topic, its policy and the event destination. The configuration set is
 * `REBOUND_SES_CONFIGURATION_SET` if given (it must exist in this account and region), else a
 * new `rebound-<stage>`; send mail with it (the `ConfigurationSetName` of SendEmail, or the
 * identity's default configuration set) for its events to reach Rebound.
 */
export function createSes(settings: DeploySettings): Ses {
  // SES cannot publish to FIFO topics: standard topic.
  const topic = new sst.aws.SnsTopic('SesNotifications');
  const account = aws.getCallerIdentityOutput({});
  const policy = aws.iam.getPolicyDocumentOutput({
    statements: [
      {
        sid: 'AllowSesPublish',
        effect: 'Allow',
        principals: [{ type: 'Service', identifiers: ['ses.amazonaws.com'] }],
        actions: ['SNS:Publish'],
        resources: [topic.arn],
        conditions: [
          { test: 'StringEquals', variable: 'aws:SourceAccount', values: [account.accountId] },
        ],
      },
    ],
  });
  const topicPolicy = new aws.sns.TopicPolicy('SesNotificationsPolicy', {
    arn: topic.arn,
    policy: policy.json,
  });
  // SES checks that it may publish when a destination is attached: policy first.
  const afterPolicy = { dependsOn: [topicPolicy] };

  const configurationSetName = settings.sesConfigurationSet
    ? $output(settings.sesConfigurationSet)
    : new aws.sesv2.ConfigurationSet('SesConfigurationSet', {
        configurationSetName: `rebound-${$app.stage}`,
      }).configurationSetName;
  new aws.sesv2.ConfigurationSetEventDestination(
    'SesEventDestination',
    {
      configurationSetName,
      // Unique per stage: an existing set may carry other stages' (or tools') destinations.
      eventDestinationName: `rebound-${$app.stage}`,
      eventDestination: {
        enabled: true,
        matchingEventTypes: [...SES_EVENT_TYPES],
        snsDestination: { topicArn: topic.arn },
      },
    },
    afterPolicy,
  );

  settings.sesIdentities.forEach((identity, i) => {
    for (const notificationType of SES_IDENTITY_NOTIFICATIONS) {
      new aws.ses.IdentityNotificationTopic(
        `SesIdentity${i}${notificationType}`,
        {
          identity,
          notificationType,
          topicArn: topic.arn,
          includeOriginalHeaders: false,
        },
        afterPolicy,
      );
    }
  });
  return { topic, configurationSetName };
}
