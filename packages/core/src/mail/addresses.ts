/**
 * Finding mail addresses in bounce text: a lenient pattern (IDN and quoted-less local parts),
 * the sender's own addresses to leave out, and the list parser for To/X-Failed-Recipients.
 */
import { addressParser, decodeWords } from 'postal-mime';
import { normalizeRecipient } from '../events/recipient.ts';

/** An address as bounces print it: no blanks, brackets or quotes; a dot in the domain. */
export const ADDRESS_SOURCE = String.raw`[^\s<>()\[\]",;:@'\x60]{1,64}@[^\s<>()\[\]",;:@'\x60]{1,253}\.[^\s<>()\[\]",;:@'\x60.]{1,63}`;
const ADDRESS_ALL = new RegExp(ADDRESS_SOURCE, 'gu');

/** Every address in `text`, normalized, in order, without repeats. */
export function addressesIn(text: string): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(ADDRESS_ALL)) {
    const a = normalizeRecipient(m[0].replace(/\.+$/, ''));
    if (a !== null && !out.includes(a)) out.push(a);
  }
  return out;
}

/** The addresses of an address-list header value (`To`, `X-Failed-Recipients`), normalized. */
export function addressList(value: string | null | undefined): string[] {
  if (!value) return [];
  const out: string[] = [];
  try {
    for (const a of addressParser(decodeWords(value.slice(0, 8192)), { flatten: true })) {
      const n = 'address' in a ? normalizeRecipient(a.address) : null;
      if (n !== null && !out.includes(n)) out.push(n);
    }
  } catch {
    // postal-mime's parser is defensive; a hostile value simply yields no address.
  }
  return out.length ? out : addressesIn(value.slice(0, 8192));
}
