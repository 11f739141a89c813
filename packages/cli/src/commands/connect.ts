/**
 * `rebound connect sendgrid|postmark`: points a vendor at the deployed webhook and stores what
 * the webhook needs to verify it (SendGrid's key; Postmark's credentials, hashed) in the State
 * table, where the deployed function reads it at run time — no redeploy. `--dry-run` prints the
 * exact requests and writes nothing; running it again is safe.
 */
import { randomBytes } from 'node:crypto';
import { createClients, updateRuntimeSettings } from '@rebound/aws';
import { hashCredential, hashedCredentialsOf } from '@rebound/core';
import { connectPostmark } from '../connect/postmark.ts';
import { connectSendgrid } from '../connect/sendgrid.ts';
import { connectSes } from '../connect/ses.ts';
import { ConnectError, type Transport } from '../connect/vendor-http.ts';
import { printable } from '../format.ts';
import { defaultIo, type Io, parseCommand } from '../io.ts';
import { deployOutputs } from '../outputs.ts';

const USAGE = `usage: rebound connect sendgrid --api-key KEY [--url URL] [--dry-run]
       rebound connect postmark --server-token TOKEN [--url URL] [--stream outbound] [--dry-run]
       rebound connect ses [--identity DOMAIN_OR_ADDRESS]… [--replace-default] [--region R] [--dry-run]

Points the vendor at Rebound's webhook and stores what Rebound needs to verify it (SendGrid's
signing key; Postmark's basic-auth credentials, as salted hashes) in the State table, where the
deployed function reads it within a minute: no redeploy. Running it again is safe.

  --url           the webhook URL (default: the deploy outputs in .sst/outputs.json)
  --state-table   the State table (default: StateTableName in .sst/outputs.json, $REBOUND_STATE_TABLE)
  --endpoint      DynamoDB endpoint (default: $AWS_ENDPOINT_URL_DYNAMODB, else AWS)
  --api           the vendor API base URL (default: the vendor's)
  --dry-run       print the exact requests; send and write nothing

SES is wired by the deploy (configuration set → topic → subscriber). \`connect ses\` makes Rebound's
configuration set the default of each --identity that has none (so every mail it sends reports
to Rebound; --replace-default also replaces another default set), then prints what is wired: the set's event destination, the topic's subscriptions, the identities.`;

/** Keys kept per vendor (the new one and the one before: a rotation without a gap). */
const KEPT = 2;

/** Runs the command; returns the exit code (0 connected, 1 the vendor or the table failed, 2 usage). */
export async function run(argv: string[], io: Io = defaultIo): Promise<number> {
  const args = parseCommand(
    'connect',
    USAGE,
    argv,
    {
      options: {
        'api-key': { type: 'string' },
        'server-token': { type: 'string' },
        url: { type: 'string' },
        stream: { type: 'string' },
        'state-table': { type: 'string' },
        endpoint: { type: 'string' },
        region: { type: 'string' },
        api: { type: 'string' },
        'dry-run': { type: 'boolean' },
        identity: { type: 'string', multiple: true },
        'replace-default': { type: 'boolean' },
      },
      positionals: true,
    },
    io,
  );
  if (typeof args === 'number') return args;
  const v = args.values;
  const [vendor, ...extra] = args.positionals;
  if ((vendor !== 'sendgrid' && vendor !== 'postmark' && vendor !== 'ses') || extra.length) {
    io.err(`rebound connect: say which vendor: sendgrid, postmark or ses\n\n${USAGE}\n`);
    return 2;
  }
  const outputs = deployOutputs();
  if (vendor === 'ses') return runSes(v, outputs, io);
  const url =
    (v.url as string | undefined) ??
    (vendor === 'sendgrid' ? outputs.SendgridWebhookUrl : outputs.PostmarkWebhookUrl);
  if (!url) {
    io.err(
      `rebound connect: which webhook URL? give --url (the deploy prints ${vendor === 'sendgrid' ? 'SendgridWebhookUrl' : 'PostmarkWebhookUrl'})\n`,
    );
    return 2;
  }
  try {
    if (new URL(url).protocol !== 'https:' && !/^http:\/\/(127\.0\.0\.1|localhost)[:/]/.test(url)) {
      io.err(
        `rebound connect: ${printable(url)} is not an https URL: vendors post to the public Function URL\n`,
      );
      return 2;
    }
  } catch {
    io.err(`rebound connect: --url "${printable(url)}" is not a URL\n`);
    return 2;
  }
  const secret = (vendor === 'sendgrid' ? v['api-key'] : v['server-token']) as string | undefined;
  if (!secret) {
    io.err(
      `rebound connect: give ${vendor === 'sendgrid' ? '--api-key (a SendGrid API key with Mail Settings access)' : '--server-token (the Postmark server API token)'}\n`,
    );
    return 2;
  }
  const dryRun = v['dry-run'] === true;
  const stateTable =
    (v['state-table'] as string | undefined) ??
    outputs.StateTableName ??
    process.env.REBOUND_STATE_TABLE;
  if (!stateTable && !dryRun) {
    io.err(
      'rebound connect: which State table? give --state-table (the deploy prints StateTableName)\n',
    );
    return 2;
  }
  const endpoint = (v.endpoint as string | undefined) ?? process.env.AWS_ENDPOINT_URL_DYNAMODB;
  const doc = createClients({
    ...(endpoint ? { dynamodbEndpoint: endpoint } : {}),
    ...(v.region ? { region: v.region as string } : {}),
  }).doc;
  const store = async (change: (cur: Record<string, unknown>) => Record<string, unknown>) => {
    if (dryRun) {
      io.out(
        `would write: settings#${vendor} in the State table ${stateTable ?? '(from the deploy outputs)'}\n`,
      );
      return;
    }
    try {
      await updateRuntimeSettings(doc, stateTable as string, vendor, change);
    } catch (err) {
      throw new ConnectError(
        `cannot write settings#${vendor} in the State table ${stateTable}${endpoint ? ` at ${endpoint}` : ''}: ${(err as Error).message}`,
      );
    }
  };
  const transport: Transport = {
    dryRun,
    print: (line) => io.out(`${line}\n`),
    auth:
      vendor === 'sendgrid'
        ? { header: 'authorization', value: `Bearer ${secret}` }
        : { header: 'x-postmark-server-token', value: secret },
    vendor: vendor === 'sendgrid' ? 'SendGrid' : 'Postmark',
    advice:
      vendor === 'sendgrid'
        ? {
            401: 'the API key is wrong or revoked',
            403: 'the API key lacks the "Mail Settings" (Event Webhook) permission',
          }
        : {
            401: 'the server token is wrong (use a Server API token, not the account token)',
            422: 'Postmark refused the settings (is the message stream right?)',
          },
  };
  try {
    if (vendor === 'sendgrid') {
      const done = await connectSendgrid(
        transport,
        (v.api as string | undefined) ?? 'https://api.sendgrid.com',
        url,
        (key) =>
          store((cur) => ({
            ...cur,
            publicKeys: [
              key,
              ...(Array.isArray(cur.publicKeys) ? (cur.publicKeys as string[]) : []).filter(
                (k) => k !== key,
              ),
            ].slice(0, KEPT),
          })),
      );
      io.out(
        `${dryRun ? 'dry run: nothing sent. ' : ''}SendGrid webhook ${done.webhookId} ${done.created ? 'created' : 'updated'} for ${url}: signed, events bounce, deferred, delivered, dropped, spam_report, unsubscribe, group (un)subscribe, processed; the key is stored: the webhook verifies it within a minute.\n`,
      );
      return 0;
    }
    const stream = (v.stream as string | undefined) ?? 'outbound';
    const credentials = { user: 'rebound', pass: randomBytes(24).toString('base64url') };
    const done = await connectPostmark(
      transport,
      (v.api as string | undefined) ?? 'https://api.postmarkapp.com',
      url,
      stream,
      credentials,
      () =>
        store((cur) => ({
          ...cur,
          credentials: [
            hashCredential(credentials.user, credentials.pass),
            ...hashedCredentialsOf(cur.credentials),
          ].slice(0, KEPT),
        })),
    );
    io.out(
      `${dryRun ? 'dry run: nothing sent. ' : ''}Postmark webhook ${done.webhookId} ${done.created ? 'created' : 'updated'} for stream ${stream} at ${url}: basic auth (new credentials, stored hashed), triggers Bounce, SpamComplaint, SubscriptionChange, Delivery.\n`,
    );
    return 0;
  } catch (err) {
    if (err instanceof ConnectError) {
      io.err(`rebound connect: ${printable(err.message)}\n`);
      return 1;
    }
    throw err;
  }
}

/** `rebound connect ses`: 0 when everything is wired, 1 when something is not, 2 for usage. */
async function runSes(
  v: Record<string, unknown>,
  outputs: ReturnType<typeof deployOutputs>,
  io: Io,
): Promise<number> {
  const topicArn = outputs.SesTopicArn;
  const configurationSet = outputs.SesConfigurationSet;
  if (!topicArn || !configurationSet) {
    io.err(
      'rebound connect ses: no SesTopicArn/SesConfigurationSet in .sst/outputs.json: run it where you deployed a stage with ses in REBOUND_VENDORS\n',
    );
    return 2;
  }
  try {
    const checks = await connectSes({
      topicArn,
      configurationSet,
      identities: (v.identity as string[] | undefined) ?? [],
      ...(v.region ? { region: v.region as string } : {}),
      dryRun: v['dry-run'] === true,
      replaceDefault: v['replace-default'] === true,
      print: (line) => io.out(`${line}\n`),
    });
    for (const c of checks) {
      io.out(`${c.ok ? '✓' : '✗'} ${printable(c.name)}: ${printable(c.detail)}\n`);
      if (c.fix) io.out(`    fix: ${printable(c.fix)}\n`);
    }
    const bad = checks.filter((c) => !c.ok).length;
    io.out(`connect ses: ${checks.length} checks, ${bad ? `${bad} to fix` : 'all wired'}\n`);
    return bad ? 1 : 0;
  } catch (err) {
    io.err(`rebound connect ses: ${printable((err as Error).message)}\n`);
    return 1;
  }
}
