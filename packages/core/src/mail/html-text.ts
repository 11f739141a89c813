/**
 * HTML bodies to plain text, for bounces that carry no text/plain part (some Exchange and
 * webmail NDRs): block ends become line breaks, tags go, the common entities are decoded.
 */

const ENTITIES: Readonly<Record<string, string>> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: ' ',
  '#39': "'",
};

/**
 * A readable plain-text rendering of `html`: enough to find addresses and reply lines.
 * @example htmlToText('<p>550 5.1.1 <b>User unknown</b></p>') // '550 5.1.1 User unknown'
 */
export function htmlToText(html: string): string {
  return html
    .replace(/<(script|style)\b[^>]*>[\s\S]*?<\/\1\s*>/gi, '')
    .replace(/<br\b[^>]*>|<\/(?:p|div|tr|li|h\d|table|pre)\s*>/gi, '\n')
    .replace(/<[^>]{0,2000}>/g, '')
    .replace(/&(#?\w{1,8});/g, (m, name: string) => {
      const known = ENTITIES[name.toLowerCase()];
      if (known !== undefined) return known;
      const num = /^#(\d{1,7})$/.exec(name);
      const cp = num ? Number(num[1]) : Number.NaN;
      return cp > 0 && cp <= 0x10ffff ? String.fromCodePoint(cp) : m;
    })
    .replace(/[ \t]+\n/g, '\n')
    .trim();
}
