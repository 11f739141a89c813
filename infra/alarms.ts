/**
 * CloudWatch alarms into the `Alerts` SNS topic: config errors, verification failures, policy
 * block spikes (metrics namespace `Rebound`, dimension service=rebound), bounce and complaint
 * rates (metric math, warning and critical), DLQs, Lambda errors.
 */
import type { Queues } from './queues.ts';
import { ALARM_TUNING, RATE_ALARM_TUNING } from './tuning.ts';

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
  alarm('RetriesGivenUpAlarm', {
    ...REBOUND,
    alarmDescription:
      'Soft bounces ran out of retries without evidence against the address: mail that never arrived; read the replies (rebound check) and the receiving side.',
    metricName: 'RetriesGivenUp',
    statistic: 'Sum',
    period: ALARM_TUNING.retriesGivenUpPeriodSeconds,
    threshold: ALARM_TUNING.retriesGivenUp,
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
  // Bounce and complaint rates: metric math divides the counts (never below the minimum volume).
  const r = RATE_ALARM_TUNING;
  const count = (id: string, metricName: string) => ({
    id,
    returnData: false,
    metric: { ...REBOUND, metricName, period: r.periodSeconds, stat: 'Sum' },
  });
  const rateAlarm = (name: string, what: string, expression: string, threshold: number) =>
    new aws.cloudwatch.MetricAlarm(name, {
      alarmDescription: `${what} at or above ${threshold} % over ${r.periodSeconds / 60} min (at least ${r.minVolume} messages).`,
      comparisonOperator: 'GreaterThanOrEqualToThreshold',
      threshold,
      evaluationPeriods: 1,
      treatMissingData: 'notBreaching',
      alarmActions: [alerts.arn],
      okActions: [alerts.arn],
      metricQueries: [
        count('delivered', 'Delivered'),
        count('hard', 'HardBounces'),
        count('complaints', 'Complaints'),
        { id: 'rate', expression, label: `${what} (%)`, returnData: true },
      ],
    });
  const sent = 'FILL(delivered, 0) + FILL(hard, 0)';
  const complaintRate = `IF(FILL(delivered, 0) >= ${r.minVolume}, 100 * FILL(complaints, 0) / FILL(delivered, 0), 0)`;
  const bounceRate = `IF(${sent} >= ${r.minVolume}, 100 * FILL(hard, 0) / (${sent}), 0)`;
  rateAlarm('ComplaintRateWarningAlarm', 'Complaint rate', complaintRate, r.complaintWarnPct);
  rateAlarm('ComplaintRateCriticalAlarm', 'Complaint rate', complaintRate, r.complaintCriticalPct);
  rateAlarm('BounceRateWarningAlarm', 'Hard bounce rate', bounceRate, r.bounceWarnPct);
  rateAlarm('BounceRateCriticalAlarm', 'Hard bounce rate', bounceRate, r.bounceCriticalPct);

  const dlqs = {
    RetryDlq: input.queues.retryDlq,
    RetryDueDlq: input.queues.retryDueDlq,
    ...(input.queues.sesSnsDlq ? { SesSnsDlq: input.queues.sesSnsDlq } : {}),
    ...(input.queues.inboundMailDlq ? { InboundMailDlq: input.queues.inboundMailDlq } : {}),
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
