import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { smalltalk } from '../../image/smalltalk/index.js';
import type { EvalOutcome, SmalltalkVM } from '../../image/vm/api.js';

const opts = (timeoutMs = 5000, transcript: (t: string) => void = () => {}) => ({ timeoutMs, transcript });

function value(vm: SmalltalkVM, session: string, source: string): string {
  const r = vm.evaluate(session, source, opts());
  if (!r.ok) throw new Error(`${source}: ${r.error.errorClass} ${r.error.messageText}`);
  return r.value.printString;
}

function error(r: EvalOutcome): { errorClass: string; messageText: string; stack: string[] } {
  if (r.ok) throw new Error(`expected an error, got ${r.value.printString}`);
  return r.error;
}

test('workspace variables persist within a session', () => {
  const vm = smalltalk.create();
  assert.is(value(vm, 'a', 'x := 3 + 4'), '7');
  assert.is(value(vm, 'a', 'x * 6'), '42');
  assert.equal(vm.variables('a'), { x: '7' });
});

test('variables can be printed short', () => {
  const vm = smalltalk.create() as SmalltalkVM & { variables(id: string, printLimit?: number): Record<string, string> };
  value(vm, 'a', 'big := (1 to: 5000) asArray');
  // '#(' + 18893 digits + 4999 spaces + ')'
  assert.is(vm.variables('a').big?.length, 23895);
  const full = vm.variables('a').big as string;
  assert.is(vm.variables('a', 100).big, `${full.slice(0, 100)}...etc...`);
});

test('declared temporaries do not outlive their evaluation', () => {
  const vm = smalltalk.create();
  assert.is(value(vm, 'a', '| t | t := 5. t'), '5');
  assert.is(value(vm, 'a', 't'), 'nil');
  assert.equal(vm.variables('a'), {});
});

test('sessions are isolated from each other', () => {
  const vm = smalltalk.create();
  value(vm, 'a', 'x := 1');
  value(vm, 'b', 'x := 2');
  assert.is(value(vm, 'a', 'x'), '1');
  assert.is(value(vm, 'b', 'x'), '2');
  assert.is(value(vm, 'c', 'x'), 'nil');
  assert.ok(vm.hasSession('a'));
  vm.dropSession('a');
  assert.not.ok(vm.hasSession('a'));
});

test('globals are shared by every session', () => {
  const vm = smalltalk.create();
  value(vm, 'a', 'Smalltalk at: #Shared put: 99');
  assert.is(value(vm, 'b', 'Shared + 1'), '100');
  assert.is(value(vm, 'b', '(Smalltalk at: #Shared) printString'), "'99'");
  value(vm, 'b', 'Shared := 5');
  assert.is(value(vm, 'a', 'Shared'), '5');
});

test('a block kept in a workspace variable cannot return to its finished doit', () => {
  const vm = smalltalk.create();
  value(vm, 'a', 'b := [:x | ^ x]');
  assert.is(error(vm.evaluate('a', 'b value: 3', opts())).errorClass, 'BlockCannotReturn');
  assert.is(value(vm, 'a', '3 + 4'), '7');
});

test('an endless loop is interrupted at the time limit and the session stays usable', () => {
  const vm = smalltalk.create();
  value(vm, 'a', 'y := 10');
  const started = Date.now();
  const e = error(vm.evaluate('a', '[true] whileTrue', opts(200)));
  const took = Date.now() - started;
  assert.is(e.errorClass, 'EvaluationTimeout');
  assert.match(e.messageText, /200 ms/);
  // Not before its limit; the upper bound only says it stopped at all (speed is for bench/).
  assert.ok(took >= 190 && took < 30_000, `took ${took} ms`);
  assert.is(value(vm, 'a', 'y + 1'), '11');
  const e2 = error(vm.evaluate('a', '[:n | n] value: 1. [ ] repeat', opts(100)));
  assert.is(e2.errorClass, 'EvaluationTimeout');
});

test('deep recursion answers an error instead of crashing', () => {
  const vm = smalltalk.create();
  value(vm, 'a', 'f := nil. f := [:n | n = 0 ifTrue: [0] ifFalse: [1 + (f value: n - 1)]]');
  assert.is(value(vm, 'a', 'f value: 500'), '500');
  const e = error(vm.evaluate('a', 'g := nil. g := [:n | g value: n + 1]. g value: 1', opts(10000)));
  assert.is(e.errorClass, 'StackOverflow', e.messageText);
  assert.is(value(vm, 'a', 'f value: 10'), '10');
});

test('uncaught errors report class, text and a short stack', () => {
  const vm = smalltalk.create();
  const e = error(vm.evaluate('a', '1/0', opts()));
  assert.is(e.errorClass, 'ZeroDivide');
  assert.equal(e.stack, ['SmallInteger>>/', 'UndefinedObject>>DoIt']);
  const m = error(vm.evaluate('a', 'nil foo', opts()));
  assert.is(m.errorClass, 'MessageNotUnderstood');
  assert.is(m.messageText, 'receiver of "foo" is nil');
  const s = error(vm.evaluate('a', "Error signal: 'boom'", opts()));
  assert.is(s.messageText, 'boom');
  const d = error(vm.evaluate('a', '#(1 2 3) do: [:e | e / 0]', opts()));
  assert.equal(d.stack, ['SmallInteger>>/', '[] in UndefinedObject>>DoIt', 'Array(SequenceableCollection)>>do:', 'UndefinedObject>>DoIt']);
  const h = error(vm.evaluate('a', '#(1 2) do: [:x | [x / 0] on: ZeroDivide do: [:e | e return: 0]]. [nil foo] on: MessageNotUnderstood do: [:e | e resume: 1]. 1/0', opts()));
  assert.equal(h.stack, ['SmallInteger>>/', 'UndefinedObject>>DoIt']);
  const p = error(vm.evaluate('a', '3 printPaddedWith: 3 to: 5', opts()));
  assert.is(p.errorClass, 'PrimitiveFailed');
});

test('syntax errors are outcomes with a position', () => {
  const vm = smalltalk.create();
  const e = error(vm.evaluate('a', '3 + ', opts()));
  assert.is(e.errorClass, 'SyntaxErrorNotification');
  assert.match(e.messageText, /expected/);
  assert.match(e.messageText, /position 5/);
  assert.is(error(vm.evaluate('a', "'unterminated", opts())).errorClass, 'SyntaxErrorNotification');
  assert.is(error(vm.evaluate('a', '(1 + 2', opts())).errorClass, 'SyntaxErrorNotification');
});

test('Transcript output reaches the callback', () => {
  const vm = smalltalk.create();
  let out = '';
  const r = vm.evaluate('a', "Transcript show: 'hello'; cr; show: 3 printString; tab; print: #(1 $a); space; display: 'x'; cr", opts(1000, (t) => (out += t)));
  assert.ok(r.ok);
  assert.is(out, "hello\n3\t#(1 $a) x\n");
});

// Evaluation speed is measured in bench/smalltalk.ts.
test('many evaluations in one session keep answering, and a long inject: completes', () => {
  const vm = smalltalk.create();
  for (let i = 0; i < 2000; i++) assert.is(value(vm, 'a', '3 + 4'), '7');
  assert.is(value(vm, 'a', '(1 to: 100000) inject: 0 into: [:a :b | a + b]'), '5000050000');
});

test.run();
