/**
 * Crashes in the middle of the engine's longer operations: given an engine on a generated log
 * with acknowledged appends landing all the while, when the engine is SIGKILLed at a random point
 * of (a) a restore, (b) a verify it runs for a client, (c) a clean stop, which writes the engine
 * snapshot and seals the projection snapshots at the head, then the store verifies on its own,
 * the next engine starts from what the crash left, and every acknowledged append is in the log
 * with the value it was acknowledged with.
 * Each point is a random part of that operation's span as measured on this machine, and a kill
 * counts only if the operation was in flight at that moment (not answered, the engine not gone).
 * The seed is printed; STUI_CRASH_SEED=<seed> repeats the points.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { join } from 'node:path';
import { generate } from '../../bench/generate.js';
import { ensureEngine, EngineClient, verifyViaEngine } from '../../engine/client/index.js';
import { stui, tempDir } from '../support/cli.js';
import { alive, engineLog, ok, stopEngine, waitUntil } from './harness.js';
import { appendAcknowledged, crashSeed, killDuring, seeded, spanOf } from './killPoint.js';

/** Kills with the operation in flight, per operation; and attempts allowed to get them. */
const KILLS = 3;
const ATTEMPTS = 10;

const tmp = tempDir('stui-engine-crashpoints-');
const home = join(tmp.dir, 'home');
const seed = crashSeed();
const random = seeded(seed);
let session = '';
let middle = 0;

test.before(async () => {
  console.log(`  crash points seed ${seed} (STUI_CRASH_SEED=${seed} repeats them)`);
  // Enough entries that a verify spans several progress notes and a restore at a past point folds some.
  await generate({ home, events: 20_000, progress: () => {} });
  ok(await stui(['engine', 'start'], { home }), 'engine start');
  const c = new EngineClient(home);
  try {
    const sessions = await c.call<Array<{ id: string; lastSeq: number }>>('sessions', {});
    const head = (await c.call<{ headSeq: number }>('engine.status')).headSeq;
    middle = Math.floor(head / 2);
    // The busiest session still live (prefs can be set on it) and already there at the middle.
    for (const s of [...sessions].sort((a, b) => b.lastSeq - a.lastSeq)) {
      const settable = await c.call('pref.set', { session: s.id, key: 'crash', value: 'probe' }).then(() => true, () => false);
      const there = await c.call('restore', { session: s.id, at: String(middle), text: false }).then(() => true, () => false);
      if (settable && there) {
        session = s.id;
        break;
      }
    }
  } finally {
    c.close();
  }
  assert.ok(session, 'the generated log has a live session that existed at its middle');
});

test.after(async () => {
  await stopEngine(home);
  tmp.cleanup();
});

/** Starts an engine as any client does (the next command after a crash would); answers its pid. */
async function startEngine(): Promise<number> {
  const c = await ensureEngine(home, {});
  try {
    return (await c.call<{ pid: number }>('engine.status')).pid;
  } finally {
    c.close();
  }
}

async function enginePidNow(): Promise<number> {
  const c = new EngineClient(home);
  try {
    return (await c.call<{ pid: number }>('engine.status')).pid;
  } finally {
    c.close();
  }
}

/** After a crash: the store verifies on its own, an engine starts, every acknowledged append is there. */
async function checkAfterCrash(acked: Map<number, string>, what: string): Promise<void> {
  const v = await stui(['verify'], { home });
  assert.is(v.code, 0, `${what}: verify after the kill: ${v.stderr}`);
  const entries = Number(/^ok (\d+) entries/.exec(v.stdout)?.[1]);
  assert.ok(entries >= Math.max(0, ...acked.keys()), `${what}: the log holds ${entries} entries, ${Math.max(...acked.keys())} were acknowledged`);
  await startEngine();
  const prefs = new Map((await engineLog(home, 'pref.set')).map((e) => [e.seq, e]));
  for (const [seq, value] of acked) {
    const e = prefs.get(seq);
    assert.ok(e, `${what}: acknowledged entry ${seq} is missing`);
    assert.is(e!.stream, session);
    assert.equal(e!.data, { key: 'crash', value }, `${what}: entry ${seq} holds other data`);
  }
}

type Op = (client: EngineClient, onProgress: () => void, pid: number) => Promise<unknown>;

/** Kills the engine KILLS times in the middle of `op`, checking the log after each. */
async function crashDuring(name: string, op: Op, span: number): Promise<void> {
  let kills = 0;
  let acknowledged = 0;
  const notes: string[] = [];
  for (let attempt = 1; kills < KILLS; attempt++) {
    assert.ok(attempt <= ATTEMPTS, `${name}: only ${kills} of ${ATTEMPTS} attempts caught it in flight (span ${span.toFixed(1)} ms)`);
    const pid = await enginePidNow();
    const writer = appendAcknowledged(home, session, `${name}-${attempt}`);
    await waitUntil(() => writer.acked.size > 0, 10_000, 'a first acknowledged append');
    const client = new EngineClient(home);
    const delayMs = random() * 0.8 * span;
    let outcome;
    try {
      outcome = await killDuring(pid, delayMs, (onProgress) => op(client, onProgress, pid), () => !alive(pid));
    } finally {
      writer.stop();
      client.close();
    }
    const acked = await writer.acknowledged;
    if (!outcome.killed) {
      if (!alive(pid)) await startEngine();
      continue;
    }
    kills++;
    acknowledged += acked.size;
    notes.push(`${delayMs.toFixed(1)} ms${outcome.progressSeen ? ` (${outcome.progressSeen} progress notes)` : ''}`);
    await checkAfterCrash(acked, `${name}, kill ${kills} at ${delayMs.toFixed(1)} ms`);
  }
  console.log(`  ${name}: span ${span.toFixed(1)} ms, killed at ${notes.join(', ')}; ${acknowledged} acknowledged appends kept`);
}

const restore: Op = (c) => c.call('restore', { session, at: String(middle), text: false });
const verify: Op = (c, onProgress) =>
  verifyViaEngine(c, { onProgress }).then((r) => {
    if (!r.ok) throw new Error(`verify through the engine failed: ${JSON.stringify(r)}`);
  });
/** A clean stop, over when the process is gone: its last work is writing snapshots. */
const stop: Op = async (c, _onProgress, pid) => {
  await c.call('engine.stop', {});
  await waitUntil(() => !alive(pid), 30_000, 'the engine to stop', 1);
};

const spanOn = async (op: Op, runs: number): Promise<number> =>
  spanOf(runs, async () => {
    const pid = await enginePidNow();
    const c = new EngineClient(home);
    const t = process.hrtime.bigint();
    try {
      await op(c, () => {}, pid);
    } finally {
      c.close();
    }
    const ms = Number(process.hrtime.bigint() - t) / 1e6;
    if (!alive(pid)) await startEngine();
    return ms;
  });

test('kill -9 at random points of a restore at a past point: nothing acknowledged is lost, the log verifies', async () => {
  await crashDuring('restore', restore, await spanOn(restore, 3));
});

test('kill -9 at random points of a verify through the engine: nothing acknowledged is lost, the log verifies', async () => {
  await crashDuring('verify', verify, await spanOn(verify, 2));
});

test('kill -9 at random points of a clean stop (engine and projection snapshots written): nothing acknowledged is lost, the log verifies', async () => {
  await crashDuring('snapshot write at stop', stop, await spanOn(stop, 2));
});

test.run();
