import { createRequire } from 'node:module';

/**
 * libsodium's secretbox open (via sodium-native), when it is installed: the same XSalsa20-Poly1305
 * as tweetnacl, natively. It is optional — STUI works the same without it, only reads are slower —
 * and STUI_PURE_JS_CRYPTO=1 turns it off (to compare, or to rule it out).
 */

interface SodiumNative {
  crypto_secretbox_open_easy(m: Uint8Array, c: Uint8Array, n: Uint8Array, k: Uint8Array): boolean;
  crypto_hash_sha512(out: Uint8Array, data: Uint8Array): void;
}

const MAC_BYTES = 16;
const KEY_BYTES = 32;
const NONCE_BYTES = 24;

function load(): SodiumNative | null {
  if (process.env.STUI_PURE_JS_CRYPTO === '1') return null;
  try {
    const sodium = createRequire(import.meta.url)('sodium-native') as SodiumNative;
    return typeof sodium.crypto_secretbox_open_easy === 'function' && typeof sodium.crypto_hash_sha512 === 'function' ? sodium : null;
  } catch {
    return null;
  }
}

// Loaded on first use, not on import: a command that only checks the key (and then asks the
// engine) never opens more than one small value and should not pay for loading the addon.
let loaded: SodiumNative | null | undefined;
function sodium(): SodiumNative | null {
  if (loaded === undefined) loaded = load();
  return loaded;
}

type OpenInto = (out: Uint8Array, box: Uint8Array, nonce: Uint8Array, key: Uint8Array) => boolean;
type Sha512Into = (out: Uint8Array, data: Uint8Array) => void;
let openInto: OpenInto | null | undefined;
let sha512Into: Sha512Into | null | undefined;

/**
 * tag || ciphertext opened into `out` (exactly box.length - 16 bytes, e.g. a view into a larger
 * buffer); false when it does not authenticate. Whole-log reads open a chunk of entries into one
 * buffer this way instead of allocating one array per entry.
 */
export function nativeSecretboxOpenInto(): OpenInto | null {
  if (openInto !== undefined) return openInto;
  const native = sodium();
  openInto = native
    ? (out, box, nonce, key) => {
        // tweetnacl answers a wrong-sized key or nonce by throwing; so does this, rather than guessing.
        if (key.length !== KEY_BYTES || nonce.length !== NONCE_BYTES) throw new Error('bad key or nonce size');
        if (box.length < MAC_BYTES || out.length !== box.length - MAC_BYTES) return false;
        return native.crypto_secretbox_open_easy(out, box, nonce, key);
      }
    : null;
  return openInto;
}

/** libsodium's SHA-512 into a 64-byte `out`: verifying hashes every stored value, twice as fast as node:crypto. */
export function nativeSha512Into(): Sha512Into | null {
  if (sha512Into !== undefined) return sha512Into;
  const native = sodium();
  sha512Into = native ? (out, data) => native.crypto_hash_sha512(out, data) : null;
  return sha512Into;
}

/** Which implementation opens sealed values in this process (for benchmarks and diagnostics). */
export function unsealImplementation(): 'sodium-native' | 'tweetnacl' {
  return sodium() ? 'sodium-native' : 'tweetnacl';
}
