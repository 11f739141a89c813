/**
 * The scheduled sync with the ESPs' own suppression lists (docs/sync.md), opt-in per vendor:
 * `REBOUND_SYNC=ses,sendgrid,postmark` (default: none, and then nothing here deploys). An
 * `sst.aws.Cron` (`REBOUND_SYNC_SCHEDULE`, default hourly) invokes `functions/sync.handler`,
 * whose role may do exactly what the sync does: its DynamoDB reads and writes on the two
 * tables, and the three SES suppression-list actions only when SES sync is on. The secrets
 * `SendgridApiKey` and `PostmarkServerToken` are declared only when those syncs are on. An
 * Errors alarm goes to the Alerts topic like every other function's.
 */
import { permissionsOf } from './access.ts';
import { lambdaOnlyTrust, NODEJS } from './functions.ts';
import type { Secrets } from './secrets.ts';
import type { DeploySettings } from './settings.ts';
import type { Storage } from './storage.ts';
import { ALARM_TUNING } from './tuning.ts';

/** The vendors whose suppression lists can be synced. */
export const SYNC_VENDOR_IDS = ['ses', 'sendgrid', 'postmark'] as const;

/** A vendor id of `REBOUND_SYNC`. */
export type SyncVendorId = (typeof SYNC_VENDOR_IDS)[number];

/** What `REBOUND_SYNC*` asks for. */
export interface SyncDeploySettings {
  /** `REBOUND_SYNC=ses,sendgrid,postmark`: the vendors to sync (default: none). */
  vendors: readonly SyncVendorId[];
  /** `REBOUND_SYNC_SCHEDULE=rate(…)|cron(…)`: when (default `rate(1 hour)`). */
  schedule: `rate(${string})` | `cron(${string})`;
  /** `REBOUND_SYNC_POSTMARK_STREAMS=outbound,…`: Postmark streams (default: every non-inbound one). */
  postmarkStreams: readonly string[];
}

/** The default schedule. */
export const SYNC_SCHEDULE = 'rate(1 hour)';

/** The secret each HTTP vendor's sync reads (`npx sst secret set <Name> <value>`). */
export const SYNC_SECRETS = {
  sendgrid: 'SendgridApiKey',
  postmark: 'PostmarkServerToken',
} as const;

/**
 * DynamoDB actions of the sync (packages/aws/src/sync; grep `Command(`): the event processor's
 * BatchGetItem of records, soft state and markers and its transaction of conditional Puts (and
 * the Delete of a soft-bounce state a suppression clears); the cursor's GetItem and conditional
 * PutItem; the reconcile phase's Scan of the Suppressions table.
 */
export const SYNC_GRANTS = {
  suppressions: ['dynamodb:BatchGetItem', 'dynamodb:PutItem', 'dynamodb:Scan'],
  state: ['dynamodb:BatchGetItem', 'dynamodb:DeleteItem', 'dynamodb:GetItem', 'dynamodb:PutItem'],
} as const;

/**
 * The SESv2 account-level suppression list actions, only when SES sync is on. They have no
 * resource type in IAM (the list belongs to the account and region), so the resource is `*`.
 */
export const SES_SYNC_ACTIONS = [
  'ses:ListSuppressedDestinations',
  'ses:PutSuppressedDestination',
  'ses:DeleteSuppressedDestination',
] as const;

/**
 * The function's size: Lambda's longest timeout (a large first sync pages through many
 * lists; it stops at a page boundary a minute before and the next run resumes), and memory for
 * a page of 1,000 events plus SES's whole list (about 100 bytes an address).
 */
export const SYNC_FUNCTION = { memory: '512 MB', timeout: '900 seconds' } as const;

function list(value: string | undefined): string[] {
  return (value ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}

/** Reads and checks `REBOUND_SYNC*`; a bad value fails the deploy before anything changes. */
export function readSyncSettings(env: Record<string, string | undefined>): SyncDeploySettings {
  const ids = list(env.REBOUND_SYNC?.toLowerCase());
  const unknown = ids.filter((id) => !(SYNC_VENDOR_IDS as readonly string[]).includes(id));
  if (unknown.length) {
    throw new Error(
      `REBOUND_SYNC: unknown vendor ${unknown.join(', ')} (known: ${SYNC_VENDOR_IDS.join(', ')})`,
    );
  }
  const vendors = SYNC_VENDOR_IDS.filter((id) => ids.includes(id));
  const schedule = env.REBOUND_SYNC_SCHEDULE?.trim() || SYNC_SCHEDULE;
  if (!/^(rate|cron)\(.+\)$/.test(schedule)) {
    throw new Error(
      `REBOUND_SYNC_SCHEDULE must be an EventBridge rate(…) or cron(…) expression, not "${schedule}"`,
    );
  }
  const postmarkStreams = list(env.REBOUND_SYNC_POSTMARK_STREAMS);
  const orphans = [
    ...(env.REBOUND_SYNC_SCHEDULE?.trim() && !vendors.length ? ['REBOUND_SYNC_SCHEDULE'] : []),
    ...(postmarkStreams.length && !vendors.includes('postmark')
      ? ['REBOUND_SYNC_POSTMARK_STREAMS']
      : []),
  ];
  if (orphans.length) {
    throw new Error(`${orphans.join(', ')} set, but REBOUND_SYNC does not sync that vendor`);
  }
  return { vendors, schedule: schedule as SyncDeploySettings['schedule'], postmarkStreams };
}

/** What the stage got: nothing when no vendor is synced. */
export interface Sync {
  settings: SyncDeploySettings;
  cron: sst.aws.Cron | undefined;
}

/**
 * Reads `REBOUND_SYNC*` at once (a bad value stops the deploy before any resource is
 * registered), and returns what deploys the sync later, once the tables and the Alerts topic
 * exist.
 */
export function syncFor(env: Record<string, string | undefined>): {
  settings: SyncDeploySettings;
  deploy(input: SyncInputs): Sync;
} {
  const settings = readSyncSettings(env);
  return { settings, deploy: (input) => createSync(settings, input) };
}

/** What the sync needs from the rest of the stack. */
export interface SyncInputs {
  storage: Storage;
  alerts: sst.aws.SnsTopic;
  /** The stage's settings: the sync writes records, so it gets their streams and key scheme. */
  deploy: DeploySettings;
  /** The declared secrets (`ErasureKey` when the stage erases or hashes addresses). */
  secrets: Secrets;
}

/** Creates the schedule, its function, grant, secrets and alarm, when `REBOUND_SYNC` names a vendor. */
export function createSync(settings: SyncDeploySettings, input: SyncInputs): Sync {
  if (!settings.vendors.length) return { settings, cron: undefined };
  const { storage } = input;
  const withSes = settings.vendors.includes('ses');
  const grant = new sst.Linkable('SyncGrant', {
    properties: { role: 'sync' },
    include: [
      ...permissionsOf(SYNC_GRANTS, {
        suppressions: storage.suppressionsTable.arn,
        state: storage.stateTable.arn,
      }).map((p) => sst.aws.permission(p)),
      ...(withSes
        ? [sst.aws.permission({ actions: [...SES_SYNC_ACTIONS], resources: ['*'] })]
        : []),
    ],
  });
  const secrets = settings.vendors
    .filter((v): v is keyof typeof SYNC_SECRETS => v in SYNC_SECRETS)
    .map((v) => new sst.Secret(SYNC_SECRETS[v]));
  // Like every function that writes records: the erasure key when the stage has one.
  const erasureKey = input.deploy.erasure ? input.secrets.ErasureKey : undefined;
  if (input.deploy.erasure && !erasureKey) {
    throw new Error('sync: the ErasureKey secret is not declared on this stage');
  }
  const cron = new sst.aws.Cron('SyncSchedule', {
    schedule: settings.schedule,
    function: {
      handler: 'functions/sync.handler',
      runtime: 'nodejs24.x',
      architecture: 'arm64',
      memory: SYNC_FUNCTION.memory,
      timeout: SYNC_FUNCTION.timeout,
      link: [
        storage.suppressions,
        storage.state,
        grant,
        ...secrets,
        ...(erasureKey ? [erasureKey] : []),
      ],
      // As every function (infra/functions.ts): minified ESM, no source maps, code splitting.
      nodejs: NODEJS,
      environment: {
        POWERTOOLS_SERVICE_NAME: 'rebound',
        POWERTOOLS_METRICS_NAMESPACE: 'Rebound',
        // The streams and hash-only settings, as the webhooks get them.
        ...input.deploy.suppressionEnv,
        REBOUND_SYNC: settings.vendors.join(','),
        ...(settings.postmarkStreams.length
          ? { REBOUND_SYNC_POSTMARK_STREAMS: settings.postmarkStreams.join(',') }
          : {}),
      },
      // A failed run is not retried at once: the next scheduled run resumes it.
      retries: 0,
      transform: { role: lambdaOnlyTrust },
    },
  });
  new aws.cloudwatch.MetricAlarm('SyncErrorsAlarm', {
    alarmDescription:
      'The ESP suppression-list sync failed (a vendor refused the credentials, kept rate limiting, or was down); the next run resumes.',
    namespace: 'AWS/Lambda',
    metricName: 'Errors',
    dimensions: { FunctionName: cron.nodes.function.name },
    statistic: 'Sum',
    threshold: 0,
    period: ALARM_TUNING.periodSeconds,
    evaluationPeriods: 1,
    comparisonOperator: 'GreaterThanThreshold',
    treatMissingData: 'notBreaching',
    alarmActions: [input.alerts.arn],
    okActions: [input.alerts.arn],
  });
  return { settings, cron };
}
