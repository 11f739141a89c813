/**
 * The vendor table of docs/webhooks.md is the registry's: one row per registered vendor with
 * its route, verification, secrets and settings, in registry order.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { VENDORS } from '@rebound/core';
import { expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..', '..');

/** The table as the registry describes it. */
function vendorTable(): string {
  const code = (xs: readonly string[]) => (xs.length ? xs.map((x) => `\`${x}\``).join(', ') : '—');
  const rows = VENDORS.map((v) => {
    const secrets = v.settings.filter((s) => s.kind === 'secret').map((s) => s.name);
    const settings = v.settings.filter((s) => s.kind === 'setting').map((s) => s.env);
    return `| ${v.title} (\`${v.id}\`) | \`${v.route}\` | ${v.verification} | ${code(secrets)} | ${code(settings)} |`;
  });
  return [
    '| vendor | route | verification | secrets | settings |',
    '|---|---|---|---|---|',
    ...rows,
  ].join('\n');
}

it('docs/webhooks.md lists exactly the registered vendors, as the registry describes them', () => {
  const doc = readFileSync(join(ROOT, 'docs/webhooks.md'), 'utf8');
  const m = /<!-- vendors:begin[^>]*-->\n([\s\S]*?)\n<!-- vendors:end -->/.exec(doc);
  expect(m, 'the vendors block').not.toBeNull();
  expect(m?.[1]).toBe(vendorTable());
  for (const v of VENDORS) expect(doc).toContain(`## ${v.title}`);
});
