/**
 * The shared Middy pipeline flushes EMF metrics only when a handler recorded some: no
 * "No application metrics to publish" warning on the (many) invocations that record none.
 */
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import middy from '@middy/core';
import { describe, expect, it, vi } from 'vitest';
import { pipeline } from '../src/handlers/pipeline.ts';
import { createLogger, createMetrics } from '../src/observability.ts';

const context = { functionName: 'f', getRemainingTimeInMillis: () => 1000 } as never;

function observed() {
  const logger = createLogger();
  const metrics = createMetrics(logger);
  const warn = vi.spyOn(logger, 'warn').mockImplementation(() => {});
  const printed = vi.spyOn(console, 'log').mockImplementation(() => {});
  return { logger, metrics, warn, printed };
}

describe('pipeline metrics', () => {
  it('an invocation that records nothing prints nothing and warns nothing', async () => {
    const o = observed();
    const handler = pipeline(async () => 'ok', o.logger, o.metrics);
    expect(await handler({}, context)).toBe('ok');
    expect(o.warn).not.toHaveBeenCalled();
    o.printed.mockRestore();
  });

  it('Powertools’ own logMetrics would warn there (what this pipeline avoids)', async () => {
    const o = observed();
    await middy(async () => 'ok').use(logMetrics(o.metrics))({}, context);
    expect(o.warn).toHaveBeenCalledWith(expect.stringContaining('No application metrics'));
    o.printed.mockRestore();
  });

  it('recorded metrics are published once, after a return and after a throw', async () => {
    const o = observed();
    const publish = vi.spyOn(o.metrics, 'publishStoredMetrics');
    const ok = pipeline(
      async () => {
        o.metrics.addMetric('Events', MetricUnit.Count, 1);
        return 'ok';
      },
      o.logger,
      o.metrics,
    );
    await ok({}, context);
    const failing = pipeline(
      async () => {
        o.metrics.addMetric('Events', MetricUnit.Count, 1);
        throw new Error('boom');
      },
      o.logger,
      o.metrics,
    );
    await expect(failing({}, context)).rejects.toThrow('boom');
    expect(publish).toHaveBeenCalledTimes(2);
    expect(o.metrics.hasStoredMetrics()).toBe(false);
    expect(o.warn).not.toHaveBeenCalled();
    o.printed.mockRestore();
  });
});
