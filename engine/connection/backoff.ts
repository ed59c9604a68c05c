/**
 * Reconnect delays: capped exponential backoff with jitter. Pure: the randomness comes from a
 * small seeded generator whose state lives in the machine's context, so a machine run is
 * reproducible from its seed and the machine itself never calls Math.random.
 */
import type { ConnectionTiming } from './types.js';

export { nextRandom } from '../random.js';

/**
 * Delay before retry number `failures` (1 = first retry after a failure or loss). The base grows
 * initial × factor^(failures-1) up to the cap; jitter moves it by ±jitter of itself, and the result
 * never exceeds the cap, so the ceiling the user was promised holds.
 */
export function backoffDelay(
  failures: number,
  timing: Pick<ConnectionTiming, 'backoffInitialMs' | 'backoffFactor' | 'backoffMaxMs' | 'backoffJitter'>,
  random: number,
): number {
  const n = Math.max(1, failures);
  const base = Math.min(timing.backoffMaxMs, timing.backoffInitialMs * Math.pow(timing.backoffFactor, n - 1));
  const jittered = base * (1 + timing.backoffJitter * (2 * random - 1));
  return Math.max(0, Math.min(timing.backoffMaxMs, Math.round(jittered)));
}

/** Delay between the slow retries after the give-up window: slowRetryMs ± jitter. */
export function slowRetryDelay(
  timing: Pick<ConnectionTiming, 'slowRetryMs' | 'backoffJitter'>,
  random: number,
): number {
  return Math.max(0, Math.round(timing.slowRetryMs * (1 + timing.backoffJitter * (2 * random - 1))));
}
