/**
 * The sync's failures, one class per thing the operator does about it: fix the credentials,
 * wait out a rate limit, look at what the vendor said, or let the other run finish.
 */
import { ReboundError } from '@rebound/core';

/** Base of every failure the sync reports on purpose (printed as one line, no stack). */
export class SyncError extends ReboundError {
  readonly vendor: string;
  constructor(vendor: string, message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'SyncError';
    this.vendor = vendor;
  }
}

/** The vendor refused the credentials (401) or their scope (403). */
export class SyncAuthError extends SyncError {
  readonly status: number;
  constructor(vendor: string, status: number, message: string, options?: ErrorOptions) {
    super(vendor, message, options);
    this.name = 'SyncAuthError';
    this.status = status;
  }
}

/** The vendor kept answering 429 (or SES TooManyRequests) past the run's patience. */
export class SyncRateLimitError extends SyncError {
  constructor(vendor: string, message: string, options?: ErrorOptions) {
    super(vendor, message, options);
    this.name = 'SyncRateLimitError';
  }
}

/** The vendor answered an error that waiting will not fix (4xx), or kept failing (5xx). */
export class SyncVendorError extends SyncError {
  readonly status: number | null;
  constructor(vendor: string, status: number | null, message: string, options?: ErrorOptions) {
    super(vendor, message, options);
    this.name = 'SyncVendorError';
    this.status = status;
  }
}

/** The vendor no longer accepts a stored page position (an expired NextToken): start over. */
export class SyncPositionError extends SyncError {
  constructor(vendor: string, message: string, options?: ErrorOptions) {
    super(vendor, message, options);
    this.name = 'SyncPositionError';
  }
}

/** Another run of the same vendor holds the cursor. */
export class SyncBusyError extends SyncError {
  /** When the other run's lease ends (ISO 8601). */
  readonly until: string;
  constructor(vendor: string, until: string) {
    super(
      vendor,
      `another ${vendor} sync is running (its lease ends ${until}); try again after that`,
    );
    this.name = 'SyncBusyError';
    this.until = until;
  }
}

/** The sync is not set up for this vendor (no API key or token given). */
export class SyncConfigError extends SyncError {
  constructor(vendor: string, message: string) {
    super(vendor, message);
    this.name = 'SyncConfigError';
  }
}
