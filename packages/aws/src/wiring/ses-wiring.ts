/**
 * What reaches Rebound from Amazon SES, read from SES and SNS themselves: the configuration
 * set's event destination to Rebound's topic (enabled, with every event type Rebound reads),
 * the topic's subscriptions (the direct Lambda one; any HTTPS one confirmed), and for each
 * identity named, whether Rebound's configuration set is its default. `rebound connect ses`
 * and `rebound doctor` print it; `setDefaultConfigurationSet` is the one change it can make.
 */
import {
  GetConfigurationSetEventDestinationsCommand,
  GetEmailIdentityCommand,
  PutEmailIdentityConfigurationSetAttributesCommand,
  SESv2Client,
} from '@aws-sdk/client-sesv2';
import { ListSubscriptionsByTopicCommand, SNSClient } from '@aws-sdk/client-sns';
import { SES_EVENT_TYPES } from '@rebound/core/vendors';

/** One finding: ok, or what is wrong and how to fix it. */
export interface WiringCheck {
  name: string;
  ok: boolean;
  detail: string;
  fix?: string;
  /** For an identity: its default configuration set as read (absent: none). */
  identity?: { id: string; verified: boolean; defaultSet?: string };
}

/** What to look at. */
export interface SesWiringTarget {
  topicArn: string;
  configurationSet?: string;
  identities?: readonly string[];
}

/** The clients it reads with. */
export interface SesWiringClients {
  sns: SNSClient;
  sesv2: SESv2Client;
}

/**
 * Clients in the topic's region (SES publishes only to a topic in its own region, so that is
 * where the configuration set and identities are). Endpoints: the SDK's own
 * `AWS_ENDPOINT_URL_SNS` / `AWS_ENDPOINT_URL_SESV2` variables.
 */
export function createWiringClients(opts: {
  topicArn: string;
  region?: string;
  credentials?: { accessKeyId: string; secretAccessKey: string };
}): SesWiringClients {
  const region = opts.region ?? opts.topicArn.split(':')[3] ?? undefined;
  const config = {
    ...(region ? { region } : {}),
    ...(opts.credentials ? { credentials: opts.credentials } : {}),
    maxAttempts: 3,
  };
  return { sns: new SNSClient(config), sesv2: new SESv2Client(config) };
}

const errorText = (err: unknown) =>
  `${(err as Error).name ?? 'Error'}: ${(err as Error).message ?? String(err)}`;

/** The configuration set's destination to the topic: enabled, every type Rebound reads. */
async function destinationCheck(
  c: SesWiringClients,
  set: string,
  topicArn: string,
): Promise<WiringCheck> {
  const name = `SES configuration set ${set}`;
  try {
    const res = await c.sesv2.send(
      new GetConfigurationSetEventDestinationsCommand({ ConfigurationSetName: set }),
    );
    const toTopic = (res.EventDestinations ?? []).filter(
      (d) => d.SnsDestination?.TopicArn === topicArn,
    );
    if (toTopic.length === 0) {
      return {
        name,
        ok: false,
        detail: 'has no event destination to Rebound’s topic',
        fix: 'deploy again (infra/ses.ts creates it), or add an SNS destination to SesTopicArn',
      };
    }
    const enabled = toTopic.filter((d) => d.Enabled);
    const types = new Set(enabled.flatMap((d) => d.MatchingEventTypes ?? []));
    const missing = SES_EVENT_TYPES.filter((t) => !types.has(t));
    if (enabled.length === 0) {
      return {
        name,
        ok: false,
        detail: 'its destination to Rebound’s topic is disabled',
        fix: 'enable it',
      };
    }
    if (missing.length) {
      return {
        name,
        ok: false,
        detail: `does not publish ${missing.join(', ')} to Rebound’s topic`,
        fix: 'add those event types to the destination (or deploy again)',
      };
    }
    return { name, ok: true, detail: `publishes ${SES_EVENT_TYPES.join(', ')} to Rebound’s topic` };
  } catch (err) {
    const missingSet = (err as Error).name === 'NotFoundException';
    return {
      name,
      ok: false,
      detail: missingSet ? 'does not exist' : `could not be read (${errorText(err)})`,
      ...(missingSet ? { fix: 'deploy again, or give the set SES sends with' } : {}),
    };
  }
}

/** The topic's subscriptions: the direct Lambda subscriber; no HTTPS one left unconfirmed. */
async function subscriptionChecks(c: SesWiringClients, topicArn: string): Promise<WiringCheck[]> {
  const subs: { arn: string; protocol: string; endpoint: string }[] = [];
  try {
    let token: string | undefined;
    do {
      const res = await c.sns.send(
        new ListSubscriptionsByTopicCommand({ TopicArn: topicArn, NextToken: token }),
      );
      for (const s of res.Subscriptions ?? []) {
        subs.push({
          arn: s.SubscriptionArn ?? '',
          protocol: s.Protocol ?? '',
          endpoint: s.Endpoint ?? '',
        });
      }
      token = res.NextToken;
    } while (token);
  } catch (err) {
    return [
      {
        name: 'SNS topic',
        ok: false,
        detail: `its subscriptions could not be read (${errorText(err)})`,
        ...((err as Error).name === 'NotFound' || (err as Error).name === 'NotFoundException'
          ? { fix: 'the topic does not exist: deploy again' }
          : {}),
      },
    ];
  }
  const lambda = subs.filter((s) => s.protocol === 'lambda');
  const checks: WiringCheck[] = [
    lambda.length
      ? {
          name: 'SNS → Lambda',
          ok: true,
          detail: `the topic invokes ${lambda.length} function(s) directly`,
        }
      : {
          name: 'SNS → Lambda',
          ok: false,
          detail: 'the topic has no Lambda subscription: SES notifications reach no function',
          fix: 'deploy again with ses in REBOUND_VENDORS',
        },
  ];
  for (const s of subs.filter((x) => x.protocol === 'https' || x.protocol === 'http')) {
    const host = (() => {
      try {
        return new URL(s.endpoint).host;
      } catch {
        return 'an endpoint';
      }
    })();
    const pending = s.arn === 'PendingConfirmation';
    checks.push(
      pending
        ? {
            name: `SNS → HTTPS ${host}`,
            ok: false,
            detail: 'is still pending confirmation',
            fix: 'the webhook confirms it when its topic is allowed: check SnsTopicAllowlist, then request a new confirmation in the SNS console',
          }
        : { name: `SNS → HTTPS ${host}`, ok: true, detail: 'is confirmed' },
    );
  }
  return checks;
}

/** Whether each identity sends with Rebound's configuration set by default. */
async function identityCheck(
  c: SesWiringClients,
  identity: string,
  set: string | undefined,
): Promise<WiringCheck> {
  const name = `SES identity ${identity}`;
  try {
    const res = await c.sesv2.send(new GetEmailIdentityCommand({ EmailIdentity: identity }));
    const current = res.ConfigurationSetName;
    const about = {
      id: identity,
      verified: res.VerifiedForSendingStatus === true,
      ...(current ? { defaultSet: current } : {}),
    };
    if (!about.verified) {
      return {
        name,
        ok: false,
        detail: 'is not verified for sending',
        fix: 'verify it in SES',
        identity: about,
      };
    }
    if (set && current === set) {
      return { name, ok: true, detail: `sends with ${set} by default`, identity: about };
    }
    if (current) {
      return {
        name,
        ok: false,
        detail: `sends with ${current} by default, not Rebound’s ${set ?? 'set'}: its mail reaches Rebound only when a send names Rebound’s set`,
        fix: `deploy with REBOUND_SES_CONFIGURATION_SET=${current} (Rebound adds its destination to that set), or run rebound connect ses --identity ${identity} --replace-default`,
        identity: about,
      };
    }
    return {
      name,
      ok: false,
      detail:
        'has no default configuration set: its mail reports nothing unless each send names one',
      fix: `rebound connect ses --identity ${identity}`,
      identity: about,
    };
  } catch (err) {
    return {
      name,
      ok: false,
      detail:
        (err as Error).name === 'NotFoundException'
          ? 'is not an identity of this account and region'
          : `could not be read (${errorText(err)})`,
    };
  }
}

/** Every finding, in a stable order: configuration set, subscriptions, identities. */
export async function checkSesWiring(
  c: SesWiringClients,
  target: SesWiringTarget,
): Promise<WiringCheck[]> {
  const checks: WiringCheck[] = [];
  if (target.configurationSet) {
    checks.push(await destinationCheck(c, target.configurationSet, target.topicArn));
  }
  checks.push(...(await subscriptionChecks(c, target.topicArn)));
  for (const identity of target.identities ?? []) {
    checks.push(await identityCheck(c, identity, target.configurationSet));
  }
  return checks;
}

/** Makes `set` the identity's default configuration set (SESv2 PutEmailIdentityConfigurationSetAttributes). */
export async function setDefaultConfigurationSet(
  c: Pick<SesWiringClients, 'sesv2'>,
  identity: string,
  set: string,
): Promise<void> {
  await c.sesv2.send(
    new PutEmailIdentityConfigurationSetAttributesCommand({
      EmailIdentity: identity,
      ConfigurationSetName: set,
    }),
  );
}
