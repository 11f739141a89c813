/**
 * Header-style text (RFC 5322 §2.2 fields, RFC 3464 §2.1 groups): unfolds continuation lines and
 * splits blank-line separated groups. Used for delivery-status, feedback-report and header parts.
 */

/** Lowercased field name → its values, in order (a field may repeat). */
export type FieldGroup = Map<string, string[]>;

/** At most this many groups and lines are read: real reports have a handful. */
const MAX_GROUPS = 1000;
const MAX_LINES = 20_000;
const FIELD = /^([!-9;-~]+)[ \t]*:(.*)$/;

/**
 * Splits `text` into groups of fields. A line starting with a blank continues the previous field;
 * a blank line ends a group; lines that are not fields are skipped.
 * @example parseFieldGroups('Reporting-MTA: dns; a.example\n\nAction: failed')
 * // → [Map{'reporting-mta' → ['dns; a.example']}, Map{'action' → ['failed']}]
 */
export function parseFieldGroups(text: string, maxGroups = MAX_GROUPS): FieldGroup[] {
  const groups: FieldGroup[] = [];
  let group: FieldGroup = new Map();
  let last: { name: string; index: number } | null = null;
  const lines = text.split(/\r?\n|\r/, MAX_LINES);
  for (const line of lines) {
    if (line.trim() === '') {
      if (group.size > 0) {
        groups.push(group);
        if (groups.length >= maxGroups) return groups;
        group = new Map();
      }
      last = null;
      continue;
    }
    if ((line[0] === ' ' || line[0] === '\t') && last) {
      const values = group.get(last.name) as string[];
      values[last.index] = `${values[last.index]} ${line.trim()}`;
      continue;
    }
    const m = FIELD.exec(line);
    if (!m) {
      last = null;
      continue;
    }
    const name = (m[1] as string).toLowerCase();
    const values = group.get(name) ?? [];
    values.push((m[2] as string).trim());
    group.set(name, values);
    last = { name, index: values.length - 1 };
  }
  if (group.size > 0) groups.push(group);
  return groups;
}

/** The first value of a field, or null when absent or empty. */
export function field(group: FieldGroup | undefined, name: string): string | null {
  const v = group?.get(name)?.[0];
  return v ? v : null;
}

/** A typed value without its type: `rfc822; a@b.c` → `a@b.c`, `dns; mx.example` → `mx.example`. */
export function untyped(value: string | null): string | null {
  if (value === null) return null;
  const v = value.replace(/^\s*[\w.-]+\s*;\s*/, '').trim();
  return v === '' ? null : v;
}

/** Removes RFC 5322 comments in parentheses (one level) and surrounding blanks. */
export function uncommented(value: string | null): string | null {
  if (value === null) return null;
  const v = value.replace(/\([^()]*\)/g, ' ').trim();
  return v === '' ? null : v;
}
