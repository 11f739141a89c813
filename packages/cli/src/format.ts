/** Small formatting helpers shared by the CLI commands. */

/** `90` → `1m30s`, `3600` → `1h`, `172800` → `48h`. */
export function formatDuration(seconds: number): string {
  const s = Math.round(seconds);
  if (s < 60) return `${s}s`;
  if (s < 3600) return s % 60 ? `${Math.floor(s / 60)}m${s % 60}s` : `${s / 60}m`;
  const h = Math.floor(s / 3600);
  const m = Math.round((s % 3600) / 60);
  return m ? `${h}h${m}m` : `${h}h`;
}

/**
 * Control characters (C0, DEL, C1) and bidirectional overrides, which a terminal would act on or
 * reorder instead of showing (`ESC [` colours, moves the cursor, or hides text; U+202E flips it).
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching them is the point
const UNPRINTABLE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/**
 * Stored free text made safe for a terminal: every control or bidi character becomes a visible
 * escape (`\x1b`, `\u202e`), everything else is kept.
 *
 * @example printable('ok\u001b[2Jgone') // 'ok\\x1b[2Jgone'
 */
export function printable(text: string): string {
  return text.replace(UNPRINTABLE, (c) => {
    const code = c.charCodeAt(0);
    return code < 0x100
      ? `\\x${code.toString(16).padStart(2, '0')}`
      : `\\u${code.toString(16).padStart(4, '0')}`;
  });
}

/**
 * JSON for a terminal: `JSON.stringify` escapes C0 but not DEL, C1 or bidi controls; this escapes
 * those too (as `\u…`, still valid JSON that parses to the same value).
 *
 * @example printableJson({ why: 'a\u009bb' }) // '{"why":"a\\u009bb"}'
 */
export function printableJson(value: unknown): string {
  return JSON.stringify(value).replace(
    UNPRINTABLE,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}
