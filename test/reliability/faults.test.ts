/**
 * Faults: DynamoDB Local (SIGKILL) and fauxqs are killed at seeded random points of a mixed
 * delivery (the k-th request the runtime sends to that server); the request in progress answers
 * 5xx, never 4xx; after a restart on the same files, redelivering what failed ends in the same
 * state as a clean single delivery: nothing lost, nothing doubled.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { clearCertificateCache } from '@rebound/core/vendors';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRig, type Rig } from '../aws/e2e.ts';
import { clientsFor, createStack } from '../aws/helpers.ts';
import { freePort, hasJava, startSqs } from '../setup/servers.ts';
import {
  armFault,
  type CrashableDynamo,
  type FaultMode,
  recordCommands,
  startCrashableDynamo,
} from './crash.ts';
import { recordFigures } from './figures.ts';
import { mixedDelivery } from './mixed-batch.ts';
import { rng, seedFrom } from './rng.ts';
import { distinctRetries, lostAndDoubled, type Snapshot, snapshot } from './snapshot.ts';
import { runWorker } from './worker-run.ts';

const ROUNDS = 4;
const SEED = seedFrom(1128);
const dir = mkdtempSync(join(tmpdir(), 'rebound-reliability-faults-'));
const figures = {
  faultsInjected: 0,
  eventsLost: 0,
  eventsDoubled: 0,
  retriesResent: 0,
  retriesOrphaned: 0,
};
/** One clock for every rig: later than every test certificate's notBefore. */
const T0 = new Date(Math.floor(Date.now() / 1000) * 1000 + 600_000);
const delivery = mixedDelivery(90, 'fault');

let ports: { ddb: number; sqs: number };
let ddb: CrashableDynamo;
let sqs: Awaited<ReturnType<typeof startSqs>>;
let reference: Snapshot;
let commands: { dynamodb: string[]; sqs: string[] };
const log: string[] = [];

const startDdb = () => startCrashableDynamo(ports.ddb, dir);
const startQueue = () => startSqs({ port: ports.sqs, dataDir: join(dir, 'sqs') });

/** A rig on fresh tables/queues of the dedicated servers (SDK retries off: faults surface). */
async function freshRig(): Promise<Rig> {
  clearCertificateCache(); // each rig signs SNS with its own key
  const stack = await createStack(clientsFor(ddb.endpoint, sqs.endpoint, 1));
  const rig = await createRig({ sqsServer: sqs, stack });
  rig.clock.t = T0;
  return rig;
}

beforeAll(async () => {
  if (!hasJava()) return;
  ports = { ddb: await freePort(), sqs: await freePort() };
  [ddb, sqs] = await Promise.all([startDdb(), startQueue()]);
  const rig = await freshRig();
  recordCommands(rig.stack.clients.dynamodb, 'dynamodb', log);
  recordCommands(rig.stack.clients.sqs, 'sqs', log);
  for (const r of delivery)
    expect((await rig.post(r.vendor, r.body, r.msgId)).statusCode).toBe(200);
  commands = {
    dynamodb: log.filter((c) => c.startsWith('dynamodb:')),
    sqs: log.filter((c) => c.startsWith('sqs:')),
  };
  console.info(
    `clean delivery: ${commands.dynamodb.length} DynamoDB and ${commands.sqs.length} SQS requests`,
  );
  reference = await snapshot(rig, { processingTime: true });
});
afterAll(async () => {
  await Promise.allSettled([ddb?.kill(), sqs?.stop()]);
  rmSync(dir, { recursive: true, force: true });
  recordFigures('faults', figures);
});

/** Brings the killed server back on the same port and files. */
async function restart(target: 'dynamodb' | 'sqs', rig: Rig) {
  if (target === 'dynamodb') ddb = await startDdb();
  else {
    sqs = await startQueue();
    rig.setSqsServer(sqs);
  }
}

type Target = 'dynamodb' | 'sqs';

/**
 * One fault round on a fresh rig: the mixed delivery with `target` killed at its `k`-th request
 * (restarted once a vendor request has failed on it), then a redelivery of what failed, 60 s
 * later (the crashed delivery's marker leases have run out by then).
 */
async function round(target: Target, k: number, mode: FaultMode, delayMs: number) {
  const rig = await freshRig();
  const client = target === 'dynamodb' ? rig.stack.clients.dynamodb : rig.stack.clients.sqs;
  const kill = target === 'dynamodb' ? () => ddb.kill() : () => sqs.stop();
  const fault = armFault(client, k, mode, kill, delayMs);
  const answers: number[] = [];
  let faulted = -1;
  let down = false;
  for (const [i, req] of delivery.entries()) {
    answers.push((await rig.post(req.vendor, req.body, req.msgId)).statusCode);
    if (fault.fired && faulted < 0) {
      faulted = i;
      figures.faultsInjected++;
      down = true;
    }
    // The server stays down until a request has run into it (or the delivery ends).
    if (down && (answers[i] !== 200 || i === delivery.length - 1)) {
      await restart(target, rig);
      down = false;
    }
  }
  rig.clock.t = new Date(T0.getTime() + 60_000);
  const redelivered: number[] = [];
  for (const [i, req] of delivery.entries()) {
    if (answers[i] !== 200)
      redelivered.push((await rig.post(req.vendor, req.body, req.msgId)).statusCode);
  }
  const got = await snapshot(rig, { processingTime: true });
  const { lost, doubled, resent, orphaned } = lostAndDoubled(got, reference);
  figures.eventsLost += lost;
  figures.eventsDoubled += doubled;
  figures.retriesResent += resent;
  figures.retriesOrphaned += orphaned;
  console.info(
    `${target} killed ${mode} request ${k} (${fault.command}): answers ${answers.join(',')}, redelivered ${redelivered.join(',')}, lost ${lost}, doubled ${doubled}`,
  );
  return { fired: fault.fired, answers, faulted, redelivered, got, lost, doubled, resent, rig };
}

const PLANS = (['dynamodb', 'sqs'] as const).flatMap((target, t) =>
  Array.from({ length: ROUNDS }, (_, i) => ({
    target,
    mode: (i % 2 ? 'in-flight' : 'before') as FaultMode,
    seed: SEED + t * 100 + i,
  })),
);

describe.skipIf(!hasJava())('faults', () => {
  it.each(PLANS)(
    '$target killed $mode a random request (seed $seed): 5xx, then redelivery = one clean delivery',
    async (plan) => {
      const r = rng(plan.seed);
      const n = commands[plan.target].length;
      const k = r.int(1, n);
      const res = await round(plan.target, k, plan.mode, r.int(0, 15));
      expect(res.fired, `request ${k} of ${n}`).toBe(true);
      // never a 4xx (the vendor would drop the events): failures are 5xx, so the vendor retries
      expect(res.answers.filter((s) => s !== 200 && s < 500)).toEqual([]);
      if (plan.mode === 'before') expect(res.answers[res.faulted]).toBeGreaterThanOrEqual(500);
      // only a request in flight at the very end may have completed with nothing left to fail
      if (plan.mode === 'before' || k < n) expect(res.answers.some((s) => s >= 500)).toBe(true);
      expect(res.redelivered.every((s) => s === 200)).toBe(true);
      expect({ lost: res.lost, doubled: res.doubled }).toEqual({ lost: 0, doubled: 0 });
      // A kill between the retries' enqueue and the markers' finish re-queues those retries on
      // redelivery (SQS is at-least-once; the last test below shows each is emitted once).
      expect(distinctRetries(res.got)).toEqual(reference);
    },
  );

  it('dynamodb killed after the retries were enqueued, before their state commits: retries may be queued twice (SQS is at-least-once), the sending service still gets each one once', async () => {
    // Each round enqueues its retries, then commits: the delivery's first TransactWriteItems
    // comes after its first SendMessageBatch.
    expect(commands.sqs).toContain('sqs:SendMessageBatchCommand');
    const k = commands.dynamodb.indexOf('dynamodb:TransactWriteItemsCommand') + 1;
    expect(k).toBeGreaterThan(0);
    const res = await round('dynamodb', k, 'before', 0);
    expect(res.answers[res.faulted]).toBe(503);
    expect(res.redelivered.every((s) => s === 200)).toBe(true);
    expect({ lost: res.lost, doubled: res.doubled }).toEqual({ lost: 0, doubled: 0 });
    // Tables as after one clean delivery; each retry queued at least once, identical copies.
    expect(distinctRetries(res.got)).toEqual(reference);
    // The retry worker, once the retries are due, emits one retry-due message per retry: the
    // same messages as after a clean delivery, none twice.
    const due = await runWorker(res.rig, T0);
    expect(new Set(due).size).toBe(due.length);
    const clean = await freshRig();
    for (const r of delivery)
      expect((await clean.post(r.vendor, r.body, r.msgId)).statusCode).toBe(200);
    expect(due).toEqual(await runWorker(clean, T0));
    expect(due.length).toBeGreaterThan(0);
  });
});
