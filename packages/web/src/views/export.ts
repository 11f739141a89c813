/**
 * Export: GET /export page after page (each one Scan page, so no request outgrows Lambda's
 * response limit), joined into one CSV file the browser downloads.
 */
import { api } from '../api.ts';
import { byId, fmt } from '../dom.ts';
import type { ExportPage } from '../types.ts';

/** Downloads the suppression list as CSV (`all`: every record, not only active ones). */
export async function exportCsv(all: boolean): Promise<void> {
  const status = byId('export-status');
  const parts: string[] = [];
  let cursor: string | null = null;
  let rows = 0;
  let scanned = 0;
  do {
    const q = new URLSearchParams(all ? { all: '1' } : {});
    if (cursor) q.set('cursor', cursor);
    const { body }: { body: ExportPage } = await api<ExportPage>(`/export?${q}`);
    if (!parts.length) parts.push(body.header);
    parts.push(body.lines);
    rows += body.rows;
    scanned += body.scanned;
    cursor = body.next;
    status.textContent = `${fmt(scanned)} records read, ${fmt(rows)} rows…`;
  } while (cursor);
  const url = URL.createObjectURL(new Blob(parts, { type: 'text/csv' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = `suppressions-${new Date().toISOString().slice(0, 10)}.csv`;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
  status.textContent = `Exported ${fmt(rows)} rows (${fmt(scanned)} records read).`;
}
