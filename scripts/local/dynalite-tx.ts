/**
 * The local stack's DynamoDB endpoint: dynalite plus TransactWriteItems (tx-write.ts). One mutex
 * serializes every request; all but transactions are forwarded to dynalite unchanged.
 */
import { randomUUID } from 'node:crypto';
import {
  Agent,
  createServer,
  type IncomingHttpHeaders,
  type IncomingMessage,
  request,
  type ServerResponse,
} from 'node:http';
import { crc32 } from 'node:zlib';
import { type Service, startDynalite } from './services.ts';
import type { DdbCall } from './tx-plan.ts';
import { transactWrite } from './tx-write.ts';

const TX_TARGET = 'DynamoDB_20120810.TransactWriteItems';
const HOP_HEADERS = ['connection', 'keep-alive', 'transfer-encoding', 'content-length', 'host'];
/** dynalite checks that a signature is present, not what it signs. */
const INTERNAL_AUTH = {
  authorization:
    'AWS4-HMAC-SHA256 Credential=local/20260101/us-east-1/dynamodb/aws4_request, SignedHeaders=host, Signature=0',
  'x-amz-date': '20260101T000000Z',
};

interface Reply {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

function readAll(stream: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    stream.on('data', (c: Buffer) => chunks.push(c));
    stream.once('end', () => resolve(Buffer.concat(chunks)));
    stream.once('error', reject);
  });
}

/** Runs `fn` after every earlier call has settled. */
function createMutex() {
  let tail: Promise<unknown> = Promise.resolve();
  return <T>(fn: () => Promise<T>): Promise<T> => {
    const run = tail.then(fn, fn);
    tail = run.catch(() => {});
    return run;
  };
}

function jsonReply(status: number, body: object): Reply {
  const buf = Buffer.from(JSON.stringify(body));
  const headers = {
    'content-type': 'application/x-amz-json-1.0',
    'x-amzn-requestid': randomUUID(),
    'x-amz-crc32': String(crc32(buf)),
  };
  return { status, headers, body: buf };
}

/** A running shim. */
export interface TxProxy {
  endpoint: string;
  stop(): Promise<void>;
}

/** Starts the shim on 127.0.0.1 (a free port) in front of the DynamoDB JSON API at `backend`. */
export async function startTxProxy(backend: string): Promise<TxProxy> {
  const target = new URL(backend);
  const agent = new Agent({ keepAlive: true });
  const lock = createMutex();
  const send = (headers: IncomingHttpHeaders, body: Buffer, method = 'POST'): Promise<Reply> =>
    new Promise((resolve, reject) => {
      const out: IncomingHttpHeaders = { host: target.host, 'content-length': String(body.length) };
      for (const [k, v] of Object.entries(headers)) if (!HOP_HEADERS.includes(k)) out[k] = v;
      const req = request(target, { method, headers: out, agent }, (res) => {
        readAll(res).then(
          (b) => resolve({ status: res.statusCode ?? 500, headers: res.headers, body: b }),
          reject,
        );
      });
      req.once('error', reject);
      req.end(body);
    });
  const call: DdbCall = async (op, payload) => {
    const headers = {
      ...INTERNAL_AUTH,
      'content-type': 'application/x-amz-json-1.0',
      'x-amz-target': `DynamoDB_20120810.${op}`,
    };
    const res = await send(headers, Buffer.from(JSON.stringify(payload)));
    return { status: res.status, body: JSON.parse(res.body.toString('utf8') || '{}') };
  };
  const handle = async (req: IncomingMessage): Promise<Reply> => {
    const body = await readAll(req);
    if (req.headers['x-amz-target'] !== TX_TARGET)
      return lock(() => send(req.headers, body, req.method));
    let parsed: Record<string, unknown>;
    try {
      parsed = JSON.parse(body.toString('utf8'));
    } catch {
      return jsonReply(400, { __type: 'com.amazon.coral.service#SerializationException' });
    }
    const answer = await lock(() => transactWrite(call, parsed));
    return jsonReply(answer.status, answer.body);
  };
  const respond = (res: ServerResponse, reply: Reply) => {
    for (const [k, v] of Object.entries(reply.headers)) {
      if (v !== undefined && !HOP_HEADERS.includes(k)) res.setHeader(k, v);
    }
    res.setHeader('content-length', reply.body.length);
    res.writeHead(reply.status).end(reply.body);
  };
  const server = createServer((req, res) => {
    handle(req).then(
      (reply) => respond(res, reply),
      (err: Error) =>
        respond(
          res,
          jsonReply(500, {
            __type: 'com.amazonaws.dynamodb.v20120810#InternalServerError',
            message: `dynalite transaction shim: ${err.message}`,
          }),
        ),
    );
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as { port: number };
  return {
    endpoint: `http://127.0.0.1:${port}`,
    stop: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
        agent.destroy();
      }),
  };
}

/** dynalite in-process behind the shim: the local stack's DynamoDB when there is no Java. */
export async function startDynaliteWithTransactions(): Promise<Service> {
  const inner = await startDynalite();
  const proxy = await startTxProxy(inner.endpoint).catch(async (err) => {
    await inner.stop();
    throw err;
  });
  return {
    endpoint: proxy.endpoint,
    port: Number(new URL(proxy.endpoint).port),
    kind: 'dynalite',
    stop: async () => {
      await proxy.stop();
      await inner.stop();
    },
  };
}
