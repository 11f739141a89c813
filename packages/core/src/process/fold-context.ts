/** What folding one group of events needs besides the events: the clock, the lease, the settings. */
import type { ProcessConfig } from './config.ts';
import type { DecideRetry } from './retry-types.ts';
import type { KeyScheme } from './streams.ts';

/** Inputs that are not data: clock, lease owner, config, retry policy, key scheme. */
export interface FoldContext {
  now: Date;
  leaseId: string;
  config: ProcessConfig;
  decideRetry: DecideRetry;
  random?: () => number;
  /** Plain keys unless the deployment erases or hashes addresses. */
  keys?: KeyScheme;
}
