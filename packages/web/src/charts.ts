/**
 * The plots (Chart.js, tree-shaken to bars and lines): verdicts per day stacked by action,
 * bounce and complaint rate per day against their thresholds, the top reasons. Each chart has
 * a table beside it with the same numbers, for screen readers and for copying.
 */
import {
  BarController,
  BarElement,
  CategoryScale,
  Chart,
  type ChartConfiguration,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
  Tooltip,
} from 'chart.js';

Chart.register(
  BarController,
  BarElement,
  CategoryScale,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
  Legend,
  Tooltip,
);

/** One colour per action (also readable in the legend text). */
export const ACTION_COLOURS: Record<string, string> = {
  retry: '#3b82c4',
  suppress: '#c0392b',
  'fix-message': '#8e44ad',
  'fix-config': '#d35400',
  investigate: '#7f8c8d',
};

const charts = new Map<string, Chart>();

/** Draws (or redraws) the chart on `canvas`. */
export function draw(canvas: HTMLCanvasElement, config: ChartConfiguration): void {
  charts.get(canvas.id)?.destroy();
  const chart = new Chart(canvas, {
    ...config,
    options: { responsive: true, maintainAspectRatio: false, animation: false, ...config.options },
  });
  charts.set(canvas.id, chart);
}

/** Stacked bars: one bar per day, one segment per action. */
export function mixConfig(
  days: string[],
  series: { action: string; counts: number[] }[],
): ChartConfiguration {
  return {
    type: 'bar',
    data: {
      labels: days,
      datasets: series.map((s) => ({
        label: s.action,
        data: s.counts,
        backgroundColor: ACTION_COLOURS[s.action] ?? '#999',
      })),
    },
    options: {
      scales: {
        x: { stacked: true },
        y: { stacked: true, beginAtZero: true, ticks: { precision: 0 } },
      },
      plugins: { legend: { position: 'bottom' } },
    },
  };
}

/** Two rate lines (percent) and the four threshold lines, dashed. */
export function ratesConfig(
  days: string[],
  bounce: (number | null)[],
  complaint: (number | null)[],
  t: {
    bounceWarn: number;
    bounceCritical: number;
    complaintWarn: number;
    complaintCritical: number;
  },
): ChartConfiguration {
  const flat = (v: number) => days.map(() => v);
  const dashed = (label: string, v: number, colour: string, axis: string) => ({
    label,
    data: flat(v),
    borderColor: colour,
    borderDash: [6, 4],
    borderWidth: 1,
    pointRadius: 0,
    yAxisID: axis,
  });
  return {
    type: 'line',
    data: {
      labels: days,
      datasets: [
        {
          label: 'bounce %',
          data: bounce,
          borderColor: '#c0392b',
          yAxisID: 'bounce',
          spanGaps: true,
        },
        {
          label: 'complaint %',
          data: complaint,
          borderColor: '#8e44ad',
          yAxisID: 'complaint',
          spanGaps: true,
        },
        dashed(`bounce warn ${t.bounceWarn} %`, t.bounceWarn, '#e0a030', 'bounce'),
        dashed(`bounce critical ${t.bounceCritical} %`, t.bounceCritical, '#c0392b', 'bounce'),
        dashed(`complaint warn ${t.complaintWarn} %`, t.complaintWarn, '#e0a030', 'complaint'),
        dashed(
          `complaint critical ${t.complaintCritical} %`,
          t.complaintCritical,
          '#8e44ad',
          'complaint',
        ),
      ],
    },
    options: {
      scales: {
        bounce: {
          type: 'linear',
          position: 'left',
          beginAtZero: true,
          title: { display: true, text: 'bounce %' },
        },
        complaint: {
          type: 'linear',
          position: 'right',
          beginAtZero: true,
          grid: { drawOnChartArea: false },
          title: { display: true, text: 'complaint %' },
        },
      },
      plugins: { legend: { position: 'bottom' } },
    },
  };
}

/** Horizontal bars of the top reasons. */
export function reasonsConfig(labels: string[], counts: number[]): ChartConfiguration {
  return {
    type: 'bar',
    data: { labels, datasets: [{ label: 'events', data: counts, backgroundColor: '#3b82c4' }] },
    options: {
      indexAxis: 'y',
      scales: { x: { beginAtZero: true, ticks: { precision: 0 } } },
      plugins: { legend: { display: false } },
    },
  };
}
