/**
 * A bounded memo that steps aside when it stops paying. Bounce texts repeat when a provider
 * words every rejection alike, and are unique when they embed the address or a queue id; on
 * unique texts, building a key from the whole text and storing the result costs a third of the
 * work it was meant to save. So the memo counts its hits: after a window of lookups with fewer
 * than one in twenty hits, it clears itself and is bypassed for a pause 63 times longer (under
 * 2% of calls then pay for probing), then probes again. Results stay the same either way; only
 * the cost changes.
 */
export class AdaptiveMemo<V> {
  readonly #map = new Map<string, V>();
  readonly #size: number;
  readonly #window: number;
  readonly #pause: number;
  #lookups = 0;
  #hits = 0;
  #paused = 0;

  /**
   * @param size entries kept (cleared when full)
   * @param window lookups per hit-rate check
   * @param pause calls bypassed after a window below the hit rate
   */
  constructor(size = 4096, window = 1024, pause = 63 * 1024) {
    this.#size = size;
    this.#window = window;
    this.#pause = pause;
  }

  /** Whether this call should use the memo at all (false while paused). */
  active(): boolean {
    if (this.#paused === 0) return true;
    this.#paused--;
    return false;
  }

  /** The kept value for `key`, counting the lookup toward the hit rate. */
  get(key: string): V | undefined {
    const v = this.#map.get(key);
    this.#lookups++;
    if (v !== undefined) this.#hits++;
    if (this.#lookups >= this.#window) {
      if (this.#hits * 20 < this.#lookups) {
        this.#paused = this.#pause;
        this.#map.clear();
      }
      this.#lookups = 0;
      this.#hits = 0;
    }
    return v;
  }

  /** Keeps `value` under `key` (the memo is cleared first when full). */
  set(key: string, value: V): void {
    if (this.#map.size >= this.#size) this.#map.clear();
    this.#map.set(key, value);
  }
}
