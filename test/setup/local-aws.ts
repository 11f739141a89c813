/**
 * Vitest globalSetup: fauxqs in-process and DynamoDB Local (Java) for the whole run, dynalite
 * when Java is missing (or REBOUND_TEST_DDB=dynalite). Exports DDB_ENDPOINT, SQS_ENDPOINT and
 * DDB_KIND to the test workers.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hasJava, type LocalServer, startDynalite, startDynamoLocal, startSqs } from './servers.ts';

/** Starts the servers; returns the teardown. */
export async function setup(): Promise<() => Promise<void>> {
  const sqs = await startSqs();
  let ddb: LocalServer;
  // REBOUND_TEST_DDB=dynalite forces the no-Java fallback (transaction tests then skip).
  if (hasJava() && process.env.REBOUND_TEST_DDB !== 'dynalite') {
    ddb = await startDynamoLocal();
    process.env.DDB_KIND = 'dynamodb-local';
  } else {
    ddb = await startDynalite();
    process.env.DDB_KIND = 'dynalite';
  }
  process.env.DDB_ENDPOINT = ddb.endpoint;
  process.env.SQS_ENDPOINT = sqs.endpoint;
  process.env.AWS_REGION ??= 'us-east-1';
  process.env.AWS_ACCESS_KEY_ID ??= 'local';
  process.env.AWS_SECRET_ACCESS_KEY ??= 'local';
  process.env.POWERTOOLS_METRICS_DISABLED ??= 'true';
  process.env.POWERTOOLS_LOG_LEVEL ??= 'SILENT';
  // A directory of this run, shared with the workers and the closing-line reporter.
  const runDir = mkdtempSync(join(tmpdir(), 'rebound-test-run-'));
  process.env.REBOUND_TEST_RUN_DIR = runDir;
  return async () => {
    await Promise.allSettled([ddb.stop(), sqs.stop()]);
    rmSync(runDir, { recursive: true, force: true });
  };
}
