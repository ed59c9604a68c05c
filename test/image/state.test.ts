import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { smalltalk } from '../../image/smalltalk/index.js';
import type { SmalltalkVM } from '../../image/vm/api.js';

const opts = { timeoutMs: 5000, transcript: (): void => {} };

function value(vm: SmalltalkVM, session: string, source: string): string {
  const r = vm.evaluate(session, source, opts);
  if (!r.ok) throw new Error(`${source}: ${r.error.errorClass} ${r.error.messageText}`);
  return r.value.printString;
}

test('globals and workspaces survive a save and load', () => {
  const vm = smalltalk.create();
  value(vm, 'a', "Smalltalk at: #Config put: (Dictionary new at: #name put: 'stui'; at: 3 put: 4.5; yourself)");
  value(vm, 'a', 'x := 2 raisedTo: 100');
  value(vm, 'a', "y := {1/3. 3.14s2. $c. #sym. 'str'. nil. true. 1.5. (1 to: 5). 3 @ 4. #a -> 2. Set withAll: #(1 2). OrderedCollection with: 1. #[1 2]. Float infinity. SmallInteger}");
  value(vm, 'b', 'z := -7');
  const loaded = smalltalk.load(vm.saveState());
  assert.equal(loaded.variables('a'), vm.variables('a'));
  assert.equal(loaded.variables('b'), { z: '-7' });
  assert.is(value(loaded, 'a', 'x class'), 'LargePositiveInteger');
  assert.is(value(loaded, 'a', "(Config at: #name) , '!'"), "'stui!'");
  assert.is(value(loaded, 'a', '(y at: 12) includes: 2'), 'true');
  assert.is(value(loaded, 'a', '(y at: 16) maxVal'), '1152921504606846975');
  assert.is(value(loaded, 'a', "(y at: 4) == #sym"), 'true');
});

test('shared references and cycles are preserved', () => {
  const vm = smalltalk.create();
  value(vm, 'a', 'shared := OrderedCollection new. p := Array with: shared with: shared');
  value(vm, 'a', 'cyc := Array new: 2. cyc at: 1 put: cyc; at: 2 put: shared');
  value(vm, 'a', 'd := Dictionary new. d at: #self put: d');
  const loaded = smalltalk.load(vm.saveState());
  assert.is(value(loaded, 'a', '(p at: 1) == (p at: 2)'), 'true');
  assert.is(value(loaded, 'a', '(cyc at: 1) == cyc'), 'true');
  assert.is(value(loaded, 'a', '(cyc at: 2) == shared'), 'true');
  assert.is(value(loaded, 'a', '(d at: #self) == d'), 'true');
  value(loaded, 'a', 'shared add: 42');
  assert.is(value(loaded, 'a', '(p at: 2) first'), '42');
});

test('objects that cannot be saved come back as nil', () => {
  const vm = smalltalk.create();
  value(vm, 'a', 'blk := [:x | x]. ex := [1/0] on: ZeroDivide do: [:e | e]. keep := Array with: blk with: 3');
  const loaded = smalltalk.load(vm.saveState());
  assert.is(value(loaded, 'a', 'blk'), 'nil');
  assert.is(value(loaded, 'a', 'ex'), 'nil');
  assert.is(value(loaded, 'a', 'keep'), '#(nil 3)');
});

test('object ids handed out before a save name the same objects after a load', () => {
  const vm = smalltalk.create();
  const r = vm.evaluate('a', 'p := 3 @ 4. Array with: p with: 7 with: [:x | x]', opts);
  assert.ok(r.ok);
  if (!r.ok) return;
  const before = vm.inspect('a', r.value.oid);
  assert.ok(!('error' in before));
  if ('error' in before) return;
  const pointOid = before.indexed[0]?.value.oid as number;
  const blockOid = before.indexed[2]?.value.oid as number;
  const loaded = smalltalk.load(vm.saveState());
  const after = loaded.inspect('a', r.value.oid);
  assert.ok(!('error' in after));
  if ('error' in after) return;
  assert.is(after.object.printString, '{(3@4). 7. nil}');
  assert.is(after.indexed[0]?.value.oid, pointOid);
  const point = loaded.inspect('a', pointOid);
  assert.ok(!('error' in point) && point.named[0]?.value.printString === '3');
  assert.ok('error' in loaded.inspect('a', blockOid), 'a block cannot be saved, so its oid is gone');
  const again = loaded.evaluate('a', 'p', opts);
  assert.ok(again.ok && again.value.oid === pointOid);
  const fresh = loaded.evaluate('a', 'Object new', opts);
  assert.ok(fresh.ok && fresh.value.oid > blockOid, 'new oids do not reuse old ones');
});

// How long saving and loading take is measured in bench/smalltalk.ts.
test('a large world saves and loads whole', () => {
  const vm = smalltalk.create();
  value(vm, 'a', 'big := (1 to: 100000) asArray. d := Dictionary new. 1 to: 10000 do: [:i | d at: i put: i printString]');
  const loaded = smalltalk.load(vm.saveState());
  assert.is(value(loaded, 'a', '(big at: 100000) + (d at: 10000) asNumber'), '110000');
  assert.is(value(loaded, 'a', 'big size + d size'), '110000');
});

test('a loaded image is a working image', () => {
  const loaded = smalltalk.load(smalltalk.create().saveState());
  assert.is(value(loaded, 'new', '3 + 4'), '7');
  assert.throws(() => smalltalk.load(new Uint8Array([1, 2, 3])));
});

test.run();
