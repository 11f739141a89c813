/**
 * Rates against the thresholds (a line chart and a table with flags), the verdict mix per day
 * (stacked bars and a table) and the top reasons by provider: one GET /stats.
 */
import { formatPct, type RateCounts, ratesOf } from '../../../core/src/rates/thresholds.ts';
import { api } from '../api.ts';
import { draw, mixConfig, ratesConfig, reasonsConfig } from '../charts.ts';
import { byId, fillRows, fmt, h } from '../dom.ts';
import type { RateFlag, Stats } from '../types.ts';

const ACTIONS = ['retry', 'suppress', 'fix-message', 'fix-config', 'investigate'];

function flagBadges(flags: RateFlag[]): (HTMLElement | string)[] {
  if (!flags.length) return ['–'];
  return flags.map((f) =>
    h('span', { class: `flag ${f.endsWith('critical') ? 'critical' : 'warn'}` }, f),
  );
}

function setOptions(select: HTMLSelectElement, values: string[]): void {
  const current = select.value;
  select.replaceChildren(
    h('option', { value: '' }, 'all'),
    ...values.map((v) => h('option', { value: v, selected: v === current }, v)),
  );
}

/** Loads and draws everything /stats gives. */
export async function loadOverview(): Promise<Stats> {
  const days = byId<HTMLSelectElement>('days').value || '14';
  const stream = byId<HTMLSelectElement>('stream').value;
  const domain = byId<HTMLSelectElement>('domain').value;
  const q = new URLSearchParams({ days });
  if (stream) q.set('stream', stream);
  if (domain) q.set('domain', domain);
  const { body: stats } = await api<Stats>(`/stats?${q}`);
  setOptions(byId<HTMLSelectElement>('stream'), stats.streams);
  setOptions(byId<HTMLSelectElement>('domain'), stats.domains);
  const t = stats.thresholds;
  byId('thresholds').textContent =
    `Warning at ${t.bounceWarn} % bounces or ${t.complaintWarn} % complaints, critical at ` +
    `${t.bounceCritical} % or ${t.complaintCritical} % (Gmail and Yahoo: complaints under 0.3 %; ` +
    `SES reviews accounts near 5 % bounces or 0.1 % complaints). Rows with fewer than ` +
    `${fmt(t.minVolume)} messages are not flagged.`;

  // One point per day: the filtered rows summed.
  const perDay = new Map<string, RateCounts>();
  for (const r of stats.rates) {
    const c = perDay.get(r.day) ?? { delivered: 0, hard: 0, soft: 0, complaints: 0 };
    c.delivered += r.delivered;
    c.hard += r.hard;
    c.soft += r.soft;
    c.complaints += r.complaints;
    perDay.set(r.day, c);
  }
  const dayRates = stats.days.map((d) => {
    const c = perDay.get(d);
    return c ? ratesOf(c, t) : null;
  });
  draw(
    byId<HTMLCanvasElement>('rates-chart'),
    ratesConfig(
      stats.days,
      dayRates.map((r) => r?.bouncePct ?? null),
      dayRates.map((r) => r?.complaintPct ?? null),
      t,
    ),
  );
  const rows = [...stats.rates]
    .sort((a, b) => b.day.localeCompare(a.day) || a.domain.localeCompare(b.domain))
    .map((r) =>
      h(
        'tr',
        { class: r.flags.length ? 'flagged' : undefined },
        h('td', {}, r.day),
        h('td', {}, r.stream),
        h('td', {}, r.domain),
        h('td', { class: 'num' }, fmt(r.delivered)),
        h('td', { class: 'num' }, fmt(r.hard)),
        h('td', { class: 'num' }, formatPct(r.bouncePct)),
        h('td', { class: 'num' }, fmt(r.complaints)),
        h('td', { class: 'num' }, formatPct(r.complaintPct)),
        h('td', {}, ...flagBadges(r.flags)),
      ),
    );
  fillRows(
    byId('rates-table').querySelector('tbody') as HTMLElement,
    rows,
    'No mail counted in these days.',
  );

  draw(
    byId<HTMLCanvasElement>('mix-chart'),
    mixConfig(
      stats.days,
      ACTIONS.map((action) => ({ action, counts: stats.mix.map((m) => m.actions[action] ?? 0) })),
    ),
  );
  fillRows(
    byId('mix-table').querySelector('tbody') as HTMLElement,
    stats.mix
      .filter((m) => ACTIONS.some((a) => m.actions[a]))
      .reverse()
      .map((m) =>
        h(
          'tr',
          {},
          h('td', {}, m.day),
          ...ACTIONS.map((a) => h('td', { class: 'num' }, fmt(m.actions[a] ?? 0))),
        ),
      ),
    'No verdicts in these days.',
  );

  const top = stats.reasons.slice(0, 10);
  draw(
    byId<HTMLCanvasElement>('reasons-chart'),
    reasonsConfig(
      top.map((r) => `${r.reason} @ ${r.provider}`),
      top.map((r) => r.count),
    ),
  );
  fillRows(
    byId('reasons-table').querySelector('tbody') as HTMLElement,
    stats.reasons.map((r) =>
      h(
        'tr',
        {},
        h('td', {}, r.reason),
        h('td', {}, r.provider),
        h('td', { class: 'num' }, fmt(r.count)),
      ),
    ),
    'No reasons in these days.',
  );
  return stats;
}
