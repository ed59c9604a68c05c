import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { smalltalk } from '../../image/smalltalk/index.js';
import { allRows } from './pharoExpressions.js';
import { classes } from '../../image/smalltalk/kernel.js';

const opts = { timeoutMs: 200, transcript: (): void => {} };
const ALPHABET = "abcxyz019 .:;^#$'\"()[]{}|+-*/\\<>=~@%&?,_!\n\tre:sfdo:";

/** Deterministic pseudo-random numbers, so a failure can be reproduced. */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s ^ (s >>> 15), 0x2c1b3c6d) + 0x9e3779b9) >>> 0;
    return s / 2 ** 32;
  };
}

function mutate(src: string, rand: () => number): string {
  const chars = Array.from(src);
  const edits = 1 + Math.floor(rand() * 3);
  for (let i = 0; i < edits; i++) {
    const pos = Math.floor(rand() * (chars.length + 1));
    const c = ALPHABET[Math.floor(rand() * ALPHABET.length)] as string;
    const op = rand();
    if (op < 0.4) chars.splice(pos, 0, c);
    else if (op < 0.7) chars.splice(pos, 1);
    else chars[pos] = c;
  }
  return chars.join('');
}

test('malformed and mutated input always answers an outcome', () => {
  const vm = smalltalk.create();
  const rand = rng(20261125);
  const sources = allRows.map(([s]) => s);
  let outcomes = 0;
  for (let i = 0; i < 3000; i++) {
    const src =
      i % 3 === 0
        ? Array.from({ length: Math.floor(rand() * 30) }, () => ALPHABET[Math.floor(rand() * ALPHABET.length)]).join('')
        : mutate(sources[Math.floor(rand() * sources.length)] as string, rand);
    let r;
    try {
      r = vm.evaluate('fuzz', src, opts);
    } catch (e) {
      assert.unreachable(`evaluate threw for ${JSON.stringify(src)}: ${String(e)}`);
    }
    assert.ok(r && typeof r.ok === 'boolean', JSON.stringify(src));
    if (r && !r.ok) assert.not.match(r.error.messageText, /^Internal error/, `${JSON.stringify(src)}: ${r.error.messageText}`);
    outcomes++;
  }
  assert.is(outcomes, 3000);
  assert.ok(vm.evaluate('fuzz', '3 + 4', opts).ok);
});

test('absurdly deep nesting is a syntax error, not a crash', () => {
  const vm = smalltalk.create();
  for (const src of ['('.repeat(20000) + '1' + ')'.repeat(20000), '['.repeat(5000) + ']'.repeat(5000), '#('.repeat(20000)]) {
    const r = vm.evaluate('deep', src, { timeoutMs: 1000, transcript: () => {} });
    assert.ok(!r.ok && r.error.errorClass === 'SyntaxErrorNotification', JSON.stringify(r).slice(0, 200));
  }
  const ok = vm.evaluate('deep', '('.repeat(200) + '1' + ')'.repeat(200), { timeoutMs: 1000, transcript: () => {} });
  assert.ok(ok.ok && ok.value.printString === '1');
});

test('every primitive answers an outcome for receivers and arguments of every kind', () => {
  const vm = smalltalk.create();
  const selectors = new Set<string>();
  for (const c of classes.values()) for (const m of [c.methods, c.meta.methods]) for (const s of m.keys()) selectors.add(s);
  const receivers = ['3', '(2 raisedTo: 70)', '2.5', '(1/3)', '1.5s2', '$a', "'abc'", '#sym', '#(1 2 3)',
    '(OrderedCollection withAll: #(3 1 2))', '(Dictionary new at: 1 put: 2; yourself)', '(Set withAll: #(1 2))',
    '(1 to: 5)', '(3@4)', '(1->2)', '[:x | x]', 'nil', 'true', 'Object new', 'Array', 'ZeroDivide new', '#[1 2]',
    '(ReadStream on: #(1 2))', 'Float nan'];
  const args = ['nil', '0', "'x'", '#(1)', '[:a :b | a]', '2.5', '$z', '-1', '(1/2)', '[:a | a]', '[]'];
  let evaluations = 0;
  for (const sel of selectors) {
    if (['repeat', 'whileTrue', 'whileFalse'].includes(sel)) continue;
    const arity = /^[A-Za-z_]/.test(sel) ? (sel.match(/:/g) ?? []).length : 1;
    for (const r of receivers) {
      const as = Array.from({ length: arity }, (_, i) => args[(i * 3 + sel.length + r.length) % args.length] as string);
      const src = arity === 0 ? `${r} ${sel}` : /^[A-Za-z_]/.test(sel)
        ? `${r} ${sel.split(':').filter(Boolean).map((p, i) => `${p}: ${as[i]}`).join(' ')}`
        : `${r} ${sel} ${as[0]}`;
      const out = vm.evaluate('types', src, { timeoutMs: 300, transcript: () => {} });
      if (!out.ok) assert.not.match(out.error.messageText, /^Internal error/, src);
      evaluations++;
    }
  }
  assert.ok(evaluations > 5000, String(evaluations));
});

test.run();
