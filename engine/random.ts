/**
 * mulberry32: a small seeded generator. Everything that must be reproducible from a seed — the
 * connection machine's jitter, synthetic logs, property and fuzz tests — draws from this one
 * definition, so a seed means the same sequence everywhere.
 */

/** One step: a uniform number in [0, 1) and the next state (for state kept in a pure context). */
export function nextRandom(state: number): { value: number; state: number } {
  const next = (state + 0x6d2b79f5) | 0;
  let t = next;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  const value = ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  return { value, state: next };
}

/** A generator function over the same sequence, for callers that may keep their own state. */
export function prng(seed: number): () => number {
  let state = seed | 0;
  return () => {
    const r = nextRandom(state);
    state = r.state;
    return r.value;
  };
}
