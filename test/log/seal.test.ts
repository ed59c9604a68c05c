import { test } from 'uvu';
import * as assert from 'uvu/assert';
import nacl from 'tweetnacl';
import { seal, unseal, NONCE_BYTES } from '../../engine/log/seal.js';

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

test.run();
