import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { Entry } from '../../engine/log/types.js';
import { UsageError } from '../../engine/errors.js';
import {
  catalogProjection,
  fold,
  foldAsync,
  fromSnapshot,
  parseAt,
  sessionStateProjection,
  steps,
  toSnapshot,
  type Projection,
} from '../../projections/index.js';
import { LogBuilder, T0, stream } from './entries.js';

/** Counts entries and remembers the last seq: the smallest projection there is. */
const counter: Projection<{ n: number; last: number; types: Record<string, number> }> = {
  name: 'counter',
  version: 1,
  initial: () => ({ n: 0, last: 0, types: {} }),
  evolve(s, e) {
    s.n++;
    s.last = e.seq;
    s.types[e.type] = (s.types[e.type] ?? 0) + 1;
    return s;
  },
};

function tenEntries(): Entry[] {
  const log = new LogBuilder();
  for (let i = 0; i < 10; i++) log.raw('transcript.appended', 's1', { text: `${i}` });
  return log.entries;
}

test('fold applies every entry in order', () => {
  const s = fold(counter, tenEntries());
  assert.is(s.n, 10);
  assert.is(s.last, 10);
});

test('two folds never share state, even when initial() hands out the same object', () => {
  const shared = { n: 0, last: 0, types: {} };
  const leaky: Projection<typeof shared> = { ...counter, initial: () => shared };
  const a = fold(leaky, tenEntries());
  const b = fold(leaky, tenEntries());
  assert.is(a.n, 10);
  assert.is(b.n, 10);
  assert.is(shared.n, 0);
});

test('foldAsync stops after seq `to`', async () => {
  const s = await foldAsync(counter, stream(tenEntries()), { to: 4 });
  assert.is(s.n, 4);
  assert.is(s.last, 4);
});

test('foldAsync with `until` keeps entries with ts <= until and closes the read early', async () => {
  const entries = tenEntries();
  let yielded = 0;
  let closed = false;
  async function* source(): AsyncGenerator<Entry> {
    try {
      for (const e of entries) {
        yielded++;
        yield e;
      }
    } finally {
      closed = true;
    }
  }
  const s = await foldAsync(counter, source(), { until: T0 + 2000 });
  assert.is(s.last, 3, 'entries at T0, T0+1s and T0+2s');
  assert.is(yielded, 4, 'one entry past the stop point is read, no more');
  assert.ok(closed);
});

test('steps yields the state after each entry', async () => {
  const seen: number[] = [];
  for await (const { entry, state } of steps(counter, stream(tenEntries()), { to: 3 })) {
    seen.push(entry.seq * 100 + state.n);
  }
  assert.equal(seen, [101, 202, 303]);
});

test('parseAt: digits are a log position', () => {
  assert.equal(parseAt('42'), { to: 42 });
  assert.equal(parseAt('0'), { to: 0 });
});

test('parseAt: ISO-8601 times, with zone, offset, fraction or as a bare date', () => {
  assert.equal(parseAt('2026-11-25T12:00:05Z'), { until: T0 + 5000 });
  assert.equal(parseAt('2026-11-25T12:00:05.250Z'), { until: T0 + 5250 });
  assert.equal(parseAt('2026-11-25T13:00:05+01:00'), { until: T0 + 5000 });
  assert.equal(parseAt('2026-11-25'), { until: Date.parse('2026-11-25T00:00:00Z') });
});

test('parseAt: anything else is a usage error that names the accepted forms', () => {
  for (const bad of ['', 'yesterday', '-3', '4.5', '12abc', '2026-13-01', '2026-02-31', '2026-11-25T25:00:00Z', '99999999999999999999']) {
    try {
      parseAt(bad);
      assert.unreachable(`"${bad}" was accepted`);
    } catch (err) {
      assert.instance(err, UsageError, `"${bad}"`);
      assert.is((err as UsageError).code, 'E_USAGE');
      assert.match((err as Error).message, /log position/);
      assert.match((err as Error).message, /ISO-8601/);
    }
  }
});

test('a snapshot revived and folded on gives the same state as one fold over everything', () => {
  const log = new LogBuilder();
  log.register('dev');
  log.connect('dev', 'img-1');
  log.session('s1', 'dev', 'img-1');
  log.add('workspace.opened', 's1', { workspace: 'w1', title: 'Scratch' });
  log.add('workspace.edited', 's1', { workspace: 'w1', from: 0, to: 0, insert: '3 + 4' });
  log.add('pref.set', 's1', { key: 'constructor', value: { dark: true } });
  const cut = log.seq;
  log.evalOk('s1', 'r1', '3 + 4', '7', { x: '7', __proto__: '1' } as Record<string, string>);
  log.add('pref.set', 's1', { key: '__proto__', value: 'odd but just a key' });
  log.session('s2', 'dev', 'img-1');

  for (const p of [sessionStateProjection('s1'), catalogProjection] as Projection<unknown>[]) {
    const head = fold(p, log.entries.slice(0, cut));
    const snap = JSON.parse(JSON.stringify(toSnapshot(p, head, cut))) as ReturnType<typeof toSnapshot>;
    const revived = fromSnapshot(p, snap);
    assert.ok(revived !== null);
    let s = revived as unknown;
    for (const e of log.entries.slice(cut)) s = p.evolve(s, e);
    assert.is(JSON.stringify(s), JSON.stringify(fold(p, log.entries)), p.name);
  }
});

test('a snapshot of another projection or version is not used', () => {
  const snap = toSnapshot(counter, fold(counter, tenEntries()), 10);
  assert.is(fromSnapshot({ ...counter, version: 2 }, snap), null);
  assert.is(fromSnapshot({ ...counter, name: 'other' }, snap), null);
  assert.ok(fromSnapshot(counter, snap));
});

test.run();
