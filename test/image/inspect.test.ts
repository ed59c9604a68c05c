import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { smalltalk } from '../../image/smalltalk/index.js';
import type { Inspection, SmalltalkVM } from '../../image/vm/api.js';

const opts = { timeoutMs: 5000, transcript: (): void => {} };

function inspect(vm: SmalltalkVM, session: string, oid: number): Inspection {
  const r = vm.inspect(session, oid);
  if ('error' in r) throw new Error(r.error.messageText);
  return r;
}

test('inspection drills down three levels', () => {
  const vm = smalltalk.create();
  const r = vm.evaluate('s', '{1@2. OrderedCollection with: #(3 4)}', opts);
  assert.ok(r.ok);
  if (!r.ok) return;
  const top = inspect(vm, 's', r.value.oid);
  assert.is(top.object.className, 'Array');
  assert.is(top.indexedSize, 2);
  assert.equal(top.indexed.map((s) => s.index), [1, 2]);
  const pt = inspect(vm, 's', (top.indexed[0] as { value: { oid: number } }).value.oid);
  assert.equal(pt.named.map((s) => [s.name, s.value.printString]), [['x', '1'], ['y', '2']]);
  const oc = inspect(vm, 's', (top.indexed[1] as { value: { oid: number } }).value.oid);
  assert.is(oc.object.printString, 'an OrderedCollection(#(3 4))');
  const inner = inspect(vm, 's', (oc.indexed[0] as { value: { oid: number } }).value.oid);
  assert.is(inner.object.printString, '#(3 4)');
  assert.equal(inner.indexed.map((s) => s.value.printString), ['3', '4']);
});

test('oids are stable within a session', () => {
  const vm = smalltalk.create();
  const a = vm.evaluate('s', 'p := 3 @ 4', opts);
  const b = vm.evaluate('s', 'p', opts);
  assert.ok(a.ok && b.ok);
  if (!a.ok || !b.ok) return;
  assert.is(a.value.oid, b.value.oid);
  const again = inspect(vm, 's', a.value.oid);
  assert.is(again.object.oid, a.value.oid);
  const x1 = again.named[0]?.value.oid;
  assert.is(inspect(vm, 's', a.value.oid).named[0]?.value.oid, x1);
});

test('large collections are truncated but report their true size', () => {
  const vm = smalltalk.create();
  const r = vm.evaluate('s', '(1 to: 1000) asArray', opts);
  assert.ok(r.ok);
  if (!r.ok) return;
  const i = inspect(vm, 's', r.value.oid);
  assert.is(i.indexedSize, 1000);
  assert.is(i.indexed.length, 100);
  assert.is(i.indexed[99]?.value.printString, '100');
});

test('an unknown oid or session answers an error', () => {
  const vm = smalltalk.create();
  assert.ok('error' in vm.inspect('nobody', 1));
  vm.evaluate('s', '3', opts);
  assert.ok('error' in vm.inspect('s', 999));
});

test('exceptions and dictionaries show their slots', () => {
  const vm = smalltalk.create();
  const r = vm.evaluate('s', '[1/0] on: ZeroDivide do: [:e | e]', opts);
  assert.ok(r.ok);
  if (!r.ok) return;
  const e = inspect(vm, 's', r.value.oid);
  assert.ok(e.named.some((s) => s.name === 'messageText'));
  assert.ok(e.named.some((s) => s.name === 'dividend' && s.value.printString === '1'));
  const d = vm.evaluate('s', 'Dictionary new at: #a put: 1; yourself', opts);
  assert.ok(d.ok);
  if (!d.ok) return;
  const di = inspect(vm, 's', d.value.oid);
  assert.is(di.indexed[0]?.value.printString, '#a->1');
});

test.run();
