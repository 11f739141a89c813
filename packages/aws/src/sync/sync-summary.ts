/**
 * The one-line summary of a sync run, the same in the CLI and the function's log: what was
 * pulled, created, pushed and lifted (or would be, in a dry run), and how long it took.
 */
import type { SyncResult } from './run-sync.ts';

const n = (x: number) => x.toLocaleString('en-US');

/**
 * One line, e.g. `sync sendgrid: completed in 2.1 s, since 2026-11-28T08:00:00.000Z — pulled
 * 1,500 (created 1,200, known 290, skipped 10), pushed 0, lifted 2 (absent 1, refused 0)`.
 */
export function summaryLine(r: SyncResult): string {
  const c = r.counts;
  const window = r.since ? `since ${r.since}` : 'everything';
  const waits = c.rateLimitWaits ? `, ${n(c.rateLimitWaits)} rate-limit waits` : '';
  const secs = `${(r.ms / 1000).toFixed(1)} s`;
  if (r.dryRun) {
    return (
      `sync ${r.vendor} (dry run, ${window}): pulled ${n(c.pulled)}, would create ${n(c.created)} ` +
      `(known ${n(c.known)}, skipped ${n(c.skipped)}), would push ${n(c.pushed)}, ` +
      `would lift ${n(c.lifted)}${waits}; nothing written (${secs})`
    );
  }
  const how = r.status === 'paused' ? 'paused (the next run resumes)' : 'completed';
  const resumed = r.resumed ? ', resumed' : '';
  return (
    `sync ${r.vendor}: ${how} in ${secs}${resumed}, ${window} — pulled ${n(c.pulled)} ` +
    `(created ${n(c.created)}, known ${n(c.known)}, skipped ${n(c.skipped)}), pushed ${n(c.pushed)}, ` +
    `lifted ${n(c.lifted)} (absent ${n(c.liftAbsent)}, refused ${n(c.liftRefused)})${waits}`
  );
}
