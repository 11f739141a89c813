/**
 * `rebound connect ses`: the deploy wires SES to Rebound (configuration set → topic → the
 * subscriber); what it cannot know is which identities send with that configuration set. This
 * makes it the default configuration set of each `--identity` (SESv2
 * PutEmailIdentityConfigurationSetAttributes), then reads back and prints the whole wiring.
 */
import {
  checkSesWiring,
  createWiringClients,
  setDefaultConfigurationSet,
  type WiringCheck,
} from '@rebound/aws';
import { printable } from '../format.ts';

/** What to connect. */
export interface SesConnectInput {
  topicArn: string;
  configurationSet: string;
  identities: readonly string[];
  region?: string;
  /** Also replace a default configuration set the identity already has. */
  replaceDefault: boolean;
  dryRun: boolean;
  print(line: string): void;
}

/** Sets the identities' default configuration set, then checks; returns the findings. */
export async function connectSes(input: SesConnectInput): Promise<WiringCheck[]> {
  const clients = createWiringClients({
    topicArn: input.topicArn,
    ...(input.region ? { region: input.region } : {}),
  });
  const target = {
    topicArn: input.topicArn,
    configurationSet: input.configurationSet,
    identities: input.identities,
  };
  // A verified identity without a default set gets Rebound's; one with another default set
  // keeps it (other tools may read that set's events) unless --replace-default.
  const before = await checkSesWiring(clients, target);
  for (const finding of before) {
    const about = finding.identity;
    if (!about || finding.ok || !about.verified) continue;
    if (about.defaultSet && !input.replaceDefault) continue;
    const identity = about.id;
    const what = `set the default configuration set of ${identity} to ${input.configurationSet}${about.defaultSet ? ` (was ${about.defaultSet})` : ''} (SESv2 PutEmailIdentityConfigurationSetAttributes)`;
    if (input.dryRun) {
      input.print(`would ${printable(what)}`);
      continue;
    }
    await setDefaultConfigurationSet(clients, identity, input.configurationSet);
    input.print(printable(what.replace(/^set/, 'Set')));
  }
  return input.dryRun ? before : checkSesWiring(clients, target);
}
