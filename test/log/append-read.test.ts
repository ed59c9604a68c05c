import { test } from 'uvu';
import * as assert from 'uvu/assert';
import nacl from 'tweetnacl';
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { openLog, type Entry } from '../../engine/log/index.js';
import { hash32 } from '../../engine/log/layout.js';
import { tempDir } from '../support/cli.js';
import { collect, events, getEntry, withRawDb } from './support.js';

test('given a new home, when the log is opened, then key 0600 and home 0700 are created and the log is empty', async () => {
  const { dir, cleanup } = tempDir();
  try {
    const home = join(dir, 'home');
    const log = await openLog({ home });
    assert.is(log.headSeq, 0);
    assert.equal(await collect(log.read()), []);
    await log.close();
    assert.is(statSync(home).mode & 0o777, 0o700);
    assert.is(statSync(join(home, 'key')).mode & 0o777, 0o600);
    assert.is(statSync(join(home, 'key')).size, 32);
  } finally {
    cleanup();
  }
});

test('given appends, then seqs are consecutive, ts never decreases and prev is the hash of the previous sealed value', async () => {
  const { dir: home, cleanup } = tempDir();
  try {
    const log = await openLog({ home });
    const a = await log.append(events(3));
    const b = await log.append([{ type: 'pref.set', stream: 'prefs', data: { key: 'theme', value: 'dark' } }]);
    assert.equal([...a, ...b].map((e) => e.seq), [1, 2, 3, 4]);
    assert.is(log.headSeq, 4);
    await log.close();
    const reopened = await openLog({ home });
    const read = await collect(reopened.read());
    await reopened.close();
    assert.equal(Buffer.from(read[0]!.prev), Buffer.alloc(32));
    await withRawDb(home, async (db) => {
      for (let seq = 2; seq <= 4; seq++) {
        const sealed = await getEntry(db, seq - 1);
        // hash32 is SHA-512 truncated, the same function as tweetnacl's nacl.hash.
        assert.equal(Buffer.from(read[seq - 1]!.prev), Buffer.from(nacl.hash(sealed).subarray(0, 32)));
        assert.equal(hash32(sealed), Buffer.from(nacl.hash(sealed).subarray(0, 32)));
        assert.ok(read[seq - 1]!.ts >= read[seq - 2]!.ts);
      }
    });
    assert.equal(read[3]!.data, { key: 'theme', value: 'dark' });
    assert.is(read[3]!.v, 1);
  } finally {
    cleanup();
  }
});

test('given the clock going backwards, then ts stays at the previous entry\'s and reads by time still work', async () => {
  const { dir: home, cleanup } = tempDir();
  const realNow = Date.now;
  try {
    const log = await openLog({ home });
    const [a] = await log.append(events(1));
    Date.now = () => a!.ts - 60_000;
    const [b] = await log.append(events(1));
    Date.now = realNow;
    assert.is(b!.ts, a!.ts);
    await log.close();
    const again = await openLog({ home });
    Date.now = () => a!.ts - 120_000;
    const [c] = await again.append(events(1));
    Date.now = realNow;
    assert.is(c!.ts, a!.ts, 'the previous ts survives a reopen');
    assert.equal((await collect(again.read({ since: a!.ts }))).map((e) => e.seq), [1, 2, 3]);
    assert.equal((await collect(again.read({ until: a!.ts - 1 }))).map((e) => e.seq), []);
    await again.close();
  } finally {
    Date.now = realNow;
    cleanup();
  }
});

test('given a mixed log, when reading by seq range, stream, type prefix and time, then exactly the matching entries come back', async () => {
  const { dir: home, cleanup } = tempDir();
  try {
    const log = await openLog({ home });
    const written: Entry[] = [];
    for (let i = 0; i < 30; i++) {
      const stream = `session-${i % 3}`;
      const type = i % 2 === 0 ? 'eval.requested' : 'connection.lost';
      written.push(...(await log.append([{ type, stream, data: { i } }])));
      if (i % 10 === 9) await new Promise((r) => setTimeout(r, 15));
    }
    const seqs = (xs: Entry[]): number[] => xs.map((e) => e.seq);
    assert.equal(seqs(await collect(log.read({ from: 5, to: 9 }))), [5, 6, 7, 8, 9]);
    assert.equal(seqs(await collect(log.read({ from: 29 }))), [29, 30]);
    assert.equal(seqs(await collect(log.read({ from: 31 }))), []);
    const s1 = await collect(log.read({ stream: 'session-1' }));
    assert.equal(seqs(s1), seqs(written.filter((e) => e.stream === 'session-1')));
    assert.equal(seqs(await collect(log.read({ stream: 'session-1', from: 10, to: 20 }))), [11, 14, 17, 20]);
    assert.equal(seqs(await collect(log.read({ stream: 'nobody' }))), []);
    const conn = await collect(log.read({ type: 'connection.' }));
    assert.equal(seqs(conn), seqs(written.filter((e) => e.type === 'connection.lost')));
    const since = written[12]!.ts;
    const until = written[22]!.ts;
    const expected = seqs(written.filter((e) => e.ts >= since && e.ts <= until));
    assert.equal(seqs(await collect(log.read({ since, until }))), expected);
    assert.ok(expected.length > 0 && expected.length < 30, 'the time window selects part of the log');
    assert.equal(seqs(await collect(log.read({ since, until, stream: 'session-0', type: 'eval' }))),
      seqs(written.filter((e) => e.ts >= since && e.ts <= until && e.stream === 'session-0' && e.type === 'eval.requested')));
    assert.equal(seqs(await collect(log.read({ since: written[29]!.ts + 1 }))), []);
    await log.close();
  } finally {
    cleanup();
  }
});

test('given index records longer than one record holds, when reading a stream from the middle of one, then exactly the range comes back', async () => {
  const { dir: home, cleanup } = tempDir();
  try {
    const log = await openLog({ home });
    const mixed = Array.from({ length: 700 }, (_, i) => ({ type: 't', stream: i % 7 === 0 ? 'other' : 'big', data: { i } }));
    await log.append(mixed);
    await log.append(events(5, 'big'));
    const big = mixed.map((e, i) => ({ ...e, seq: i + 1 })).filter((e) => e.stream === 'big').map((e) => e.seq);
    big.push(701, 702, 703, 704, 705);
    const got = await collect(log.read({ stream: 'big', from: 100, to: 702 }));
    assert.equal(got.map((e) => e.seq), big.filter((s) => s >= 100 && s <= 702));
    assert.ok(got.every((e) => e.stream === 'big'));
    assert.equal((await collect(log.read({ stream: 'other' }))).length, 100);
    await log.close();
  } finally {
    cleanup();
  }
});

test('given a subscriber from seq 3, then it gets the existing entries and then live ones, in order, once each', async () => {
  const { dir: home, cleanup } = tempDir();
  try {
    const log = await openLog({ home });
    await log.append(events(5));
    const got: number[] = [];
    const unsubscribe = log.subscribe(3, (e) => got.push(e.seq));
    // Appends race the catch-up read on purpose.
    await Promise.all([log.append(events(2)), log.append(events(1))]);
    for (let i = 0; i < 5; i++) await log.append(events(1));
    for (let i = 0; i < 50 && got.length < 11; i++) await new Promise((r) => setTimeout(r, 10));
    assert.equal(got, [3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13]);
    unsubscribe();
    await log.append(events(1));
    await new Promise((r) => setTimeout(r, 20));
    assert.is(got.length, 11, 'no delivery after unsubscribe');
    await log.close();
  } finally {
    cleanup();
  }
});

test('given N appends in the same tick, then they share one synced batch and all are durable after reopen', async () => {
  const { dir: home, cleanup } = tempDir();
  try {
    const log = await openLog({ home });
    const n = 100;
    const results = await Promise.all(Array.from({ length: n }, (_, i) => log.append([{ type: 'eval.requested', stream: 's', data: { i } }])));
    assert.is(log.stats.batches, 1);
    assert.is(log.stats.appends, n);
    assert.equal(results.map((r) => r[0]!.seq).sort((a, b) => a - b), Array.from({ length: n }, (_, i) => i + 1));
    await log.close();
    const again = await openLog({ home });
    assert.is(again.headSeq, n);
    assert.is((await again.verify()).ok, true);
    await again.close();
  } finally {
    cleanup();
  }
});

test('given many concurrent appenders, each awaiting its own appends, then batches are far fewer than appends', async () => {
  const { dir: home, cleanup } = tempDir();
  try {
    const log = await openLog({ home });
    const workers = 20;
    const each = 10;
    await Promise.all(
      Array.from({ length: workers }, async (_, w) => {
        for (let i = 0; i < each; i++) await log.append([{ type: 'eval.requested', stream: `w${w}`, data: { w, i } }]);
      }),
    );
    assert.is(log.stats.appends, workers * each);
    assert.ok(log.stats.batches <= (workers * each) / 4, `batches ${log.stats.batches} for ${workers * each} appends`);
    await log.close();
    const again = await openLog({ home });
    for (let w = 0; w < workers; w++) {
      assert.equal((await collect(again.read({ stream: `w${w}` }))).map((e) => (e.data as { i: number }).i), [...Array(each).keys()]);
    }
    await again.close();
  } finally {
    cleanup();
  }
});

test('given a multi-event append, then it is one batch and the events are consecutive', async () => {
  const { dir: home, cleanup } = tempDir();
  try {
    const log = await openLog({ home });
    const [, written] = await Promise.all([log.append(events(1)), log.append(events(4, 'multi'))]);
    assert.equal(written.map((e) => e.seq), [2, 3, 4, 5]);
    assert.is(log.stats.batches, 1);
    await log.close();
  } finally {
    cleanup();
  }
});

test('given invalid events or a closed log, then append rejects with a typed error and the log stays usable', async () => {
  const { dir: home, cleanup } = tempDir();
  try {
    const log = await openLog({ home });
    const fail = async (p: Promise<unknown>, code: string): Promise<void> => {
      try {
        await p;
        assert.unreachable('should have thrown');
      } catch (err) {
        assert.is((err as { code?: string }).code, code);
      }
    };
    await fail(log.append([{ type: '', stream: 's', data: 1 }]), 'E_FAILED');
    await fail(log.append([{ type: 'x', stream: 's', data: () => 1 }]), 'E_FAILED');
    await fail(log.append([{ type: 'workspace.edited', v: 3, stream: 's', data: {} }]), 'E_UNKNOWN_VERSION');
    const [e] = await log.append(events(1));
    assert.is(e!.seq, 1, 'failed appends took no seq');
    assert.is((await log.verify()).ok, true);
    await log.close();
    await fail(log.append(events(1)), 'E_LOG_CLOSED');
  } finally {
    cleanup();
  }
});

test('given another process holds the log, when opening, then E_LOG_LOCKED says who holds it', async () => {
  const { dir: home, cleanup } = tempDir();
  try {
    const log = await openLog({ home });
    const { spawnSync } = await import('node:child_process');
    const script = `import('${new URL('../../engine/log/index.js', import.meta.url).href}').then(m => m.openLog({ home: ${JSON.stringify(home)} }))` +
      `.then(() => console.log('opened'), (e) => console.log(e.code + ' ' + e.message))`;
    const r = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8' });
    assert.match(r.stdout, /^E_LOG_LOCKED /);
    assert.match(r.stdout, /STUI engine or another stui/);
    await log.close();
  } finally {
    cleanup();
  }
});

test.run();
