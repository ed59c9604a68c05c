/**
 * Killing the engine at a random point of an operation, for the crash tests: the operation's span
 * is measured first, then it is started again and the engine gets SIGKILL after a random part of
 * that span, but only if the operation is still in flight at that moment (not answered, the
 * engine not yet gone by itself). Points come from a seeded generator, so a failing run can be
 * repeated with the seed it prints.
 */
import { EngineClient } from '../../engine/client/index.js';
import { alive, waitUntil } from './harness.js';

/** mulberry32: small, fast, and the same sequence for the same seed on every machine. */
export function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The seed of this run: STUI_CRASH_SEED when set (to repeat a run), else a fresh one. */
export function crashSeed(): number {
  const given = Number(process.env.STUI_CRASH_SEED);
  return Number.isSafeInteger(given) && given > 0 ? given : 1 + Math.floor(Math.random() * 2 ** 31);
}

/** What happened to one attempt. */
export interface KillOutcome {
  /** Whether the engine was killed with the operation in flight (else it ended first: no kill). */
  killed: boolean;
  delayMs: number;
  /** Progress notes the operation had sent before the kill. */
  progressSeen: number;
}

/**
 * One operation, started on `client`, ended by SIGKILL of `pid` after `delayMs` if it is still in
 * flight then. `op` gets a progress counter to call for each note the engine sends on the way;
 * `ended` says whether the operation is over by other means (an engine that stops by itself).
 */
export async function killDuring(
  pid: number,
  delayMs: number,
  op: (onProgress: () => void) => Promise<unknown>,
  ended: () => boolean = () => false,
): Promise<KillOutcome> {
  let answered = false;
  let progressSeen = 0;
  const running = op(() => progressSeen++).then(
    () => void (answered = true),
    () => undefined,
  );
  const killed = await new Promise<boolean>((resolve) => {
    setTimeout(() => {
      // Checked and killed in one turn of the event loop: nothing can answer in between.
      if (answered || ended() || !alive(pid)) return resolve(false);
      process.kill(pid, 'SIGKILL');
      resolve(true);
    }, delayMs);
  });
  // After a kill the caller closes its client, which ends the call; otherwise it ends by itself.
  if (killed) await waitUntil(() => !alive(pid), 10_000, `engine ${pid} to die`);
  else await running;
  return { killed, delayMs, progressSeen };
}

/**
 * The shortest of `runs` spans, each the ms `measureOnce` reports for one run of the operation:
 * points drawn within the shortest one find the operation in flight most often.
 */
export async function spanOf(runs: number, measureOnce: () => Promise<number>): Promise<number> {
  let shortest = Infinity;
  for (let i = 0; i < runs; i++) shortest = Math.min(shortest, await measureOnce());
  return shortest;
}

/**
 * Acknowledged appends while something else happens: `pref.set` on `session` one after another
 * until the engine goes away or `stop()` is called. Resolves with what the engine acknowledged
 * (seq → value): each of those must survive any crash after it.
 */
export function appendAcknowledged(
  home: string,
  session: string,
  tag: string,
): { stop(): void; acked: ReadonlyMap<number, string>; acknowledged: Promise<Map<number, string>> } {
  const client = new EngineClient(home);
  let stopped = false;
  const acked = new Map<number, string>();
  const acknowledged = (async () => {
    for (let n = 0; !stopped; n++) {
      const value = `${tag}-${n}`;
      try {
        const { seq } = await client.call<{ seq: number }>('pref.set', { session, key: 'crash', value }, 10_000);
        acked.set(seq, value);
      } catch {
        break; // the engine was killed: this one was never acknowledged
      }
    }
    return acked;
  })();
  return {
    stop() {
      stopped = true;
      client.close();
    },
    acked,
    acknowledged,
  };
}
