/**
 * The vendor registry: one line per vendor, its eager metadata plus a lazy loader. A bundle
 * with ESM code splitting loads only the vendor it runs (the `import()` is its own chunk); the
 * deploy, the local stack, the CLI and the docs table read the metadata and derive the rest.
 */

import { GENERIC } from './generic/meta.ts';
import { MAIL } from './mail/meta.ts';
import { MAILGUN } from './mailgun/meta.ts';
import { POSTMARK } from './postmark/meta.ts';
import { RESEND } from './resend/meta.ts';
import { SENDGRID } from './sendgrid/meta.ts';
import { SES } from './ses/meta.ts';
import type { VendorAdapter, VendorMeta } from './types.ts';

/** A registry entry: the metadata and how to load the complete adapter. */
export type VendorEntry<M extends VendorMeta = VendorMeta> = M & {
  load(): Promise<VendorAdapter>;
};

function entry<M extends VendorMeta>(meta: M, load: () => Promise<{ adapter: VendorAdapter }>) {
  return { ...meta, load: async () => (await load()).adapter } as VendorEntry<M>;
}

/** Every vendor Rebound receives, in `REBOUND_VENDORS` order of documentation. */
export const VENDORS = [
  entry(SES, () => import('./ses/index.ts')),
  entry(SENDGRID, () => import('./sendgrid/index.ts')),
  entry(POSTMARK, () => import('./postmark/index.ts')),
  entry(MAILGUN, () => import('./mailgun/index.ts')),
  entry(RESEND, () => import('./resend/index.ts')),
  entry(GENERIC, () => import('./generic/index.ts')),
  entry(MAIL, () => import('./mail/index.ts')),
] as const;

/** A registered vendor's id (`REBOUND_VENDORS`, `/webhooks/<id>`, `REBOUND_VENDOR`). */
export type VendorId = (typeof VENDORS)[number]['id'];

/** The ids, in registry order. */
export const VENDOR_IDS: readonly VendorId[] = VENDORS.map((v) => v.id);

/** Entries by id, on a null prototype: a name taken from input cannot reach `__proto__`. */
const BY_ID: Readonly<Record<string, VendorEntry>> = Object.assign(
  Object.create(null),
  Object.fromEntries(VENDORS.map((v) => [v.id, v])),
);

/**
 * Type guard: is `name` a registered vendor id?
 *
 * @example isVendorId(process.env.REBOUND_VENDOR)
 */
export function isVendorId(name: unknown): name is VendorId {
  return typeof name === 'string' && BY_ID[name] !== undefined;
}

/** The metadata (and loader) of a vendor, or undefined for anything else. */
export function vendorEntry(name: unknown): VendorEntry | undefined {
  return isVendorId(name) ? BY_ID[name] : undefined;
}

const loaded = new Map<VendorId, Promise<VendorAdapter>>();

/**
 * Loads a vendor's complete adapter (once; later calls share it). Throws for an unknown id.
 *
 * @example const sendgrid = await loadVendor('sendgrid'); sendgrid.parse(body);
 */
export function loadVendor(id: VendorId): Promise<VendorAdapter> {
  const e = vendorEntry(id);
  if (!e) return Promise.reject(new Error(`unknown vendor "${String(id)}"`));
  let p = loaded.get(id);
  if (!p) {
    p = e.load();
    loaded.set(id, p);
  }
  return p;
}
