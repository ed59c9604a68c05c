import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { setImmediate as tick } from 'node:timers/promises';
import { GroupCommit } from '../../engine/log/groupCommit.js';
import type { BatchOp } from '../../engine/log/store.js';

/** A batch writer the test completes by hand, recording what each batch held. */
function controlledWriter(): {
  batches: string[][];
  finish: (err?: Error) => void;
  write: (ops: BatchOp[]) => Promise<void>;
} {
  const batches: string[][] = [];
  const pending: { resolve: () => void; reject: (e: Error) => void }[] = [];
  return {
    batches,
    finish: (err) => {
      const p = pending.shift();
      if (!p) throw new Error('no batch is being written');
      if (err) p.reject(err);
      else p.resolve();
    },
    write: (ops) => {
      batches.push(ops.map((o) => o.key.toString()));
      return new Promise<void>((resolve, reject) => pending.push({ resolve, reject }));
    },
  };
}

const op = (name: string): BatchOp => ({ type: 'put', key: Buffer.from(name), value: Buffer.alloc(0) });

test('given a batch being written, when appends arrive one by one meanwhile, then they wait and all go into the next batch', async () => {
  const w = controlledWriter();
  const durable: string[][] = [];
  const gc = new GroupCommit<string>(w.write, (rs) => [op(`head:${rs[rs.length - 1]}`)], (rs) => durable.push(rs));
  const a = gc.enqueue({ ops: [op('a')], result: 'a' });
  await tick();
  assert.equal(w.batches, [['a', 'head:a']]);
  const rest = ['b', 'c', 'd'].map((x) => gc.enqueue({ ops: [op(x)], result: x }));
  await tick();
  await tick();
  assert.is(w.batches.length, 1, 'nothing else is written while the first batch is in flight');
  w.finish();
  assert.is(await a, 'a');
  await tick();
  assert.equal(w.batches[1], ['b', 'c', 'd', 'head:d']);
  w.finish();
  assert.equal(await Promise.all(rest), ['b', 'c', 'd']);
  assert.equal(durable, [['a'], ['b', 'c', 'd']]);
  assert.equal(gc.stats, { batches: 2, appends: 4 });
});

test('given appends that have not resolved, then none resolves before its batch is written', async () => {
  const w = controlledWriter();
  const gc = new GroupCommit<string>(w.write, () => [], () => undefined);
  let resolved = false;
  void gc.enqueue({ ops: [op('a')], result: 'a' }).then(() => (resolved = true));
  for (let i = 0; i < 5; i++) await tick();
  assert.is(resolved, false);
  w.finish();
  await tick();
  assert.is(resolved, true);
});

test('given a failing batch, then its appends and every queued one reject, and the failure is kept', async () => {
  const w = controlledWriter();
  const gc = new GroupCommit<string>(w.write, () => [], () => undefined);
  const outcome = (p: Promise<string>): Promise<string> => p.then((r) => `resolved ${r}`, (e: Error) => `rejected ${e.message}`);
  const a = outcome(gc.enqueue({ ops: [op('a')], result: 'a' }));
  await tick();
  const b = outcome(gc.enqueue({ ops: [op('b')], result: 'b' }));
  w.finish(new Error('disk full'));
  assert.equal(await Promise.all([a, b]), ['rejected disk full', 'rejected disk full']);
  assert.match(String(gc.failed), /disk full/);
  assert.is(gc.stats.batches, 0);
  await gc.idle();
});

test.run();
