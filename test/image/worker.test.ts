import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { Worker } from 'node:worker_threads';
import { RECOMMENDED_WORKER_STACK_MB } from '../../image/smalltalk/index.js';

const moduleUrl = new URL('../../image/smalltalk/index.js', import.meta.url).href;

/** Runs one evaluation in a worker thread with the given stack size; answers the outcome. */
function evaluateInWorker(source: string, stackSizeMb: number): Promise<unknown> {
  const code = `
    const { parentPort, workerData } = require('node:worker_threads');
    import(workerData.moduleUrl).then(({ smalltalk }) => {
      const vm = smalltalk.create();
      parentPort.postMessage(vm.evaluate('w', workerData.source, { timeoutMs: 20000, transcript() {} }));
    });`;
  return new Promise((resolve, reject) => {
    const w = new Worker(code, { eval: true, workerData: { moduleUrl, source }, resourceLimits: { stackSizeMb } });
    w.once('message', (m) => {
      void w.terminate();
      resolve(m);
    });
    w.once('error', reject);
  });
}

test('with the recommended worker stack, block recursion goes 10000 deep', async () => {
  const r = (await evaluateInWorker(
    'f := nil. f := [:n | n = 0 ifTrue: [0] ifFalse: [1 + (f value: n - 1)]]. f value: 10000',
    RECOMMENDED_WORKER_STACK_MB,
  )) as { ok: boolean; value?: { printString: string } };
  assert.ok(r.ok);
  assert.is(r.value?.printString, '10000');
});

test('past the stack, a worker still answers StackOverflow', async () => {
  const r = (await evaluateInWorker('g := nil. g := [:n | g value: n + 1]. g value: 1', 4)) as {
    ok: boolean;
    error?: { errorClass: string };
  };
  assert.not.ok(r.ok);
  assert.is(r.error?.errorClass, 'StackOverflow');
});

test.run();
