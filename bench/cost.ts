/**
 * The AWS cost of one million bounce events, from the measured request counts, billed units and
 * handler duration. Prices: us-east-1, on-demand, as published by AWS in November 2026.
 */
import type { AwsFigures } from './aws.ts';

/** The prices used (USD). */
export const PRICES = {
  lambda_gb_s_arm64: 0.0000133334,
  lambda_per_million_requests: 0.2,
  ddb_per_million_write_units: 0.625,
  ddb_per_million_read_units: 0.125,
  sqs_per_million_requests: 0.4,
  source:
    'aws.amazon.com/lambda/pricing, /dynamodb/pricing/on-demand, /sqs/pricing (us-east-1, on-demand)',
} as const;

export interface CostFigures {
  usd_per_million_events: number;
  usd_breakdown: Record<string, number>;
  cost_assumptions: string;
}

/** Scales one measured 1,000-event batch to a million events (1,000 webhook invocations). */
export function costPerMillion(a: AwsFigures, memoryGb = 0.5): CostFigures {
  const batches = 1_000_000 / a.batch_events;
  const lambda =
    batches * (a.sendgrid_handler_ms_per_1000 / 1000) * memoryGb * PRICES.lambda_gb_s_arm64 +
    (batches / 1e6) * PRICES.lambda_per_million_requests;
  const ddb =
    ((batches * a.ddb_write_units_per_1000) / 1e6) * PRICES.ddb_per_million_write_units +
    ((batches * a.ddb_read_units_per_1000) / 1e6) * PRICES.ddb_per_million_read_units;
  // The retry worker: per retry message one receive, one delete and one retry-due send, each
  // batched by 10, plus one 256 MB invocation of ~100 ms per 10 messages.
  const retries = a.batch_effects['block:retry'] ?? 0;
  const workerRequests = batches * (a.sqs_requests_per_1000 + (3 * retries) / 10);
  const sqs = (workerRequests / 1e6) * PRICES.sqs_per_million_requests;
  const worker = ((batches * retries) / 10) * 0.1 * 0.25 * PRICES.lambda_gb_s_arm64;
  const round = (n: number) => Number(n.toFixed(4));
  return {
    usd_per_million_events: round(lambda + ddb + sqs + worker),
    usd_breakdown: {
      lambda: round(lambda),
      dynamodb: round(ddb),
      sqs: round(sqs),
      retry_worker: round(worker),
    },
    cost_assumptions: `batches of ${a.batch_events} events (the realistic SendGrid mix), a ${memoryGb * 1024} MB arm64 handler at the duration measured against the local servers, billed units from item sizes; CloudWatch Logs/EMF (~1 KB per invocation) not included`,
  };
}
