import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { prng } from '../../engine/random.js';
import { iso } from '../../projections/format.js';

test('given any instant, iso answers exactly what Date#toISOString does', () => {
  const r = prng(7);
  const day = 86_400_000;
  const edges = [0, -1, 1, day - 1, day, -day, -day - 1, 253402300799999, 253402300800000, -62167219200000, -62167219200001, 8.64e15, -8.64e15, 1.5, -0.5];
  const instants = [...edges];
  // Runs within one day (the cached date part), across midnights, and far apart (cache misses).
  let t = Date.UTC(2026, 10, 24, 23, 59, 58, 990);
  for (let i = 0; i < 20_000; i++) instants.push((t += Math.floor(r() * 50)));
  for (let i = 0; i < 20_000; i++) instants.push(Math.floor((r() - 0.5) * 2 * 8.64e15));
  for (let i = 0; i < 2_000; i++) instants.push(Math.floor((r() - 0.5) * 1e12), Math.floor((r() - 0.5) * 1e12) + r());
  for (const ms of instants) assert.is(iso(ms), new Date(ms).toISOString(), String(ms));
});

test('given an invalid time, iso throws the RangeError toISOString throws', () => {
  for (const ms of [NaN, Infinity, -Infinity, 8.64e15 + 1]) {
    assert.throws(() => iso(ms), (err: unknown) => err instanceof RangeError, String(ms));
  }
  // and the cache is unharmed by the failures
  assert.is(iso(Date.UTC(2026, 0, 2, 3, 4, 5, 6)), '2026-01-02T03:04:05.006Z');
});

test.run();
