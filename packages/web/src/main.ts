/**
 * The page's entry: asks for the API key once (kept in sessionStorage, sent as the bearer),
 * then loads the views and wires the forms. No data is in the page itself.
 */
import { api, forgetKey, storedKey, storeKey, whenUnauthorized } from './api.ts';
import { byId } from './dom.ts';
import { exportCsv } from './views/export.ts';
import { loadOverview } from './views/overview.ts';
import { loadRecent } from './views/recent.ts';
import { search } from './views/search.ts';

const status = (text: string, error = false) => {
  const el = byId('status');
  el.textContent = text;
  el.classList.toggle('error', error);
};

function showApp(on: boolean): void {
  byId('main').hidden = !on;
  byId('key-form').hidden = on;
  byId('forget-key').hidden = !on;
}

function pick(address: string): void {
  byId<HTMLInputElement>('search-email').value = address;
  byId<HTMLInputElement>('search-stream').value = '';
  void search(address, '');
  byId('search').scrollIntoView();
}

async function loadAll(): Promise<void> {
  status('Loading…');
  try {
    const stats = await loadOverview();
    await loadRecent(pick);
    status(`Loaded (${stats.cost.readUnits} read units).`);
  } catch (err) {
    status(`Could not load: ${(err as Error).message}`, true);
  }
}

function start(): void {
  whenUnauthorized(() => {
    showApp(false);
    status('The API refused this key. Enter a valid one.', true);
  });
  byId('key-form').addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const input = byId<HTMLInputElement>('key-input');
    const key = input.value.trim();
    if (!key) return;
    storeKey(key);
    input.value = '';
    try {
      await api('/stats?days=1');
    } catch {
      return; // 401: whenUnauthorized said so
    }
    showApp(true);
    await loadAll();
  });
  byId('forget-key').addEventListener('click', () => {
    forgetKey();
    showApp(false);
    status('Key forgotten.');
  });
  byId('filters').addEventListener('submit', (ev) => {
    ev.preventDefault();
    void loadOverview().catch((err: Error) => status(`Could not load: ${err.message}`, true));
  });
  byId('search-form').addEventListener('submit', (ev) => {
    ev.preventDefault();
    const email = byId<HTMLInputElement>('search-email').value.trim();
    const stream = byId<HTMLInputElement>('search-stream').value.trim();
    if (email) void search(email, stream);
  });
  byId('export-form').addEventListener('submit', (ev) => {
    ev.preventDefault();
    void exportCsv(byId<HTMLInputElement>('export-all').checked).catch((err: Error) => {
      byId('export-status').textContent = `Export failed: ${err.message}`;
    });
  });
  if (storedKey()) {
    showApp(true);
    void loadAll();
  } else {
    showApp(false);
    status('Enter the API key to see the rates and the suppression list.');
  }
}

start();
