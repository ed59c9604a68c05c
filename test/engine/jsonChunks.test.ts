/**
 * jsonChunks: the pieces of a value's JSON text. Given any JSON-able value (and the things
 * JSON.stringify leaves out or turns into null), the pieces joined are JSON.stringify's text,
 * and no piece but the last is shorter than asked or longer than asked plus one element.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { jsonChunks } from '../../engine/daemon/jsonChunks.js';
import { prng } from '../../engine/random.js';

function randomValue(r: () => number, depth: number): unknown {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)] as T;
  const kind = depth <= 0 ? Math.floor(r() * 6) : Math.floor(r() * 9);
  switch (kind) {
    case 0:
      return pick([0, -0, 1.5, -7, 1e21, Number.NaN, Number.POSITIVE_INFINITY, 2 ** 53]);
    case 1:
      return pick(['', 'a', 'quote " and \\ backslash', 'line\nbreak\ttab', 'é ü ß', '𝔖𝔪𝔞𝔩𝔩𝔱𝔞𝔩𝔨', '\ud800 lone', '\u0000\u001f']);
    case 2:
      return pick([true, false, null]);
    case 3:
      return pick([undefined, () => 1, Symbol('s')]);
    case 4:
      // Long strings with pairs and escapes where slices may be cut.
      return pick(['x', '𝔖', 'é"\\\n', '\ud800', '\ud800𝔖', '\udc00']).repeat(Math.floor(r() * 400));
    case 5:
      return { toJSON: () => ({ via: 'toJSON' }) };
    case 6:
    case 7: {
      const n = Math.floor(r() * 12);
      return Array.from({ length: n }, () => randomValue(r, depth - 1));
    }
    default: {
      const o: Record<string, unknown> = {};
      const n = Math.floor(r() * 8);
      for (let i = 0; i < n; i++) o[pick(['a', 'b', 'c', 'history', 'ü', '"k"', `k${i}`, '__proto__x'])] = randomValue(r, depth - 1);
      return o;
    }
  }
}

test('given random values, the pieces joined are exactly JSON.stringify', () => {
  const r = prng(20261125);
  for (let i = 0; i < 2000; i++) {
    const value = randomValue(r, 5);
    const chunkChars = 1 + Math.floor(r() * 300);
    const depth = Math.floor(r() * 5);
    const pieces = [...jsonChunks(value, { chunkChars, depth })];
    assert.is(pieces.join(''), JSON.stringify(value) ?? 'null', `value ${i}, chunk ${chunkChars}, depth ${depth}`);
    assert.ok(pieces.length >= 1);
    for (const p of pieces.slice(0, -1)) assert.ok(p.length >= chunkChars, `short piece ${p.length} < ${chunkChars}`);
  }
});

test('given a restored-session-like result (as the engine answers it), pieces stay near the size asked and the history is split', () => {
  const history = Array.from({ length: 5000 }, (_, i) => ({ seq: i + 1, code: `x := ${i} factorial`, result: 'é'.repeat(i % 50), request: `r${i}` }));
  const result = { session: 's-1', history, transcript: 'Transcript line 𝔖\n'.repeat(5000), workspaces: [], prefs: {} };
  const pieces = [...jsonChunks(result, { chunkChars: 16 * 1024 })];
  assert.is(pieces.join(''), JSON.stringify(result));
  assert.ok(pieces.length > 10, `${pieces.length} pieces`);
  // A piece is what was gathered below the size asked plus one token: a history item, or a
  // slice of the transcript (a slice of 16 K characters, a little longer once escaped).
  for (const p of pieces) assert.ok(p.length < 16 * 1024 + 18 * 1024, `piece of ${p.length}`);
  assert.ok(pieces.some((p) => p.includes('Transcript line')) && !pieces.some((p) => p.length > 40 * 1024));
});

test('given a value too deep to open, it is one piece, as JSON.stringify writes it', () => {
  const value = { a: [{ b: [{ c: 'deep' }] }] };
  assert.equal([...jsonChunks(value, { chunkChars: 1, depth: 0 })], [JSON.stringify(value)]);
  assert.is([...jsonChunks(undefined, { chunkChars: 10 })].join(''), 'null');
});

test('given an unencodable value, the error surfaces from the generator', () => {
  assert.throws(() => [...jsonChunks({ big: [1n] }, { chunkChars: 4 })], /BigInt/);
});

test.run();
