import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { prng } from '../../engine/random.js';
import { MAX_SEQ, entryKey, indexKey, seqOfEntryKey } from '../../engine/log/layout.js';

test('given any seq, the entry key holds it and gives it back', () => {
  const r = prng(11);
  const seqs = [0, 1, 255, 256, 65_535, 65_536, 2 ** 24 - 1, 2 ** 24, 2 ** 32 - 1, 2 ** 32, 2 ** 40, MAX_SEQ];
  for (let i = 0; i < 10_000; i++) seqs.push(Math.floor(r() * MAX_SEQ));
  for (const seq of seqs) assert.is(seqOfEntryKey(entryKey(seq)), seq, String(seq));
});

test('given keys that are not entry keys, no seq is read from them', () => {
  const k = entryKey(42);
  const other = [Buffer.alloc(0), k.subarray(0, 8), Buffer.concat([k, Buffer.from([0])]), indexKey(Buffer.alloc(16), 42)];
  const wrongPrefix = Buffer.from(k);
  wrongPrefix[0] = 0x66;
  const beyond = Buffer.from(k);
  beyond[2] = 1;
  for (const key of [...other, wrongPrefix, beyond]) assert.is(seqOfEntryKey(key), undefined, key.toString('hex'));
});

test.run();
