/** A small seeded PRNG (mulberry32) so every generated case and fault point is reproducible. */

/** Seeded random source. */
export interface Rng {
  /** Float in [0, 1). */
  next(): number;
  /** Integer in [lo, hi]. */
  int(lo: number, hi: number): number;
  /** One element of a non-empty list. */
  pick<T>(list: readonly T[]): T;
}

/** A generator for `seed` (same seed, same sequence). */
export function rng(seed: number): Rng {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (lo: number, hi: number) => lo + Math.floor(next() * (hi - lo + 1));
  return { next, int, pick: (list) => list[int(0, list.length - 1)] as never };
}

/** The seed for this run: REBOUND_RELIABILITY_SEED when set, else `fallback`. */
export function seedFrom(fallback: number): number {
  const s = Number(process.env.REBOUND_RELIABILITY_SEED);
  return Number.isInteger(s) ? s : fallback;
}
