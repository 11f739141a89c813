/**
 * What a realistic 1,000-event SendGrid batch costs in AWS requests (counted on real local
 * servers: DynamoDB Local or dynalite + shim, and fauxqs), the minimum any implementation needs
 * for the same writes, and the SendGrid handler's duration for the cost model.
 */
import { generateKeyPairSync, sign } from 'node:crypto';
import { ScanCommand } from '@aws-sdk/client-dynamodb';
import {
  createClients,
  createWebhookHandler,
  ensureQueue,
  ensureTables,
  type HttpEvent,
} from '@rebound/aws';
import { loadVendor } from '@rebound/core';
import { SENDGRID_DEFAULT_MAX_AGE_SECONDS } from '@rebound/core/vendors';
import { startLocalDynamo } from '../scripts/local/dynamo.ts';
import { startFauxqsService } from '../scripts/local/services.ts';
import { realisticSendgridBatch } from './corpus.ts';

type Countable = { middlewareStack: { add: (mw: never, opts: object) => void } };

/** Counts the SDK commands a client sends (instrumentation: the requests still go out). */
function countCommands(client: Countable, counts: Map<string, number>): void {
  const mw =
    (next: (a: unknown) => Promise<unknown>, ctx: { commandName?: string }) => (args: unknown) => {
      const name = ctx.commandName ?? 'unknown';
      counts.set(name, (counts.get(name) ?? 0) + 1);
      return next(args);
    };
  client.middlewareStack.add(mw as never, { step: 'initialize', name: 'bench-count' });
}

export interface AwsFigures {
  ddb_backend: string;
  batch_events: number;
  batch_effects: Record<string, number>;
  ddb_requests_per_1000: number;
  sqs_requests_per_1000: number;
  ddb_requests_min_per_1000: number;
  ddb_min_ratio: number;
  ddb_items_written_per_1000: number;
  ddb_keys_read_min_per_1000: number;
  requests_by_command: Record<string, number>;
  sendgrid_handler_ms_per_1000: number;
  /** Billed units for the batch (estimated from item sizes; reads: 1 unit per key, strongly consistent). */
  ddb_write_units_per_1000: number;
  ddb_read_units_per_1000: number;
}

function signedEvent(
  body: string,
  privateKey: ReturnType<typeof generateKeyPairSync>['privateKey'],
): HttpEvent {
  const timestamp = String(Math.floor(Date.now() / 1000));
  const signature = sign('sha256', Buffer.from(timestamp + body), privateKey).toString('base64');
  return {
    version: '2.0',
    routeKey: '$default',
    rawPath: '/webhooks/sendgrid',
    rawQueryString: '',
    headers: {
      'content-type': 'application/json',
      'x-twilio-email-event-webhook-signature': signature,
      'x-twilio-email-event-webhook-timestamp': timestamp,
    },
    requestContext: { http: { method: 'POST', path: '/webhooks/sendgrid', sourceIp: '127.0.0.1' } },
    body,
    isBase64Encoded: false,
  } as unknown as HttpEvent;
}

/** Posts one realistic batch through the real handler and counts every AWS request it makes. */
export async function benchAws(): Promise<AwsFigures> {
  process.env.POWERTOOLS_METRICS_DISABLED = 'true';
  process.env.POWERTOOLS_LOG_LEVEL = 'SILENT';
  const ddb = await startLocalDynamo('auto');
  const sqsService = await startFauxqsService();
  try {
    const clients = createClients({
      dynamodbEndpoint: ddb.endpoint,
      sqsEndpoint: sqsService.endpoint,
      credentials: { accessKeyId: 'bench', secretAccessKey: 'bench' },
    });
    const tables = { suppressions: 'bench-suppressions', state: 'bench-state' };
    await ensureTables(clients.dynamodb, tables, { ttl: false });
    const { url: retryQueueUrl } = await ensureQueue(clients.sqs, 'bench-retry');
    const { publicKey, privateKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
    const sendgrid = await loadVendor('sendgrid');
    const handler = createWebhookHandler({
      doc: clients.doc,
      sqs: clients.sqs,
      tables,
      retryQueueUrl,
      adapter: sendgrid,
      settings: {
        publicKeys: [publicKey.export({ type: 'spki', format: 'der' }).toString('base64')],
        maxAgeSeconds: SENDGRID_DEFAULT_MAX_AGE_SECONDS,
        maxFutureSeconds: 300,
      },
    });
    const counts = new Map<string, number>();
    countCommands(clients.dynamodb as unknown as Countable, counts);
    countCommands(clients.sqs as unknown as Countable, counts);
    let keysRead = 0;
    let keysWrittenPlain = 0;
    (clients.dynamodb as unknown as Countable).middlewareStack.add(
      ((next: (a: unknown) => Promise<unknown>) => (args: { input?: Record<string, unknown> }) => {
        const input = args.input ?? {};
        for (const t of Object.values((input.RequestItems ?? {}) as Record<string, unknown>)) {
          if (Array.isArray(t)) keysWrittenPlain += t.length;
          else keysRead += ((t as { Keys?: unknown[] }).Keys ?? []).length;
        }
        return next(args);
      }) as never,
      { step: 'initialize', name: 'bench-units' },
    );

    const body = realisticSendgridBatch(1000);
    const events = await sendgrid.parse(body);
    const effects: Record<string, number> = {};
    for (const e of events) {
      const k = e.kind === 'ignored' ? 'ignored' : `${e.kind}:${e.verdict?.action ?? 'none'}`;
      effects[k] = (effects[k] ?? 0) + 1;
    }
    const start = performance.now();
    const res = await handler(signedEvent(body, privateKey), {} as never);
    const ms = performance.now() - start;
    if (res.statusCode !== 200)
      throw new Error(`bench batch answered ${res.statusCode}: ${res.body}`);

    // What had to be written: every item now in the two tables. Write units as DynamoDB bills
    // them: 1 per KB (rounded up) per item, doubled inside a transaction (all of them here).
    let itemsWritten = 0;
    let txWriteUnits = 0;
    for (const table of [tables.suppressions, tables.state]) {
      const scan = await clients.dynamodb.send(new ScanCommand({ TableName: table }));
      for (const item of scan.Items ?? []) {
        itemsWritten++;
        txWriteUnits += 2 * Math.ceil(Buffer.byteLength(JSON.stringify(item)) / 1024);
      }
    }
    const byCommand = Object.fromEntries([...counts].filter(([k]) => k !== 'ScanCommand'));
    const ddbNames = [
      'BatchGetItemCommand',
      'BatchWriteItemCommand',
      'TransactWriteItemsCommand',
      'GetItemCommand',
      'PutItemCommand',
      'UpdateItemCommand',
      'DeleteItemCommand',
      'QueryCommand',
    ];
    const ddbRequests = ddbNames.reduce((n, k) => n + (counts.get(k) ?? 0), 0);
    const sqsRequests = ['SendMessageBatchCommand', 'SendMessageCommand'].reduce(
      (n, k) => n + (counts.get(k) ?? 0),
      0,
    );
    // Keys any correct implementation must read before writing: the soft-bounce state of every
    // delivery recipient (to clear it; blind deletes would cost one request per 25 keys) and of
    // every soft-bounce recipient (its attempt count decides retry or escalation), and the
    // suppression record of every recipient gaining evidence (reason precedence, evidence cap).
    // Idempotency markers can be written conditionally without a read, so they are not counted:
    // a lower bound.
    const mustRead = new Set<string>();
    for (const e of events) {
      if (!e.recipient || e.kind === 'deferral') continue;
      if (e.kind === 'delivery' || e.verdict?.action === 'retry')
        mustRead.add(`soft#${e.recipient}`);
      if (e.verdict?.action === 'suppress') mustRead.add(`record#${e.recipient}`);
    }
    // The same writes, perfectly packed: 100 items per TransactWriteItems, 100 keys per BatchGetItem.
    const min = Math.ceil(itemsWritten / 100) + Math.ceil(mustRead.size / 100);
    return {
      ddb_backend: ddb.kind,
      batch_events: events.length,
      batch_effects: effects,
      ddb_requests_per_1000: ddbRequests,
      sqs_requests_per_1000: sqsRequests,
      ddb_requests_min_per_1000: min,
      ddb_min_ratio: Number((ddbRequests / min).toFixed(2)),
      ddb_items_written_per_1000: itemsWritten,
      ddb_keys_read_min_per_1000: mustRead.size,
      requests_by_command: byCommand,
      sendgrid_handler_ms_per_1000: Math.round(ms),
      // Marker finishes are plain (non-transactional) writes of small items: 1 unit each.
      ddb_write_units_per_1000: txWriteUnits + keysWrittenPlain,
      ddb_read_units_per_1000: keysRead,
    };
  } finally {
    await sqsService.stop();
    await ddb.stop();
  }
}
