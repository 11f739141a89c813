/**
 * The outbound HTTP a vendor adapter may need while verifying (SNS certificates, subscription
 * confirmations): GET with a time limit, no redirects, a non-2xx is an error.
 */
import type { OutboundHttp } from '@rebound/core';

/**
 * `fetch` under a time limit (the socket is aborted, not just abandoned).
 *
 * @example await fetchHttp.get(url, { timeoutMs: 2000 })
 */
export const fetchHttp: OutboundHttp = {
  async get(url, { timeoutMs }) {
    const res = await fetch(url, { redirect: 'error', signal: AbortSignal.timeout(timeoutMs) });
    if (!res.ok) throw new Error(`GET ${new URL(url).host} answered ${res.status}`);
    return res.text();
  },
};
