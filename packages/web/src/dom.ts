/**
 * A tiny element builder: every text goes in as a text node (never HTML), so nothing a remote
 * mail server wrote into a bounce can become markup or script on this page.
 */

type Child = Node | string | number | null | undefined | false;

/** Creates `<tag>` with attributes (strings; `true` for boolean ones) and children. */
export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Record<string, string | boolean | undefined> = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === undefined || value === false) continue;
    el.setAttribute(name, value === true ? '' : value);
  }
  for (const c of children) {
    if (c === null || c === undefined || c === false) continue;
    el.append(typeof c === 'number' ? String(c) : c);
  }
  return el;
}

/** The element with this id (throws when the page lacks it: a build mistake). */
export function byId<T extends HTMLElement = HTMLElement>(id: string): T {
  const el = document.getElementById(id);
  if (!el) throw new Error(`page: no #${id}`);
  return el as T;
}

/** Replaces a table body's rows (or shows one row saying there is nothing). */
export function fillRows(tbody: HTMLElement, rows: HTMLTableRowElement[], empty: string): void {
  const cols = tbody.closest('table')?.querySelectorAll('thead th').length ?? 1;
  tbody.replaceChildren(
    ...(rows.length ? rows : [h('tr', {}, h('td', { colspan: String(cols) }, empty))]),
  );
}

/** A number with thousands separators. */
export const fmt = (n: number) => n.toLocaleString('en-US');
