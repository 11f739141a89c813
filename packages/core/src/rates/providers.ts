/**
 * Recipient domain → mailbox provider, for the "top reasons by provider" counters. A bounded
 * vocabulary on purpose: the per-day counters keep one attribute per (reason, provider), so an
 * unbounded list of recipient domains could outgrow a DynamoDB item. Domains not listed count
 * as `other` (the recent-bounces list still shows each recipient's own domain). Pure.
 */

/** The providers named in the counters (plus `other`). */
export const PROVIDERS: Readonly<Record<string, readonly string[]>> = {
  gmail: ['gmail.com', 'googlemail.com'],
  yahoo: ['yahoo.com', 'ymail.com', 'rocketmail.com', 'aol.com', 'aim.com', 'yahoo.*'],
  microsoft: [
    'outlook.com',
    'hotmail.com',
    'live.com',
    'msn.com',
    'outlook.*',
    'hotmail.*',
    'live.*',
  ],
  apple: ['icloud.com', 'me.com', 'mac.com'],
  proton: ['protonmail.com', 'protonmail.ch', 'proton.me', 'pm.me'],
  gmx: ['gmx.com', 'gmx.net', 'gmx.de', 'gmx.at', 'gmx.ch', 'web.de', 'mail.com'],
  yandex: ['yandex.ru', 'yandex.com', 'ya.ru'],
  'mail.ru': ['mail.ru', 'bk.ru', 'inbox.ru', 'list.ru'],
  zoho: ['zoho.com', 'zohomail.com'],
  fastmail: ['fastmail.com', 'fastmail.fm'],
  comcast: ['comcast.net'],
  att: ['att.net', 'sbcglobal.net', 'bellsouth.net'],
  orange: ['orange.fr', 'wanadoo.fr'],
  't-online': ['t-online.de'],
  qq: ['qq.com', 'foxmail.com'],
  netease: ['163.com', '126.com', 'yeah.net'],
  naver: ['naver.com'],
  'jp-mobile': ['docomo.ne.jp', 'ezweb.ne.jp', 'au.com', 'softbank.ne.jp', 'i.softbank.jp'],
};

const EXACT = new Map<string, string>();
const PREFIX = new Map<string, string>();
for (const [provider, domains] of Object.entries(PROVIDERS)) {
  for (const d of domains) {
    if (d.endsWith('.*')) PREFIX.set(d.slice(0, -2), provider);
    else EXACT.set(d, provider);
  }
}

/** The recipient's domain (lower case), or `unknown`. */
export function recipientDomainOf(recipient: string | null): string {
  const at = recipient?.lastIndexOf('@') ?? -1;
  if (!recipient || at < 1) return 'unknown';
  return recipient.slice(at + 1).toLowerCase() || 'unknown';
}

/**
 * The provider of a recipient domain: a name of `PROVIDERS`, else `other`.
 * @example providerOf('googlemail.com') // 'gmail'
 * @example providerOf('yahoo.co.uk') // 'yahoo'
 */
export function providerOf(domain: string): string {
  const d = domain.toLowerCase();
  const exact = EXACT.get(d);
  if (exact) return exact;
  // `yahoo.co.uk`, `hotmail.fr`: the first label names the provider's country sites.
  const first = d.split('.')[0] ?? '';
  if (d.includes('.') && PREFIX.has(first)) return PREFIX.get(first) as string;
  return 'other';
}
