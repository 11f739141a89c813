/**
 * Find an address (GET /suppressions/{address}[?stream]): its standing, each record with its
 * evidence and history, and a lift form on each active one (why required; force for
 * complaints and unsubscribes: the API says so with 409, shown as an alert).
 */
import { ApiError, api } from '../api.ts';
import { byId, h } from '../dom.ts';
import type { AddressView, SuppressionRecord } from '../types.ts';

const replyOf = (r: SuppressionRecord['reply']) =>
  r ? [r.code, r.enhanced, r.text].filter((x) => x !== null && x !== '').join(' ') : '–';

function recordCard(view: AddressView, r: SuppressionRecord, redo: () => void): HTMLElement {
  const scope = r.scope ?? 'global';
  const expires = r.expiresAt ? new Date(r.expiresAt * 1000).toISOString() : 'never';
  const card = h(
    'article',
    { class: 'record', 'aria-label': `${scope} record` },
    h('h3', {}, `${scope}: ${r.status}`),
    h(
      'dl',
      {},
      h('dt', {}, 'reason'),
      h('dd', {}, `${r.reason} (${r.action})`),
      h('dt', {}, 'rule'),
      h('dd', {}, h('code', {}, r.rule), ` · ${r.vendor}`),
      h('dt', {}, 'reply'),
      h('dd', {}, replyOf(r.reply)),
      h('dt', {}, 'seen'),
      h('dd', {}, `${r.firstSeen} → ${r.lastSeen} (${r.count} events)`),
      h('dt', {}, 'expires'),
      h('dd', {}, expires),
      r.lifted ? h('dt', {}, 'lifted') : null,
      r.lifted ? h('dd', {}, `${r.lifted.at} by ${r.lifted.by}: ${r.lifted.why}`) : null,
    ),
    h('h4', {}, 'Evidence'),
    h(
      'ul',
      { class: 'history' },
      ...r.evidence.map((e) =>
        h(
          'li',
          {},
          `${e.at} ${e.vendor} ${e.kind} ${e.reason} (rule ${e.rule})${e.echo ? ' (echo)' : ''} — ${replyOf(e.reply)}${e.note ? ` — ${e.note}` : ''}`,
        ),
      ),
    ),
    h('h4', {}, 'History'),
    h(
      'ol',
      { class: 'history' },
      ...(r.history ?? []).map((x) =>
        h(
          'li',
          {},
          `${x.at} ${x.change} by ${x.by}${x.reason ? ` — ${x.reason}` : ''}${x.rule ? ` (${x.rule}${x.rulesVersion ? ` ${x.rulesVersion}` : ''})` : ''}${x.why ? `: ${x.why}` : ''}`,
        ),
      ),
    ),
  );
  if (r.status === 'suppressed') card.append(liftForm(view, scope, redo));
  return card;
}

function liftForm(view: AddressView, scope: string, redo: () => void): HTMLElement {
  const id = `lift-${scope}`;
  const why = h('input', { id: `${id}-why`, type: 'text', required: true, autocomplete: 'off' });
  const force = h('input', { id: `${id}-force`, type: 'checkbox' });
  const out = h('p', { id: `${id}-out`, role: 'alert', class: 'alert' });
  const form = h(
    'form',
    // novalidate: the script says what is missing, in words, where the alert is read out.
    { class: 'lift', 'aria-label': `Lift the ${scope} suppression`, novalidate: true },
    h('label', { for: `${id}-why` }, 'Why'),
    why,
    h('label', {}, force, ' force (a complaint or an unsubscribe is the recipient’s own wish)'),
    h('button', { type: 'submit' }, 'Lift'),
    out,
  );
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    out.textContent = '';
    if (!why.value.trim()) {
      out.textContent = 'Say why you lift it: the history keeps it.';
      return;
    }
    try {
      await api(`/suppressions/${encodeURIComponent(view.email)}`, {
        method: 'DELETE',
        body: {
          why: why.value.trim(),
          ...(force.checked ? { force: true } : {}),
          ...(scope !== 'global' ? { stream: scope } : {}),
        },
      });
      redo();
    } catch (err) {
      out.textContent =
        err instanceof ApiError && err.body.error === 'force-required'
          ? `Not lifted: ${String(err.body.message)}. Tick “force” if the recipient asked for it.`
          : `Not lifted: ${(err as Error).message}`;
    }
  });
  return form;
}

/** Looks an address up and shows what the API knows. */
export async function search(address: string, stream: string): Promise<void> {
  const out = byId('search-result');
  out.replaceChildren(h('p', { class: 'note' }, `Looking up ${address}…`));
  const q = stream ? `?stream=${encodeURIComponent(stream)}` : '';
  try {
    const { body: view } = await api<AddressView>(
      `/suppressions/${encodeURIComponent(address)}${q}`,
      { accept: [404] },
    );
    const redo = () => void search(address, stream);
    out.replaceChildren(
      h(
        'p',
        { class: `verdict ${view.suppressed ? 'suppressed' : 'sendable'}` },
        `${view.email}: ${view.suppressed ? 'SUPPRESSED' : 'sendable'}${view.stream ? ` on ${view.stream}` : ''}`,
      ),
      view.records.length
        ? h('div', {}, ...view.records.map((r) => recordCard(view, r, redo)))
        : h('p', { class: 'note' }, 'No record of this address.'),
    );
  } catch (err) {
    out.replaceChildren(h('p', { class: 'error', role: 'alert' }, (err as Error).message));
  }
}
