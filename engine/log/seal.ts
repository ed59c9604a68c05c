import nacl from 'tweetnacl';
import { randomFillSync } from 'node:crypto';
import { nativeSecretboxOpenInto } from './nativeOpen.js';

/**
 * Sealing: tweetnacl secretbox (XSalsa20-Poly1305) under a fresh random 24-byte nonce per value;
 * the stored value is nonce || box, so every value opens on its own.
 */

export const KEY_BYTES = nacl.secretbox.keyLength;
export const NONCE_BYTES = nacl.secretbox.nonceLength;
/** The shortest sealed value: a nonce and the authenticator of an empty message. */
export const MIN_SEALED_BYTES = NONCE_BYTES + nacl.secretbox.overheadLength;
/** Bytes a sealed value has beyond its plaintext (nonce and authenticator). */
export const SEAL_OVERHEAD = MIN_SEALED_BYTES;

// Random bytes come from the OS in blocks: one syscall per nonce would cost more than sealing
// a small entry. Each nonce is used once and the block is refilled, never reused.
const POOL_NONCES = 1024;
const pool = Buffer.alloc(POOL_NONCES * NONCE_BYTES);
let poolNext = POOL_NONCES;

/** Writes a fresh nonce into `out` at `offset`. */
function freshNonceInto(out: Uint8Array, offset: number): void {
  if (poolNext === POOL_NONCES) {
    randomFillSync(pool);
    poolNext = 0;
  }
  const start = poolNext++ * NONCE_BYTES;
  out.set(pool.subarray(start, start + NONCE_BYTES), offset);
}

// tweetnacl exports its low-level functions at runtime but leaves them out of its type declarations.
const lowlevel = (nacl as unknown as {
  lowlevel: { crypto_secretbox(c: Uint8Array, m: Uint8Array, d: number, n: Uint8Array, k: Uint8Array): number };
}).lowlevel;

const ZERO_PAD = 32; // crypto_secretbox's message and box both start with 32 (resp. 16) zero bytes

/**
 * nonce || secretbox(plaintext). Uses tweetnacl's low-level crypto_secretbox so the box is
 * written straight into the output buffer, one copy fewer than nacl.secretbox; the bytes are
 * identical (nacl.secretbox.open opens them, which the tests check).
 */
export function seal(key: Uint8Array, plaintext: Uint8Array): Buffer {
  const padded = new Uint8Array(ZERO_PAD + plaintext.length);
  padded.set(plaintext, ZERO_PAD);
  const out = Buffer.allocUnsafe(NONCE_BYTES + nacl.secretbox.overheadLength + plaintext.length);
  // crypto_secretbox emits 16 zero bytes, then the 16-byte tag and the ciphertext. Placing its
  // output 8 bytes into `out` lands the tag right after the 24-byte nonce; the zeros it wrote
  // over the nonce's slot are then replaced by the nonce itself.
  const c = new Uint8Array(out.buffer, out.byteOffset + NONCE_BYTES - 16, padded.length);
  const nonce = new Uint8Array(NONCE_BYTES);
  freshNonceInto(nonce, 0);
  lowlevel.crypto_secretbox(c, padded, padded.length, nonce, key);
  out.set(nonce, 0);
  return out;
}

export type Opened = { ok: true; plaintext: Uint8Array } | { ok: false; why: 'truncated' | 'seal' };

/** Opens a sealed value; says whether it was too short to be one or failed authentication. */
export function unseal(key: Uint8Array, sealed: Uint8Array): Opened {
  if (!nativeSecretboxOpenInto()) return unsealPortable(key, sealed);
  if (sealed.length < MIN_SEALED_BYTES) return { ok: false, why: 'truncated' };
  // A plain Uint8Array of its own, as tweetnacl returns: decoders hand out views into it (an
  // entry's `prev`), and a Buffer would change how those serialise.
  const plaintext = new Uint8Array(sealed.length - SEAL_OVERHEAD);
  return unsealInto(key, sealed, plaintext) === 'ok' ? { ok: true, plaintext } : { ok: false, why: 'seal' };
}

/**
 * unseal by tweetnacl alone. For a single small value (the key check a client makes before it
 * talks to the engine), where loading libsodium's addon costs more than it could save.
 */
export function unsealPortable(key: Uint8Array, sealed: Uint8Array): Opened {
  if (sealed.length < MIN_SEALED_BYTES) return { ok: false, why: 'truncated' };
  const plaintext = nacl.secretbox.open(sealed.subarray(NONCE_BYTES), sealed.subarray(0, NONCE_BYTES), key);
  return plaintext ? { ok: true, plaintext } : { ok: false, why: 'seal' };
}

/**
 * Opens a sealed value into `out`, which must be exactly sealed.length - SEAL_OVERHEAD bytes
 * (a view into a chunk's buffer). Same answers as unseal; `out` is unspecified on failure.
 */
export function unsealInto(key: Uint8Array, sealed: Uint8Array, out: Uint8Array): 'ok' | 'truncated' | 'seal' {
  if (sealed.length < MIN_SEALED_BYTES) return 'truncated';
  if (out.length !== sealed.length - SEAL_OVERHEAD) throw new RangeError('the output does not fit the sealed value');
  const box = sealed.subarray(NONCE_BYTES);
  const nonce = sealed.subarray(0, NONCE_BYTES);
  // Reads open every entry of a fold: libsodium, when installed, does it several times faster
  // than tweetnacl; the format is the same (nonce || tag || ciphertext), so either opens any value.
  const native = nativeSecretboxOpenInto();
  if (native) return native(out, box, nonce, key) ? 'ok' : 'seal';
  const opened = nacl.secretbox.open(box, nonce, key);
  if (!opened) return 'seal';
  out.set(opened);
  return 'ok';
}
