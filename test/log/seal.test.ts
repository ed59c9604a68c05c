import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import nacl from 'tweetnacl';
import { seal, unseal, unsealInto, NONCE_BYTES, SEAL_OVERHEAD } from '../../engine/log/seal.js';
import { unsealImplementation } from '../../engine/log/nativeOpen.js';

// This specification runs once with libsodium (when installed) and once more, in a child
// process, with tweetnacl forced: values are opened by whichever is there.
const OTHER = 'STUI_SEAL_SPEC_CHILD';

const key = nacl.randomBytes(32);

test('given a plaintext, then seal gives nonce || secretbox that tweetnacl itself opens', () => {
  for (const size of [0, 1, 31, 32, 33, 300, 5000]) {
    const plaintext = nacl.randomBytes(size);
    const sealed = seal(key, plaintext);
    assert.is(sealed.length, NONCE_BYTES + 16 + size);
    const opened = nacl.secretbox.open(sealed.subarray(NONCE_BYTES), sealed.subarray(0, NONCE_BYTES), key);
    assert.ok(opened, `size ${size} opens`);
    assert.equal(Buffer.from(opened!), Buffer.from(plaintext));
    assert.equal(Buffer.from(nacl.secretbox(plaintext, sealed.subarray(0, NONCE_BYTES), key)), sealed.subarray(NONCE_BYTES));
  }
});

test('given many seals, then every nonce is fresh', () => {
  const seen = new Set<string>();
  for (let i = 0; i < 3000; i++) seen.add(seal(key, new Uint8Array(8)).subarray(0, NONCE_BYTES).toString('hex'));
  assert.is(seen.size, 3000);
});

test('given a wrong key, a flipped bit or a short value, then unseal says which', () => {
  const sealed = seal(key, Buffer.from('hello'));
  assert.equal(unseal(key, sealed), { ok: true, plaintext: new Uint8Array(Buffer.from('hello')) });
  assert.equal(unseal(nacl.randomBytes(32), sealed), { ok: false, why: 'seal' });
  const flipped = Buffer.from(sealed);
  flipped[NONCE_BYTES + 3] ^= 1;
  assert.equal(unseal(key, flipped), { ok: false, why: 'seal' });
  assert.equal(unseal(key, sealed.subarray(0, 39)), { ok: false, why: 'truncated' });
});

test('given unsealInto, a value opens into a view of a larger buffer, or in place, and failures say which', () => {
  const values = [0, 1, 200, 5000].map((n) => ({ plaintext: nacl.randomBytes(n), sealed: seal(key, nacl.randomBytes(0)) }));
  for (const v of values) v.sealed = seal(key, v.plaintext);
  const total = values.reduce((a, v) => a + v.plaintext.length, 0);
  const out = new Uint8Array(total + 8).fill(0xee);
  let off = 4;
  for (const v of values) {
    assert.is(unsealInto(key, v.sealed, out.subarray(off, off + v.plaintext.length)), 'ok', `size ${v.plaintext.length}`);
    assert.equal(Buffer.from(out.subarray(off, off + v.plaintext.length)), Buffer.from(v.plaintext));
    off += v.plaintext.length;
  }
  // Neighbouring bytes stay untouched.
  assert.equal([...out.subarray(0, 4), ...out.subarray(off)], [0xee, 0xee, 0xee, 0xee, 0xee, 0xee, 0xee, 0xee]);
  // In place: the plaintext lands where the ciphertext was.
  const inPlace = Buffer.from(values[2]!.sealed);
  assert.is(unsealInto(key, inPlace, inPlace.subarray(SEAL_OVERHEAD)), 'ok');
  assert.equal(Buffer.from(inPlace.subarray(SEAL_OVERHEAD)), Buffer.from(values[2]!.plaintext));

  const sealed = values[2]!.sealed;
  const room = new Uint8Array(sealed.length - SEAL_OVERHEAD);
  assert.is(unsealInto(nacl.randomBytes(32), sealed, room), 'seal');
  const flipped = Buffer.from(sealed);
  flipped[flipped.length - 1] ^= 1;
  assert.is(unsealInto(key, flipped, room), 'seal');
  assert.is(unsealInto(key, sealed.subarray(0, 39), new Uint8Array(0)), 'truncated');
  assert.throws(() => unsealInto(key, sealed, new Uint8Array(room.length + 1)), /does not fit/);
});

if (!process.env[OTHER]) {
  test('the same specification holds when tweetnacl opens the values', () => {
    const r = spawnSync(process.execPath, [fileURLToPath(import.meta.url)], {
      env: { ...process.env, STUI_PURE_JS_CRYPTO: '1', [OTHER]: '1' },
      encoding: 'utf8',
    });
    assert.is(r.status, 0, `${r.stdout}\n${r.stderr}`);
    assert.match(r.stdout, /opened by tweetnacl/);
  });
}

test('which implementation opened the values is known', () => {
  if (process.env[OTHER]) assert.is(unsealImplementation(), 'tweetnacl');
  console.log(`opened by ${unsealImplementation()}`);
});

test.run();
