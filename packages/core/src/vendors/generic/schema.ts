/**
 * The generic event, version 1, as a Zod schema: the run-time twin of the published JSON Schema
 * `docs/schemas/generic-event.v1.json` (test/docs/generic-schema.test.ts holds both to the same
 * table of documents). Change one, change the other; a breaking change is a version 2.
 */
import * as z from 'zod/mini';

/** The most events one request may carry (an array of 1 to 100). */
export const MAX_BATCH = 100;
/** The schema version this server reads. */
export const SCHEMA_VERSION = 1;
/** Where the JSON Schema lives in the repository. */
export const SCHEMA_FILE = 'docs/schemas/generic-event.v1.json';

/** The kinds a client may report (the JSON Schema's `kind` enum). */
export const GENERIC_KIND_NAMES = [
  'bounce',
  'deferral',
  'block',
  'complaint',
  'unsubscribe',
  'delivery',
] as const;

/** RFC 3339 date-time (the JSON Schema's `occurredAt` pattern, character for character). */
export const RFC3339 =
  /^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])T([01][0-9]|2[0-3]):[0-5][0-9]:([0-5][0-9]|60)(\.[0-9]{1,9})?(Z|[+-]([01][0-9]|2[0-3]):[0-5][0-9])$/;
const ENHANCED = /^[245]\.[0-9]{1,3}\.[0-9]{1,3}$/;

/** A string of `min`..`max` characters, counted as JSON Schema counts them (code points). */
function chars(min: number, max: number) {
  return z.string().check(
    z.refine((s) => {
      const n = [...s].length;
      return n >= min && n <= max;
    }, `must be ${min} to ${max} characters`),
  );
}

const reply = z.union([
  z.strictObject({ diagnostic: chars(1, 4096) }),
  z
    .strictObject({
      code: z.optional(z.int().check(z.gte(200), z.lte(599))),
      enhanced: z.optional(z.string().check(z.regex(ENHANCED))),
      text: z.optional(chars(0, 4096)),
    })
    .check(z.refine((r) => Object.keys(r).length > 0, 'needs code, enhanced or text')),
]);

const metadata = z
  .record(chars(1, 128), chars(0, 1024))
  .check(z.refine((m) => Object.keys(m).length <= 50, 'at most 50 entries'));

/** One event. */
export const GENERIC_EVENT = z.strictObject({
  version: z.optional(z.literal(SCHEMA_VERSION)),
  recipient: chars(3, 320),
  kind: z.enum(GENERIC_KIND_NAMES),
  occurredAt: z.string().check(z.regex(RFC3339)),
  reply: z.optional(reply),
  messageId: z.optional(chars(1, 998)),
  eventId: z.optional(chars(1, 256)),
  permanence: z.optional(z.enum(['permanent', 'transient'])),
  metadata: z.optional(metadata),
});

/** A request body: one event, or 1 to MAX_BATCH of them. */
export const GENERIC_BODY = z.union([
  GENERIC_EVENT,
  z.array(GENERIC_EVENT).check(z.minLength(1), z.maxLength(MAX_BATCH)),
]);

/** One validated event. */
export type GenericEvent = z.infer<typeof GENERIC_EVENT>;

/**
 * Validates a decoded body; returns the events, or the first problems as short strings
 * (`[3].reply: …`), never the values.
 *
 * @example validateGeneric({ recipient: 'a@b.c', kind: 'bounce', occurredAt: '2026-01-01T00:00:00Z' })
 */
export function validateGeneric(
  json: unknown,
): { ok: true; events: GenericEvent[] } | { ok: false; problems: string[] } {
  const r = z.safeParse(GENERIC_BODY, json);
  if (r.success) return { ok: true, events: Array.isArray(r.data) ? r.data : [r.data] };
  return { ok: false, problems: problemsOf(json, r.error.issues) };
}

/** A field name of the schema (letters only, short). */
const FIELD = /^[A-Za-z]{1,16}$/;

type Issue = {
  path: PropertyKey[];
  message: string;
  code?: string;
  keys?: string[];
  expected?: string;
  origin?: string;
};

/** A short English message per issue (zod/mini carries no locale), never the input's value. */
function messageOf(issue: Issue): string {
  switch (issue.code) {
    case 'invalid_union':
      return 'must be {diagnostic} or {code, enhanced, text}';
    case 'unrecognized_keys': {
      const keys = (issue.keys ?? []).map((k) => (FIELD.test(k) ? `"${k}"` : '<key>'));
      return `unknown field ${keys.join(', ')} (version 1 allows no other)`;
    }
    case 'invalid_type':
      return `must be ${issue.expected === 'int' ? 'an integer' : `a${/^[aeiou]/.test(issue.expected ?? '') ? 'n' : ''} ${issue.expected}`}`;
    case 'invalid_value':
      return 'is not one of the allowed values';
    case 'invalid_format':
      return 'is malformed';
    case 'too_small':
    case 'too_big':
      return issue.origin === 'array'
        ? `must hold 1 to ${MAX_BATCH} events`
        : issue.origin === 'number' || issue.origin === 'int'
          ? 'is out of range'
          : 'has the wrong length';
    default:
      // Our own refinements carry their message (chars(), metadata).
      return issue.message;
  }
}

/** Issues as `path: message`, the union's branches unwrapped when the input chose a side. */
function problemsOf(json: unknown, issues: readonly Issue[]): string[] {
  const out: string[] = [];
  const walk = (list: readonly Issue[], prefix: PropertyKey[]) => {
    for (const issue of list) {
      const path = [...prefix, ...issue.path];
      const branches = (issue as { errors?: Issue[][] }).errors;
      if (issue.code === 'invalid_union' && branches && path.length === 0) {
        // The body: the array branch for an array, the one-event branch for anything else.
        const pick = Array.isArray(json) ? branches[1] : branches[0];
        if (pick && pick.length > 0) {
          walk(pick, path);
          continue;
        }
      }
      // Field names are the schema's; a metadata key is the client's and is not repeated.
      const where = path
        .map((p) =>
          typeof p === 'number' ? `[${p}]` : FIELD.test(String(p)) ? `.${String(p)}` : '.<key>',
        )
        .join('');
      const what = messageOf(issue);
      out.push(`${where || '(body)'}: ${what}`);
    }
  };
  walk(issues, []);
  return out.slice(0, 5);
}
