/**
 * The whole local stack in one process: HTTP server first (a busy port fails fast), then
 * DynamoDB + SQS stand-ins, tables and queues, the deployed handlers, and the retry worker loop.
 */

import { rmSync, writeFileSync } from 'node:fs';
import type { Server } from 'node:http';
import { join } from 'node:path';
import { GetQueueAttributesCommand } from '@aws-sdk/client-sqs';
import { createClients } from '../../packages/aws/src/clients.ts';
import { ensureQueue, ensureTables } from '../../packages/aws/src/resources.ts';
import { writePage } from '../../packages/web/scripts/build.ts';
import { type LocalCredentials, loadOrCreateCredentials } from './credentials.ts';
import { type DynamoChoice, dynamoChoiceFromEnv, startLocalDynamo } from './dynamo.ts';
import { startEventSource } from './event-source.ts';
import { createLocalHandlers, localVendorEnv } from './handlers.ts';
import { createLambdaServer, type Route } from './serve-lambda.ts';
import { type Service, startFauxqsService } from './services.ts';

/** Raised when the port is taken (another `npm start`?). */
export class PortInUseError extends Error {}

/** How to start. */
export interface StackOptions {
  /** 0 = any free port. */
  port: number;
  host?: string;
  /** Where the credentials live (`.rebound`). */
  dir: string;
  /** Which DynamoDB; default REBOUND_LOCAL_DYNAMODB, else auto (DynamoDB Local if Java runs). */
  dynamodb?: DynamoChoice;
  log?: (line: string) => void;
}

/** A running stack. */
export interface LocalStack {
  url: string;
  port: number;
  credentials: LocalCredentials;
  credentialsCreated: boolean;
  /** `dynamodb-local` or `dynalite` (behind the transaction shim). */
  dynamo: string;
  resources: {
    suppressionsTable: string;
    stateTable: string;
    retryQueueUrl: string;
    retryDueQueueUrl: string;
  };
  endpoints: { dynamodb: string; sqs: string };
  stop(): Promise<void>;
}

function listen(server: Server, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', (err: NodeJS.ErrnoException) => {
      reject(
        err.code === 'EADDRINUSE' ? new PortInUseError(`port ${port} is already in use`) : err,
      );
    });
    server.listen(port, host, () => resolve((server.address() as { port: number }).port));
  });
}

/** Boots everything; `stop()` tears it down in reverse order. */
export async function startLocalStack(opts: StackOptions): Promise<LocalStack> {
  const log = opts.log ?? ((line: string) => console.error(line));
  let routes: Route[] | undefined;
  const server = createLambdaServer(() => routes, log);
  const host = opts.host ?? '127.0.0.1';
  const port = await listen(server, opts.port, host);
  const stoppers: (() => Promise<void>)[] = [() => new Promise((r) => server.close(() => r()))];
  const stop = async () => {
    server.closeAllConnections();
    for (const s of stoppers.reverse()) await s().catch(() => {});
  };
  try {
    const { credentials, created } = await loadOrCreateCredentials(opts.dir);
    // The page the API serves at `/`, built fresh from packages/web.
    await writePage(join(opts.dir, 'web'));
    const ddb: Service = await startLocalDynamo(opts.dynamodb ?? dynamoChoiceFromEnv());
    stoppers.push(() => ddb.stop());
    const sqsService = await startFauxqsService();
    stoppers.push(() => sqsService.stop());
    const clients = createClients({
      region: 'us-east-1',
      dynamodbEndpoint: ddb.endpoint,
      sqsEndpoint: sqsService.endpoint,
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    });
    const tables = { suppressions: 'rebound-local-suppressions', state: 'rebound-local-state' };
    await ensureTables(clients.dynamodb, tables);
    // Visibility timeouts as deployed: 6 x the 30 s worker timeout; 300 s for the output queue.
    const retry = await ensureQueue(clients.sqs, 'rebound-local-retry', { visibilityTimeout: 180 });
    const due = await ensureQueue(clients.sqs, 'rebound-local-retry-due', {
      visibilityTimeout: 300,
    });
    const names = {
      suppressionsTable: tables.suppressions,
      stateTable: tables.state,
      retryQueueUrl: retry.url,
      retryDueQueueUrl: due.url,
    };
    // The deployed config path: the loaders read these variables when SST links are absent.
    Object.assign(process.env, {
      REBOUND_SUPPRESSIONS_TABLE: names.suppressionsTable,
      REBOUND_STATE_TABLE: names.stateTable,
      REBOUND_RETRY_QUEUE_URL: names.retryQueueUrl,
      REBOUND_RETRY_DUE_QUEUE_URL: names.retryDueQueueUrl,
      ...(await localVendorEnv(credentials)),
      REBOUND_API_KEY: credentials.apiKey,
      REBOUND_WEB_DIR: join(opts.dir, 'web'),
      AWS_ENDPOINT_URL_DYNAMODB: ddb.endpoint,
      AWS_ENDPOINT_URL_SQS: sqsService.endpoint,
      AWS_REGION: 'us-east-1',
      AWS_ACCESS_KEY_ID: process.env.AWS_ACCESS_KEY_ID ?? 'local',
      AWS_SECRET_ACCESS_KEY: process.env.AWS_SECRET_ACCESS_KEY ?? 'local',
    });
    const handlers = await createLocalHandlers(credentials, log);
    const attrs = await clients.sqs.send(
      new GetQueueAttributesCommand({ QueueUrl: retry.url, AttributeNames: ['QueueArn'] }),
    );
    const source = startEventSource({
      sqs: clients.sqs,
      queueUrl: retry.url,
      queueArn: attrs.Attributes?.QueueArn ?? '',
      functionName: 'RetryWorker',
      handler: handlers.worker,
      log,
    });
    stoppers.push(() => source.stop());
    routes = handlers.routes;
    // Where the CLI's table mode finds this stack without flags (`rebound check x`, `lift`, …):
    // removed on stop; a stale file (a killed stack) is recognized by its dead pid.
    const info = join(opts.dir, 'stack.json');
    writeFileSync(
      info,
      `${JSON.stringify(
        {
          pid: process.pid,
          url: `http://${host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host}:${port}`,
          dynamodbEndpoint: ddb.endpoint,
          sqsEndpoint: sqsService.endpoint,
          region: 'us-east-1',
          ...names,
        },
        null,
        2,
      )}\n`,
      { mode: 0o600 },
    );
    stoppers.push(async () => rmSync(info, { force: true }));
    return {
      // 127.0.0.1, not localhost: the server binds IPv4 only, and `localhost` may resolve to ::1.
      url: `http://${host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host}:${port}`,
      port,
      credentials,
      credentialsCreated: created,
      dynamo: ddb.kind,
      resources: names,
      endpoints: { dynamodb: ddb.endpoint, sqs: sqsService.endpoint },
      stop,
    };
  } catch (err) {
    await stop();
    throw err;
  }
}
