/**
 * The page's only way to the API: same-origin fetch with the key from sessionStorage as the
 * bearer. A refused key clears it. Errors carry the API's own `error`/`message`.
 */

/** Where the key is kept for this tab only (closing the tab forgets it). */
export const KEY_STORAGE = 'rebound.apiKey';

/** An answer other than 2xx: the status and the API's JSON body. */
export class ApiError extends Error {
  readonly status: number;
  readonly body: Record<string, unknown>;
  constructor(status: number, body: Record<string, unknown>) {
    const detail = typeof body.message === 'string' ? body.message : String(body.error ?? '');
    super(`${status}${detail ? `: ${detail}` : ''}`);
    this.status = status;
    this.body = body;
  }
}

/** The key, or null. */
export function storedKey(): string | null {
  return sessionStorage.getItem(KEY_STORAGE);
}

/** Keeps the key for this tab. */
export function storeKey(key: string): void {
  sessionStorage.setItem(KEY_STORAGE, key);
}

/** Forgets the key. */
export function forgetKey(): void {
  sessionStorage.removeItem(KEY_STORAGE);
}

/** Called when the API refuses the key (the page asks for it again). */
let onUnauthorized: () => void = () => {};
export function whenUnauthorized(fn: () => void): void {
  onUnauthorized = fn;
}

/**
 * Calls the API; resolves the JSON body of a 2xx, or of the statuses in `accept` (GET of an
 * address answers 404 with its records). Throws ApiError otherwise.
 */
export async function api<T>(
  path: string,
  init: { method?: string; body?: unknown; accept?: number[] } = {},
): Promise<{ status: number; body: T }> {
  const key = storedKey();
  const headers: Record<string, string> = { authorization: `Bearer ${key ?? ''}` };
  if (init.body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(path, {
    method: init.method ?? 'GET',
    headers,
    credentials: 'omit',
    cache: 'no-store',
    ...(init.body !== undefined ? { body: JSON.stringify(init.body) } : {}),
  });
  let body: Record<string, unknown> = {};
  try {
    body = (await res.json()) as Record<string, unknown>;
  } catch {
    body = { error: `HTTP ${res.status}` };
  }
  if (res.status === 401) {
    forgetKey();
    onUnauthorized();
  }
  if (res.ok || init.accept?.includes(res.status)) return { status: res.status, body: body as T };
  throw new ApiError(res.status, body);
}
