// Check recipients against Rebound's Suppressions table before sending (npm install @rebound/client).
// Run: REBOUND_SUPPRESSIONS_TABLE=<SuppressionsTableName output> node check-before-send.mjs ADDRESS…
import { createSuppressionChecker, SuppressionCheckError } from '@rebound/client';

// Region and credentials come from the environment, as for any AWS SDK client.
const checker = createSuppressionChecker({ tableName: process.env.REBOUND_SUPPRESSIONS_TABLE });
const recipients = process.argv.slice(2); // e.g. ['Jane <Jane@Example.COM>', 'bob@example.org']

try {
  // One BatchGetItem per 100 addresses; addresses are normalized exactly as Rebound stores them.
  const { sendable, suppressed, invalid } = await checker.filterSendable(recipients);
  for (const s of suppressed) {
    console.log(`skip ${s.address}: ${s.reason} (${s.scope}) since ${s.since ?? '?'}`);
  }
  for (const i of invalid) console.log(`invalid ${JSON.stringify(i.address)}: ${i.message}`);
  for (const to of sendable) console.log(`send ${to}`); // your send call goes here
} catch (err) {
  // Fail closed: the table could not be read, so nothing is known. Do not send; retry later.
  if (!(err instanceof SuppressionCheckError)) throw err;
  console.error(`not sending: ${err.message}`);
  process.exitCode = 1;
}
