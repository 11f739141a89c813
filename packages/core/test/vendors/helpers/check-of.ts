/** Test helper: which verification check a call fails (null when it passes). */
import { expect } from 'vitest';
import { WebhookVerificationError } from '../../../src/errors.ts';

/** Runs `fn`; returns null when it passes, else the failed check (any other error fails the test). */
export function checkOf(fn: () => void): string | null {
  try {
    fn();
    return null;
  } catch (e) {
    expect(e).toBeInstanceOf(WebhookVerificationError);
    return (e as WebhookVerificationError).check;
  }
}
