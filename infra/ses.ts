/**
 * The SNS topic SES publishes bounce/complaint notifications to, its topic policy (only SES,
 * only for this account), and optionally the SES identities wired to it.
 */

/** The SES notification topic. */
export interface Ses {
  topic: sst.aws.SnsTopic;
}

/**
 * Creates the topic and its policy. Set `REBOUND_SES_IDENTITIES` (comma-separated domains or
 * addresses verified in SES) at deploy time to point their Bounce and Complaint notifications
 * here; otherwise attach the topic in the SES console (configuration set or identity).
 */
export function createSes(): Ses {
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
  new aws.sns.TopicPolicy('SesNotificationsPolicy', { arn: topic.arn, policy: policy.json });

  const identities = (process.env.REBOUND_SES_IDENTITIES ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  identities.forEach((identity, i) => {
    for (const notificationType of ['Bounce', 'Complaint'] as const) {
      new aws.ses.IdentityNotificationTopic(`SesIdentity${i}${notificationType}`, {
        identity,
        notificationType,
        topicArn: topic.arn,
        includeOriginalHeaders: false,
      });
    }
  });
  return { topic };
}
