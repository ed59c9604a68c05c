import { createRequire } from 'node:module';

/**
 * libsodium's secretbox open (via sodium-native), when it is installed: the same XSalsa20-Poly1305
 * as tweetnacl, natively. It is optional — STUI works the same without it, only reads are slower —
 * and STUI_PURE_JS_CRYPTO=1 turns it off (to compare, or to rule it out).
 */

interface SodiumNative {
  crypto_secretbox_open_easy(m: Uint8Array, c: Uint8Array, n: Uint8Array, k: Uint8Array): boolean;
}

const MAC_BYTES = 16;
const KEY_BYTES = 32;
const NONCE_BYTES = 24;

function load(): SodiumNative | null {
  if (process.env.STUI_PURE_JS_CRYPTO === '1') return null;
  try {
    const sodium = createRequire(import.meta.url)('sodium-native') as SodiumNative;
    return typeof sodium.crypto_secretbox_open_easy === 'function' ? sodium : null;
  } catch {
    return null;
  }
}

const sodium = load();

/** tag || ciphertext opened under nonce and key; null when it does not authenticate. */
export const nativeSecretboxOpen: ((box: Uint8Array, nonce: Uint8Array, key: Uint8Array) => Uint8Array | null) | null = sodium
  ? (box, nonce, key) => {
      // tweetnacl answers a wrong-sized key or nonce by throwing; so does this, rather than guessing.
      if (key.length !== KEY_BYTES || nonce.length !== NONCE_BYTES) throw new Error('bad key or nonce size');
      if (box.length < MAC_BYTES) return null;
      // A plain Uint8Array of its own, as tweetnacl returns: decoders hand out views into it
      // (an entry's `prev`), and a Buffer would change how those serialise.
      const m = new Uint8Array(box.length - MAC_BYTES);
      return sodium.crypto_secretbox_open_easy(m, box, nonce, key) ? m : null;
    }
  : null;

/**
 * tag || ciphertext opened into `out` (exactly box.length - 16 bytes, e.g. a view into a larger
 * buffer); false when it does not authenticate. Whole-log reads open a chunk of entries into one
 * buffer this way instead of allocating one array per entry.
 */
export const nativeSecretboxOpenInto: ((out: Uint8Array, box: Uint8Array, nonce: Uint8Array, key: Uint8Array) => boolean) | null = sodium
  ? (out, box, nonce, key) => {
      if (key.length !== KEY_BYTES || nonce.length !== NONCE_BYTES) throw new Error('bad key or nonce size');
      if (box.length < MAC_BYTES || out.length !== box.length - MAC_BYTES) return false;
      return sodium.crypto_secretbox_open_easy(out, box, nonce, key);
    }
  : null;

/** Which implementation opens sealed values in this process (for benchmarks and diagnostics). */
export const unsealImplementation: 'sodium-native' | 'tweetnacl' = sodium ? 'sodium-native' : 'tweetnacl';
