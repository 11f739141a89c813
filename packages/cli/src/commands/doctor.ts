/**
 * `rebound doctor`: checks a deployment from the outside and prints what to fix. Every webhook
 * must refuse an unsigned post (401/403) — `503 not-configured` means it waits for `rebound
 * connect`, a 2xx means anyone can write; the suppression API must refuse a request without
 * its key and accept the key given; with SES, the configuration set must publish Rebound's
 * event types to its topic and the topic's subscriptions must be in place and confirmed.
 * Reads `.sst/outputs.json` (or the running local stack with `--local`).
 */
import { parseArgs } from 'node:util';
import { checkSesWiring, createWiringClients } from '@rebound/aws';
import { VENDORS } from '@rebound/core';
import { apiFinding, type Finding, webhookFinding } from '../doctor/findings.ts';
import { probe } from '../doctor/probe.ts';
import { printable } from '../format.ts';
import { defaultIo, type Io } from '../io.ts';
import { type DeployOutputs, deployOutputs } from '../outputs.ts';
import { runningLocalStack } from '../table.ts';
import { localApiKey } from './check.ts';

const USAGE = `usage: rebound doctor [--api-key KEY] [--identity ID]… [--region R] [--local] [--json]

Checks the deployed stage (the outputs \`sst deploy\` wrote to .sst/outputs.json) from outside:
  - every webhook refuses an unsigned post (a 503 not-configured one waits for rebound connect)
  - the suppression API refuses a request without its key, and accepts --api-key
  - with SES: the configuration set publishes Rebound's event types to its topic, the topic
    invokes the subscriber, any HTTPS subscription is confirmed, and each --identity sends
    with Rebound's configuration set by default
Exit 0 when everything is in order, 1 when something needs fixing, 2 for a usage mistake.

  --api-key   a key of the suppression API (default: $REBOUND_API_KEY)
  --identity  an SES identity (domain or address) whose mail should reach Rebound (repeatable)
  --region    AWS region of SES and SNS (default: the topic's)
  --local     check the running local stack (npm start) instead
  --json      one JSON object per finding`;

/** The webhooks to probe: each registered vendor's URL output (or local route). */
function webhookTargets(outputs: DeployOutputs, localUrl: string | null) {
  return VENDORS.flatMap((v) => {
    const url = localUrl ? `${localUrl}${v.route}` : outputs[`${v.component}WebhookUrl`];
    return url ? [{ name: `${v.title} webhook`, url, connect: connectFix(v.id) }] : [];
  });
}

/** `rebound connect <id>` for the vendors it can connect. */
function connectFix(id: string): string | undefined {
  return id === 'sendgrid' || id === 'postmark' ? `run \`rebound connect ${id}\`` : undefined;
}

/** Runs the command; returns the exit code. */
export async function run(argv: string[], io: Io = defaultIo): Promise<number> {
  let values: {
    'api-key'?: string;
    identity?: string[];
    region?: string;
    local?: boolean;
    json?: boolean;
    help?: boolean;
  };
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        'api-key': { type: 'string' },
        identity: { type: 'string', multiple: true },
        region: { type: 'string' },
        local: { type: 'boolean' },
        json: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (err) {
    io.err(`rebound doctor: ${(err as Error).message}\n\n${USAGE}\n`);
    return 2;
  }
  if (values.help) {
    io.out(`${USAGE}\n`);
    return 0;
  }
  const localDir = process.env.REBOUND_LOCAL_DIR ?? '.rebound';
  const local = values.local ? runningLocalStack(localDir) : null;
  if (values.local && !local) {
    io.err('rebound doctor: no local stack is running here (start it with `npm start`)\n');
    return 2;
  }
  const outputs = local ? {} : deployOutputs();
  const apiUrl = local ? local.url : outputs.SuppressionApiUrl;
  if (!local && !apiUrl) {
    io.err(
      'rebound doctor: no deploy outputs in .sst/outputs.json: run it where you ran `npx sst deploy`, or give --local\n',
    );
    return 2;
  }
  const key =
    values['api-key'] ?? process.env.REBOUND_API_KEY ?? (local ? localApiKey(localDir) : '');

  const findings: Finding[] = [];
  const show = (f: Finding) => {
    findings.push(f);
    if (values.json) return io.out(`${JSON.stringify(f)}\n`);
    io.out(`${f.ok ? '✓' : '✗'} ${printable(f.name)}: ${printable(f.detail)}\n`);
    if (f.fix) io.out(`    fix: ${printable(f.fix)}\n`);
  };

  for (const w of webhookTargets(outputs, local?.url ?? null)) {
    const answer = await probe(w.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '[]',
    });
    show(webhookFinding(w.name, answer, w.connect));
  }

  const base = String(apiUrl).replace(/\/+$/, '');
  const path = `${base}/suppressions/${encodeURIComponent('doctor-probe@example.com')}`;
  const without = await probe(path, { method: 'GET' });
  const withKey = key
    ? await probe(path, { method: 'GET', headers: { authorization: `Bearer ${key}` } })
    : null;
  show(apiFinding('Suppression API', without, withKey));

  if (outputs.SesTopicArn) {
    const clients = createWiringClients({
      topicArn: outputs.SesTopicArn,
      ...(values.region ? { region: values.region } : {}),
    });
    const checks = await checkSesWiring(clients, {
      topicArn: outputs.SesTopicArn,
      ...(outputs.SesConfigurationSet ? { configurationSet: outputs.SesConfigurationSet } : {}),
      identities: values.identity ?? [],
    });
    for (const c of checks) show(c);
  }

  const bad = findings.filter((f) => !f.ok).length;
  const summary = `doctor: ${findings.length} checks, ${findings.length - bad} in order, ${bad} to fix`;
  if (values.json) io.err(`${summary}\n`);
  else io.out(`${summary}\n`);
  return bad ? 1 : 0;
}
