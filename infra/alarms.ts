/**
 * CloudWatch alarms into the `Alerts` SNS topic: config errors, verification failures, policy
 * block spikes (metrics namespace `Rebound`, dimension service=rebound), DLQs, Lambda errors.
 */
import type { Queues } from './queues.ts';
import { ALARM_TUNING } from './tuning.ts';

/** The alarm topic. */
export interface Alarms {
  alerts: sst.aws.SnsTopic;
}

/** The Powertools metrics dimensions every Rebound metric carries. */
const REBOUND = { namespace: 'Rebound', dimensions: { service: 'rebound' } } as const;

/**
 * Creates the topic and every alarm. `alertEmail` (`REBOUND_ALERT_EMAIL` at deploy time)
 * subscribes an address (it must confirm the subscription e-mail).
 */
export function createAlarms(input: {
  queues: Queues;
  functionNames: Record<string, $util.Output<string>>;
  alertEmail: string | undefined;
}): Alarms {
  const alerts = new sst.aws.SnsTopic('Alerts');
  const email = input.alertEmail;
  if (email) {
    new aws.sns.TopicSubscription('AlertsEmail', {
      topic: alerts.arn,
      protocol: 'email',
      endpoint: email,
    });
  }
  const common = {
    period: ALARM_TUNING.periodSeconds,
    evaluationPeriods: 1,
    comparisonOperator: 'GreaterThanThreshold',
    treatMissingData: 'notBreaching',
    alarmActions: [alerts.arn],
    okActions: [alerts.arn],
  };
  const alarm = (name: string, args: Partial<aws.cloudwatch.MetricAlarmArgs>) =>
    new aws.cloudwatch.MetricAlarm(name, { ...common, ...args });

  alarm('ConfigErrorsAlarm', {
    ...REBOUND,
    alarmDescription: 'A bounce said our sending setup is broken (fix-config verdict).',
    metricName: 'ConfigErrors',
    statistic: 'Sum',
    threshold: 0,
  });
  alarm('VerificationFailuresAlarm', {
    ...REBOUND,
    alarmDescription: 'Webhook signatures/credentials failing: a vendor may be rejected.',
    metricName: 'VerificationFailures',
    statistic: 'Sum',
    threshold: ALARM_TUNING.verificationFailures,
  });
  alarm('PolicyBlocksAlarm', {
    ...REBOUND,
    alarmDescription: 'Spike of policy/blocklist/reputation bounces: possible blocklisting.',
    metricName: 'PolicyBlocks',
    statistic: 'Sum',
    threshold: ALARM_TUNING.policyBlocks,
    evaluationPeriods: 3,
    datapointsToAlarm: 2,
  });
  const dlqs = {
    RetryDlq: input.queues.retryDlq,
    RetryDueDlq: input.queues.retryDueDlq,
    ...(input.queues.sesSnsDlq ? { SesSnsDlq: input.queues.sesSnsDlq } : {}),
  };
  for (const [name, dlq] of Object.entries(dlqs)) {
    alarm(`${name}NotEmptyAlarm`, {
      alarmDescription: `Messages in ${name}: work failed repeatedly and waits for a redrive.`,
      namespace: 'AWS/SQS',
      metricName: 'ApproximateNumberOfMessagesVisible',
      dimensions: { QueueName: dlq.nodes.queue.name },
      statistic: 'Maximum',
      threshold: 0,
    });
  }
  for (const [name, functionName] of Object.entries(input.functionNames)) {
    alarm(`${name}ErrorsAlarm`, {
      alarmDescription: `The ${name} function failed (threw, timed out or ran out of memory).`,
      namespace: 'AWS/Lambda',
      metricName: 'Errors',
      dimensions: { FunctionName: functionName },
      statistic: 'Sum',
      threshold: 0,
    });
  }
  return { alerts };
}
