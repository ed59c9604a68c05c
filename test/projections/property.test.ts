import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { Entry } from '../../engine/log/types.js';
import {
  applyEdit,
  auditProjection,
  catalogProjection,
  fold,
  foldAsync,
  fromSnapshot,
  runsProjection,
  sessionStateProjection,
  toSnapshot,
  type Projection,
} from '../../projections/index.js';
import { T0, stream } from './entries.js';
import { prng } from '../../engine/random.js';

const SEQUENCES = 300;


const SESSIONS = ['s1', 's2', 'constructor'];
const IMAGES = ['a', 'b'];
const REASONS = ['refused', 'timed_out', 'silent', 'identity_changed', 'closed', 'protocol', 'engine_stopped'];

/**
 * A random but mostly plausible log: every catalogue type with random ids, plus unknown types,
 * malformed data and entries sharing a timestamp.
 */
function randomLog(seed: number): Entry[] {
  const r = prng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)] as T;
  const int = (n: number): number => Math.floor(r() * n);
  const n = 20 + int(200);
  const entries: Entry[] = [];
  let ts = T0;
  for (let seq = 1; seq <= n; seq++) {
    ts += pick([0, 1, 250, 1000, 5000]);
    const s = pick(SESSIONS);
    const img = pick(IMAGES);
    const ws = pick(['w1', 'w2']);
    const req = `r${int(3)}`;
    const choices: [string, string, unknown][] = [
      ['image.registered', `image:${img}`, { name: img, address: `tcp://127.0.0.1:${int(9)}` }],
      ['image.removed', `image:${img}`, { name: img }],
      ['image.identity_changed', `image:${img}`, { name: img, address: 'tcp://127.0.0.1:1', previousImageId: 'x', imageId: `id-${int(3)}` }],
      ['connection.connecting', `image:${img}`, { name: img, address: 'tcp://127.0.0.1:1', attempt: int(4) }],
      ['connection.connected', `image:${img}`, { name: img, address: 'tcp://127.0.0.1:1', imageId: `id-${int(3)}`, imageName: img, dialect: 'd', version: '1', protocol: 1, latencyMs: int(50) }],
      ['connection.heartbeat_missed', `image:${img}`, { name: img, missed: int(3), silentMs: int(3000) }],
      ['connection.lost', `image:${img}`, { name: img, reason: pick(REASONS) }],
      ['connection.reconnect_scheduled', `image:${img}`, { name: img, attempt: int(5), delayMs: int(1000), reason: pick(REASONS) }],
      ['connection.restored', `image:${img}`, { name: img, imageId: `id-${int(3)}`, downtimeMs: int(9000), attempts: int(5) }],
      ['session.created', s, { session: s, image: img, imageId: r() < 0.5 ? null : `id-${int(3)}` }],
      ['session.resumed', s, { session: s, image: img, imageId: `id-${int(3)}` }],
      ['session.orphaned', s, { session: s, image: img, reason: pick(['unreachable', 'removed', 'identity_changed']) }],
      ['session.archived', s, { session: s, image: img }],
      ['workspace.opened', s, { workspace: ws, title: `T${int(9)}` }],
      ['workspace.edited', s, { workspace: ws, from: int(30), to: r() < 0.3 ? null : int(30), insert: pick(['', 'a', 'bc', 'x := 1.\n']), cursor: r() < 0.5 ? int(30) : undefined }],
      ['workspace.closed', s, { workspace: ws }],
      ['eval.requested', s, { request: req, image: img, code: `${int(9)} + ${int(9)}` }],
      ['eval.completed', s, { request: req, result: `${int(99)}`, className: 'SmallInteger', oid: int(9), durationMs: 1, variables: { x: `${int(9)}` } }],
      ['eval.failed', s, { request: req, errorClass: 'ZeroDivide', messageText: 'Division by zero', stack: [], kind: 'smalltalk' }],
      ['inspector.opened', s, { inspector: `i${int(2)}`, oid: int(9), className: 'Object', printString: 'an Object' }],
      ['inspector.navigated', s, r() < 0.4 ? { inspector: `i${int(2)}`, back: true } : { inspector: `i${int(2)}`, via: int(3), oid: int(9), className: 'C', printString: 'c' }],
      ['inspector.closed', s, { inspector: `i${int(2)}` }],
      ['transcript.appended', s, { text: `t${int(9)}` }],
      ['pref.set', s, { key: pick(['theme', '__proto__', 'toString']), value: int(3) }],
      ['engine.started', 'engine', { pid: 1, version: '0.1.0' }],
      ['engine.stopped', 'engine', { pid: 1, reason: 'signal' }],
      // What a newer or broken writer might leave: unknown types, odd data, odd streams.
      ['future.event', s, { anything: true }],
      [pick(['workspace.edited', 'eval.completed', 'inspector.navigated', 'connection.connected', 'session.created']), pick([s, `image:${img}`]), pick([null, 42, 'text', [], {}])],
      ['pref.set', 'image:', { key: 'k', value: 1 }],
    ];
    // Evaluations are weighted up so requests meet their answers often enough to build history.
    const evals = choices.filter(([t]) => t.startsWith('eval.'));
    const [type, streamName, data] = pick([...choices, ...evals, ...evals]);
    entries.push({ seq, ts, type, v: 1, stream: streamName, data, prev: new Uint8Array(32) });
  }
  return entries;
}

const PROJECTIONS = [catalogProjection, sessionStateProjection('s1'), sessionStateProjection('constructor'), auditProjection, runsProjection] as Projection<unknown>[];
const same = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);

test('folding a prefix up to k equals folding everything with {to: k}, for every projection', async () => {
  for (let seed = 1; seed <= SEQUENCES; seed++) {
    const entries = randomLog(seed);
    const k = prng(seed * 7919)() * (entries.length + 1) | 0;
    for (const p of PROJECTIONS) {
      const prefix = fold(p, entries.slice(0, k));
      const stopped = await foldAsync(p, stream(entries), { to: k });
      if (!same(prefix, stopped)) assert.unreachable(`${p.name}, seed ${seed}, k ${k}`);
    }
  }
});

test('folding with {until: t} equals folding the entries with ts <= t, shared timestamps included', async () => {
  for (let seed = 1; seed <= SEQUENCES; seed++) {
    const entries = randomLog(seed);
    const k = prng(seed * 104729)() * entries.length | 0;
    const until = entries[k]!.ts;
    for (const p of PROJECTIONS) {
      const upTo = fold(p, entries.filter((e) => e.ts <= until));
      const stopped = await foldAsync(p, stream(entries), { until });
      if (!same(upTo, stopped)) assert.unreachable(`${p.name}, seed ${seed}, until ${until}`);
    }
  }
});

test('a snapshot at any point, revived and folded on, ends in the same state', () => {
  for (let seed = 1; seed <= SEQUENCES; seed++) {
    const entries = randomLog(seed);
    const k = prng(seed * 31)() * (entries.length + 1) | 0;
    for (const p of PROJECTIONS) {
      const snap = JSON.parse(JSON.stringify(toSnapshot(p, fold(p, entries.slice(0, k)), k))) as ReturnType<typeof toSnapshot>;
      let s = fromSnapshot(p, snap) as unknown;
      for (const e of entries.slice(k)) s = p.evolve(s, e);
      if (!same(s, fold(p, entries))) assert.unreachable(`${p.name}, seed ${seed}, k ${k}`);
    }
  }
});

test("a session's state does not depend on other sessions' entries", () => {
  const p = sessionStateProjection('s1');
  for (let seed = 1; seed <= SEQUENCES; seed++) {
    const entries = randomLog(seed);
    const own = entries.filter((e) => e.stream === 's1' || e.stream.startsWith('image:') || e.stream === 'engine');
    const all = fold(p, entries);
    const only = fold(p, own);
    all.atSeq = only.atSeq;
    all.atTs = only.atTs;
    if (!same(all, only)) assert.unreachable(`seed ${seed}`);
  }
});

test('range edits agree with a character-array model', () => {
  for (let seed = 1; seed <= SEQUENCES; seed++) {
    const r = prng(seed);
    let text = '';
    const model: string[] = [];
    for (let i = 0; i < 60; i++) {
      const from = Math.floor(r() * (model.length + 3));
      const to = r() < 0.2 ? null : Math.floor(r() * (model.length + 3));
      const insert = ['', 'a', 'xyz', '\n'][Math.floor(r() * 4)]!;
      text = applyEdit(text, from, to, insert);
      const start = Math.min(from, model.length);
      const end = to === null ? model.length : Math.min(Math.max(to, start), model.length);
      model.splice(start, end - start, ...insert);
      if (text !== model.join('')) assert.unreachable(`seed ${seed}, step ${i}`);
    }
  }
});

test('the generated logs exercise what they should (the properties above are not vacuous)', () => {
  let orphaned = 0;
  let history = 0;
  let outages = 0;
  for (let seed = 1; seed <= SEQUENCES; seed++) {
    const entries = randomLog(seed);
    const s1 = fold(sessionStateProjection('s1'), entries);
    history += s1.history.length;
    const c = fold(catalogProjection, entries);
    orphaned += Object.values(c.sessions).filter((s) => s.orphan !== null).length;
    outages += fold(auditProjection, entries).outages.length;
  }
  assert.ok(history > SEQUENCES, `history items: ${history}`);
  assert.ok(orphaned > 10, `orphaned sessions: ${orphaned}`);
  assert.ok(outages > SEQUENCES, `outages: ${outages}`);
});

test.run();
