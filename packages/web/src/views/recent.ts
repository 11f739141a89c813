/** The recent bounces (GET /recent): what decided each, and a click to look the address up. */
import { api } from '../api.ts';
import { byId, fillRows, h } from '../dom.ts';
import type { RecentEntry } from '../types.ts';

/** Loads the newest bounces; `onPick` searches an address when its button is pressed. */
export async function loadRecent(onPick: (address: string) => void): Promise<void> {
  const { body } = await api<{ entries: RecentEntry[] }>('/recent?limit=50');
  const rows = body.entries.map((e) => {
    const who = e.masked
      ? h('span', { title: 'hash-only mode: the address is not stored' }, e.to)
      : h('button', { type: 'button', class: 'linkish', 'aria-label': `Find ${e.to}` }, e.to);
    if (!e.masked) who.addEventListener('click', () => onPick(e.to));
    return h(
      'tr',
      {},
      h('td', {}, h('time', { datetime: e.at }, e.at.replace('T', ' ').slice(0, 19))),
      h('td', {}, who, e.echo ? ' (echo)' : ''),
      h('td', {}, e.action),
      h('td', {}, e.reason),
      h('td', {}, h('code', {}, e.rule)),
      h('td', {}, e.source),
      h('td', { class: 'reply' }, e.reply || '–'),
      h('td', {}, `${e.vendor} ${e.kind}`),
      h('td', {}, e.stream),
      h('td', {}, e.from),
    );
  });
  fillRows(
    byId('recent-table').querySelector('tbody') as HTMLElement,
    rows,
    'No bounces in the last two days.',
  );
}
