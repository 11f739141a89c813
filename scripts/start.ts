/**
 * `npm start`: the local Rebound stack (no Docker, no AWS account). Serves the deployed routes
 * on PORT (default 3000) and prints the webhook URLs and how to replay payloads. Ctrl-C stops.
 */
import { join } from 'node:path';
import { loadVendor, VENDORS } from '@rebound/core';
import { describeDynamo } from './local/dynamo.ts';
import { PortInUseError, startLocalStack } from './local/stack.ts';

process.env.POWERTOOLS_METRICS_DISABLED ??= 'true';
process.env.POWERTOOLS_SERVICE_NAME ??= 'rebound';

const port = Number(process.env.PORT ?? 3000);
// REBOUND_LOCAL_DIR: where credentials.json and stack.json live (tests use a temporary one).
const dir = process.env.REBOUND_LOCAL_DIR ?? join(import.meta.dirname, '..', '.rebound');
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`rebound: PORT must be a port number, got "${process.env.PORT}"`);
  process.exit(2);
}

let stack: Awaited<ReturnType<typeof startLocalStack>>;
try {
  stack = await startLocalStack({
    port,
    dir,
    ...(process.env.HOST ? { host: process.env.HOST } : {}),
  });
} catch (err) {
  if (err instanceof PortInUseError) {
    console.error(
      `rebound: port ${port} is already in use (another \`npm start\`?); try PORT=${port + 1} npm start`,
    );
  } else {
    console.error(`rebound: the local stack did not start: ${(err as Error).message}`);
  }
  process.exit(1);
}

const { url, credentials: c, resources: r } = stack;
// One line per registered vendor, URLs alone on their line so they copy-paste cleanly.
const width = Math.max(...VENDORS.map((v) => v.title.length));
const webhooks: string[] = [];
for (const v of VENDORS) {
  const note = (await loadVendor(v.id)).local.describe(c.vendors[v.id]);
  webhooks.push(
    `  ${v.title.padEnd(width)}  POST ${url}${v.route}`,
    `  ${' '.repeat(width)}  (${note})`,
  );
}
const lines = [
  `Rebound local stack on ${url}  (SQS: fauxqs, data in memory)`,
  `DynamoDB: ${describeDynamo(stack.dynamo)}`,
  stack.credentialsCreated
    ? `Created local credentials in ${dir}/credentials.json`
    : `Using ${dir}/credentials.json`,
  '',
  'Webhooks:',
  ...webhooks,
  `Page: ${url}/   (rates, verdicts, recent bounces, search, lift, export; enter the apiKey from credentials.json)`,
  'Suppression API (Authorization: Bearer <apiKey from credentials.json>):',
  `  GET    ${url}/suppressions/bounce%40simulator.amazonses.com`,
  `  POST   ${url}/suppressions/check`,
  `  DELETE ${url}/suppressions/bounce%40simulator.amazonses.com`,
  '',
  'Replay a payload:',
  `  npx rebound replay --fresh --vendor ses test/fixtures/payloads/ses-notification-bounce-permanent-general-simulator.json --url ${url}`,
  `Retries due land on the queue ${r.retryDueQueueUrl.split('/').pop()} (SQS endpoint ${stack.endpoints.sqs});`,
  `  the retry worker polls ${r.retryQueueUrl.split('/').pop()}. DynamoDB endpoint ${stack.endpoints.dynamodb}.`,
  'Ctrl-C to stop.',
];
// Handlers first: the banner tells people (and scripts) they may press Ctrl-C now.
let stopping = false;
const shutdown = async (signal: string) => {
  if (stopping) return;
  stopping = true;
  console.log(`\n${signal}: stopping…`);
  await stack.stop();
  process.exit(0);
};
process.on('SIGINT', () => void shutdown('SIGINT'));
process.on('SIGTERM', () => void shutdown('SIGTERM'));
console.log(lines.join('\n'));
