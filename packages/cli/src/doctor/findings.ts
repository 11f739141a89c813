/**
 * What `rebound doctor` concludes from each answer, as pure functions: a webhook that refuses an
 * unsigned post verifies; one that answers `503 not-configured` waits for `rebound connect`; one
 * that accepts it has no verification at all. The suppression API must refuse a request
 * without its key and accept the key given.
 */

/** One line of the report. */
export interface Finding {
  name: string;
  ok: boolean;
  detail: string;
  /** What to do about it (absent when ok). */
  fix?: string;
}

/** What an HTTP probe saw: a status and a JSON body (when there was one), or a network error. */
export type Probe = { status: number; body: Record<string, unknown> | null } | { error: string };

/**
 * A webhook's finding from its answer to an unsigned, empty POST.
 * @example webhookFinding('SendGrid webhook', { status: 403, body: null }).ok // true
 */
export function webhookFinding(name: string, probe: Probe, connect?: string): Finding {
  if ('error' in probe) {
    return {
      name,
      ok: false,
      detail: `unreachable (${probe.error})`,
      fix: 'is the stage deployed? compare the URL with the deploy outputs',
    };
  }
  const { status, body } = probe;
  if (status === 503 && body?.error === 'not-configured') {
    const setting = typeof body.setting === 'string' ? body.setting : 'its secret';
    return {
      name,
      ok: false,
      detail: `is not connected yet (${setting} is pending): it accepts nothing, and the vendor retries`,
      fix: connect ?? (typeof body.fix === 'string' ? body.fix : `set ${setting}`),
    };
  }
  if (status === 401 || status === 403 || status === 400) {
    return { name, ok: true, detail: `refuses an unsigned post (${status}): verification is on` };
  }
  if (status >= 200 && status < 300) {
    return {
      name,
      ok: false,
      detail: `ACCEPTED an unsigned post (${status}): anyone can write suppressions`,
      fix: 'this is not a Rebound webhook as deployed: check the URL and the deployed code',
    };
  }
  if (status === 429) {
    return {
      name,
      ok: false,
      detail: 'answered 429: its reserved concurrency is exhausted',
      fix: 'see REBOUND_RESERVED_CONCURRENCY in docs/deploy.md',
    };
  }
  return { name, ok: false, detail: `answered ${status}`, fix: 'read the function’s log group' };
}

/** The API's finding from a request without a key and one with the key given (if any). */
export function apiFinding(name: string, without: Probe, withKey: Probe | null): Finding {
  if ('error' in without) return { name, ok: false, detail: `unreachable (${without.error})` };
  if (without.status !== 401) {
    return {
      name,
      ok: false,
      detail: `answered ${without.status} to a request without a key (expected 401)`,
      fix: 'check the URL: it should be SuppressionApiUrl',
    };
  }
  if (withKey === null) {
    return {
      name,
      ok: true,
      detail: 'refuses a request without its key (401); give --api-key to check a key too',
    };
  }
  if ('error' in withKey) return { name, ok: false, detail: `unreachable (${withKey.error})` };
  if (withKey.status === 200 || withKey.status === 404) {
    return {
      name,
      ok: true,
      detail: 'refuses a request without its key (401) and accepts the key given',
    };
  }
  if (withKey.status === 401) {
    return {
      name,
      ok: false,
      detail: 'refuses the key given (401)',
      fix: 'compare it with the SuppressionApiKey secret (name:key pairs: give the key part)',
    };
  }
  return { name, ok: false, detail: `answered ${withKey.status} with the key given` };
}
