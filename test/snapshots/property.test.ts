import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { openLog, type Entry, type NewEvent, type OpenedLog } from '../../engine/log/index.js';
import {
  auditProjection,
  catalogProjection,
  fold,
  rebuildAll,
  restoreAt,
  restoreSession,
  runsProjection,
  SESSION_STATE_VERSION,
  sessionStateProjection,
  snapshotAtHead,
  toRestoreJson,
  type Projection,
  type SessionState,
  type StopAt,
} from '../../projections/index.js';
import { tempDir } from '../support/cli.js';
import { SESSIONS, prng, randomEvents } from './history.js';

const SEEDS = 10;
const PROJECTIONS: Projection<unknown>[] = [catalogProjection, auditProjection, runsProjection] as Projection<unknown>[];

/**
 * Canonical JSON text (keys sorted), so prototype-less dictionaries and object literals compare
 * alike — and a dictionary holding a key named "constructor" compares by its contents.
 */
function plain(x: unknown): string {
  return JSON.stringify(x, (_k, v: unknown) =>
    v !== null && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : v,
  );
}

/** What restore shows of a session state (or the code it fails with), plus the session's own facts. */
function view(state: SessionState): string {
  let shown: unknown;
  try {
    shown = toRestoreJson(state);
  } catch (err) {
    shown = (err as { code?: string }).code;
  }
  const rec = state.sessions[state.session];
  return plain({ shown, sessions: state.sessions, image: rec ? state.images[rec.image] ?? null : null, atSeq: state.atSeq, atTs: state.atTs });
}

async function readAll(log: OpenedLog): Promise<Entry[]> {
  const out: Entry[] = [];
  for await (const e of log.read()) out.push(e);
  return out;
}

/** Snapshots at random points: sealed states of each projection, folded from scratch. */
async function randomSnapshots(log: OpenedLog, entries: Entry[], r: () => number): Promise<number> {
  let n = 0;
  const projections: Projection<unknown>[] = [...PROJECTIONS, ...SESSIONS.map((s) => sessionStateProjection(s) as Projection<unknown>)];
  for (const p of projections) {
    let state = fold(p, []);
    for (const e of entries) {
      state = p.evolve(state, e);
      if (r() < 0.08) {
        await log.putSnapshot(p.name, p.version, e.seq, state);
        n++;
      }
    }
  }
  return n;
}

async function check(log: OpenedLog, entries: Entry[], stop: StopAt, label: string): Promise<void> {
  for (const p of PROJECTIONS) {
    const got = await restoreAt(log, p, stop);
    assert.equal(plain(got.state), plain(fold(p, entries, stop)), `${label}: ${p.name}`);
  }
  for (const s of SESSIONS) {
    const got = await restoreSession(log, s, stop);
    assert.equal(view(got), view(fold(sessionStateProjection(s), entries, stop)), `${label}: session ${s}`);
  }
}

test('restoring at every k-th point through snapshots equals folding the prefix from scratch', async () => {
  let snapshots = 0;
  let points = 0;
  for (let seed = 1; seed <= SEEDS; seed++) {
    const r = prng(seed * 7919);
    const home = tempDir('stui-snap-prop-');
    const log = await openLog({ home: home.dir });
    try {
      const events = randomEvents(seed, 120 + Math.floor(r() * 160));
      for (let i = 0; i < events.length; ) {
        const size = 1 + Math.floor(r() * 40);
        await log.append(events.slice(i, i + size));
        i += size;
        if (r() < 0.3) await new Promise((res) => setTimeout(res, 2)); // let timestamps differ
      }
      const entries = await readAll(log);
      // Half the seeds: snapshots at random seqs; the other half: a rebuild at random intervals,
      // with session snapshots every few of a session's own entries.
      if (seed % 2 === 0) snapshots += await randomSnapshots(log, entries, r);
      else {
        await rebuildAll(log, {
          every: 3 + Math.floor(r() * 30),
          sessionEvery: 1 + Math.floor(r() * 8),
          sessionSpan: 5 + Math.floor(r() * 60),
          keep: Infinity,
          // Both ways of rebuilding feed this property (see rebuild.test.ts for the two side by side).
          worker: seed % 4 === 1,
        });
        for (const s of SESSIONS) snapshots += (await log.snapshotSeqs(`session:${s}`, SESSION_STATE_VERSION)).length;
      }
      const k = 1 + Math.floor(r() * 6);
      for (let at = 0; at <= entries.length + 1; at += k) {
        await check(log, entries, { to: at }, `seed ${seed} at ${at}`);
        points++;
      }
      await check(log, entries, {}, `seed ${seed} latest`);
      for (let i = 0; i < 4; i++) {
        const e = entries[Math.floor(r() * entries.length)]!;
        await check(log, entries, { until: e.ts }, `seed ${seed} until ${e.ts}`);
        await check(log, entries, { until: e.ts, to: e.seq }, `seed ${seed} until+to`);
      }
    } finally {
      await log.close();
      home.cleanup();
    }
  }
  assert.ok(snapshots > 50, `snapshots were used (${snapshots})`);
  assert.ok(points > 200, `points checked (${points})`);
});

test('a session moving to an image it never used sees that image as of then, engine stops included', async () => {
  const home = tempDir('stui-snap-move-');
  const log = await openLog({ home: home.dir });
  try {
    const conn = (name: string): NewEvent => ({
      type: 'connection.connected',
      stream: `image:${name}`,
      data: { name, address: 'tcp://127.0.0.1:1', imageId: `id-${name}`, imageName: name, dialect: 'd', version: '1', protocol: 1, latencyMs: 4 },
    });
    await log.append([
      { type: 'image.registered', stream: 'image:a', data: { name: 'a', address: 'tcp://127.0.0.1:1' } },
      { type: 'session.created', stream: 's', data: { session: 's', image: 'a', imageId: null } },
      { type: 'image.registered', stream: 'image:b', data: { name: 'b', address: 'tcp://127.0.0.1:2' } },
      conn('b'),
      { type: 'engine.stopped', stream: 'engine', data: { pid: 1, reason: 'command' } },
      conn('a'),
      { type: 'session.resumed', stream: 's', data: { session: 's', image: 'b', imageId: null } },
    ]);
    const entries: Entry[] = [];
    for await (const e of log.read()) entries.push(e);
    const got = toRestoreJson(await restoreSession(log, 's'));
    assert.is(got.image, 'b');
    assert.equal(got.connection, { state: 'disconnected', latencyMs: 4 });
    assert.is(JSON.stringify(got), JSON.stringify(toRestoreJson(fold(sessionStateProjection('s'), entries))));
  } finally {
    await log.close();
    home.cleanup();
  }
});

test('restore starts from the nearest snapshot and folds only the tail', async () => {
  const home = tempDir('stui-snap-near-');
  const log = await openLog({ home: home.dir });
  try {
    await log.append(randomEvents(5, 400));
    await restoreAt(log, catalogProjection, {}, { save: true, every: 100, keep: Infinity });
    assert.equal(await log.snapshotSeqs('catalog', 1), [100, 200, 300, 400]);
    const mid = await restoreAt(log, catalogProjection, { to: 250 });
    assert.is(mid.snapshotSeq, 200);
    assert.is(mid.folded, 50);
    const latest = await restoreAt(log, catalogProjection);
    assert.is(latest.folded, 0);
    // keep: only the newest snapshots stay
    await restoreAt(log, catalogProjection, { to: 0 }, { save: true, every: 100, keep: 2 });
    await log.append(randomEvents(6, 100));
    await restoreAt(log, catalogProjection, {}, { save: true, every: 100, keep: 2 });
    assert.equal(await log.snapshotSeqs('catalog', 1), [400, 500]);
  } finally {
    await log.close();
    home.cleanup();
  }
});

test('snapshotAtHead brings snapshots to the head from the ones there, and restores still equal the fold', async () => {
  const home = tempDir('stui-snap-head-');
  const log = await openLog({ home: home.dir });
  try {
    await log.append(randomEvents(11, 300));
    await rebuildAll(log, { every: 50, sessionEvery: 10 });
    await log.append(randomEvents(12, 120));
    const written = await snapshotAtHead(log, { every: 50 });
    const head = log.headSeq;
    assert.ok(written >= 4, `written ${written}`);
    assert.is((await log.nearestSnapshot('catalog', 1, head))?.seq, head);
    assert.is((await log.nearestSnapshot('audit', 1, head))?.seq, head);
    const entries = await readAll(log);
    const catalog = fold(catalogProjection, entries);
    for (const id of Object.keys(catalog.sessions)) {
      const changed = entries.some((e) => e.stream === id && e.seq > 300);
      if (changed) assert.is((await log.nearestSnapshot(`session:${id}`, SESSION_STATE_VERSION, head))?.seq, head, id);
    }
    assert.is(await snapshotAtHead(log), 0, 'nothing new to seal');
    for (const at of [0, 150, 299, 333, head]) await check(log, entries, { to: at }, `head test at ${at}`);
  } finally {
    await log.close();
    home.cleanup();
  }
});

test('a session restored through many of its own entries leaves a snapshot for next time', async () => {
  const home = tempDir('stui-snap-read-');
  const log = await openLog({ home: home.dir });
  try {
    await log.append([{ type: 'session.created', stream: 'busy', data: { session: 'busy', image: 'dev', imageId: null } }]);
    const edits = Array.from({ length: 60 }, (_, i) => ({ type: 'workspace.edited', stream: 'busy', data: { workspace: 'w', from: i, to: i, insert: 'x' } }));
    await log.append(edits);
    const first = await restoreSession(log, 'busy', {}, { save: true, every: 50 });
    assert.equal(await log.snapshotSeqs('session:busy', SESSION_STATE_VERSION), [61]);
    const again = await restoreSession(log, 'busy');
    assert.equal(plain(again), plain(first));
    assert.is(first.workspaces.w!.text, 'x'.repeat(60));
  } finally {
    await log.close();
    home.cleanup();
  }
});

test.run();
