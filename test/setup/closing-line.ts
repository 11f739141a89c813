/**
 * A Vitest reporter that closes the run with the figures a reader looks for last: the reliability
 * suite's summary (written by test/reliability/figures.ts) and the plain totals line
 * `N passed, N failed, N skipped`.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Reporter, TestModule } from 'vitest/node';

/** Prints after the default reporter's summary. */
export default class ClosingLine implements Reporter {
  onTestRunEnd(modules: ReadonlyArray<TestModule>): void {
    const counts = { passed: 0, failed: 0, skipped: 0 };
    for (const m of modules) {
      for (const t of m.children.allTests()) {
        const state = t.result().state;
        if (state === 'passed') counts.passed++;
        else if (state === 'failed') counts.failed++;
        else counts.skipped++;
      }
      if (m.state() === 'failed' && [...m.children.allTests()].length === 0) counts.failed++;
    }
    const dir = process.env.REBOUND_TEST_RUN_DIR;
    let reliability = '';
    try {
      if (dir) reliability = readFileSync(join(dir, 'reliability.txt'), 'utf8').trim();
    } catch {
      // the reliability suite did not run (a filtered run)
    }
    if (reliability) console.log(`\n${reliability}`);
    console.log(`${counts.passed} passed, ${counts.failed} failed, ${counts.skipped} skipped`);
  }
}
