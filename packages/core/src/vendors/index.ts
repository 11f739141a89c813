/**
 * The vendor registry: one adapter per vendor with its offline parser and docs URL. Each
 * vendor's `verify` differs in shape (ECDSA, Basic auth, async SNS), so callers import it directly.
 */
import type { NormalizedEvent, Vendor } from '../types.ts';
import { parse as parsePostmark } from './postmark.ts';
import { parse as parseSendgrid } from './sendgrid.ts';
import { parse as parseSes } from './ses.ts';

/** What every vendor adapter offers uniformly. */
export interface VendorAdapter {
  vendor: Vendor;
  /** The vendor's webhook documentation. */
  docsUrl: string;
  /** Parses a body (already verified, or offline). Throws PayloadError only. */
  parse(body: Uint8Array | string, now?: Date): NormalizedEvent[];
}

/** Adapters by vendor id. */
export const VENDORS: ReadonlyMap<Vendor, VendorAdapter> = new Map<Vendor, VendorAdapter>([
  [
    'sendgrid',
    {
      vendor: 'sendgrid',
      docsUrl: 'https://www.twilio.com/docs/sendgrid/for-developers/tracking-events/event',
      parse: parseSendgrid,
    },
  ],
  [
    'postmark',
    {
      vendor: 'postmark',
      docsUrl: 'https://postmarkapp.com/developer/webhooks/webhooks-overview',
      parse: parsePostmark,
    },
  ],
  [
    'ses',
    {
      vendor: 'ses',
      docsUrl: 'https://docs.aws.amazon.com/ses/latest/dg/notification-contents.html',
      parse: parseSes,
    },
  ],
]);

/** Type guard: is `name` one of the vendors Rebound reads? */
export function isVendor(name: unknown): name is Vendor {
  return typeof name === 'string' && VENDORS.has(name as Vendor);
}

/** The adapter for a vendor name, or undefined for anything else. */
export function getVendor(name: unknown): VendorAdapter | undefined {
  return isVendor(name) ? VENDORS.get(name) : undefined;
}
