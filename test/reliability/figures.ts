/**
 * The reliability figures: each test file records its own part in a directory keyed by this run
 * (the globalSetup's endpoints); the file that completes the set prints the one summary line.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Counts one file contributes (absent = 0). */
export interface Figures {
  badInputs?: number;
  badInputs4xx?: number;
  duplicateDeliveries?: number;
  faultsInjected?: number;
  eventsLost?: number;
  eventsDoubled?: number;
  /** Retries queued again by a redelivery after a crash (same retryId; one retry-due each). */
  retriesResent?: number;
  /** Retries enqueued for an attempt whose transaction lost (dropped by the worker). */
  retriesOrphaned?: number;
}

const PARTS = ['bad-input', 'redelivery-storm', 'faults'] as const;

/** Same directory for every worker of one `vitest run` (set by the globalSetup). */
const runDir = () => {
  if (process.env.REBOUND_TEST_RUN_DIR)
    return join(process.env.REBOUND_TEST_RUN_DIR, 'reliability');
  const id = createHash('sha256')
    .update(`${process.env.DDB_ENDPOINT}|${process.env.SQS_ENDPOINT}`)
    .digest('hex')
    .slice(0, 16);
  return join(tmpdir(), `rebound-reliability-${id}`);
};

/** The summary line for a set of parts. */
export function summaryLine(all: Figures[]): string {
  const sum = (k: keyof Figures) => all.reduce((a, f) => a + (f[k] ?? 0), 0);
  return (
    `reliability: bad inputs ${sum('badInputs')} (${sum('badInputs4xx')} answered 4xx), ` +
    `duplicate deliveries ${sum('duplicateDeliveries')}, faults injected ${sum('faultsInjected')}, ` +
    `events lost ${sum('eventsLost')}, events doubled ${sum('eventsDoubled')}, ` +
    `retries re-queued ${sum('retriesResent')}, orphaned ${sum('retriesOrphaned')} (each retry-due once)`
  );
}

/**
 * Records `part`'s figures; when all three parts are in, prints the summary (exactly once: the
 * first to create the `printed` directory wins) and removes the run directory.
 */
export function recordFigures(part: (typeof PARTS)[number], figures: Figures): void {
  const dir = runDir();
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, `${part}.json`), JSON.stringify(figures));
  const done = readdirSync(dir).filter((f) => f.endsWith('.json'));
  if (done.length < PARTS.length) return;
  try {
    mkdirSync(join(dir, 'printed'));
  } catch {
    return;
  }
  const all = PARTS.map((p) => JSON.parse(readFileSync(join(dir, `${p}.json`), 'utf8')) as Figures);
  const line = summaryLine(all);
  console.log(line);
  // The closing-line reporter prints it again as the run's last lines.
  if (process.env.REBOUND_TEST_RUN_DIR) {
    writeFileSync(join(process.env.REBOUND_TEST_RUN_DIR, 'reliability.txt'), line);
  }
  rmSync(dir, { recursive: true, force: true });
}
