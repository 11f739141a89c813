/**
 * JSON Schemas (draft 2020-12) of the two queue message bodies, for the README and for consumers:
 * RetryQueue (internal) and RetryDueQueue (what the user's sending service consumes).
 */

const reply = {
  type: ['object', 'null'],
  required: ['code', 'enhanced', 'text'],
  properties: {
    code: { type: ['integer', 'null'], description: 'basic SMTP reply code, e.g. 421' },
    enhanced: { type: ['string', 'null'], description: 'RFC 3463 enhanced code, e.g. 4.7.0' },
    text: { type: 'string' },
  },
} as const;

/** The fields both messages carry (core's `RetryFields`). */
const retryFields = {
  retryId: {
    type: 'string',
    description: '<event id>#<attempt>; unique per attempt: dedupe on it',
  },
  recipient: { type: 'string', description: 'normalized recipient address' },
  messageId: {
    type: ['string', 'null'],
    description: "the vendor's id of the message that bounced",
  },
  vendor: {
    type: 'string',
    pattern: '^[a-z][a-z0-9-]{0,31}$',
    description: 'where the bounce came from: a vendor id (sendgrid, ses, mailgun, …) or mail',
  },
  metadata: {
    type: 'object',
    additionalProperties: { type: 'string' },
    description: 'custom args / metadata / tags echoed by the vendor',
  },
  attempt: { type: 'integer', minimum: 1, description: '1 for the first retry' },
  dueAt: { type: 'string', format: 'date-time' },
  reason: {
    type: 'string',
    description: 'Rebound reason of the soft bounce, e.g. rate-limited, mailbox-full',
  },
  lastReply: reply,
} as const;
const retryFieldNames = Object.keys(retryFields) as (keyof typeof retryFields)[];

/** The message on RetryDueQueue: one retry of one recipient is due now. */
export const RETRY_DUE_SCHEMA = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  $id: 'https://rebound.dev/schemas/retry-due-v1.json',
  title: 'Rebound retry-due message (v1)',
  type: 'object',
  additionalProperties: false,
  required: ['schema', 'version', ...retryFieldNames, 'firstFailureAt', 'emittedAt'],
  properties: {
    schema: { const: 'rebound.retry-due' },
    version: { const: 1 },
    ...retryFields,
    firstFailureAt: {
      type: 'string',
      format: 'date-time',
      description: 'first soft bounce of this streak',
    },
    emittedAt: { type: 'string', format: 'date-time' },
  },
} as const;

/** The message on RetryQueue (internal: the worker hops it until `dueAt`). */
export const RETRY_SCHEMA = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  $id: 'https://rebound.dev/schemas/retry-v1.json',
  title: 'Rebound scheduled retry (v1, internal)',
  type: 'object',
  additionalProperties: false,
  required: ['schema', 'version', 'eventId', ...retryFieldNames, 'scheduledAt'],
  properties: {
    schema: { const: 'rebound.retry' },
    version: { const: 1 },
    eventId: { type: 'string' },
    ...retryFields,
    scheduledAt: { type: 'string', format: 'date-time' },
  },
} as const;
