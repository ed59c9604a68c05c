import { closeSync, existsSync, fsyncSync, openSync, readFileSync, renameSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { randomBytes, scryptSync } from 'node:crypto';
import { WrongKeyError } from '../errors.js';
import { ensureHome } from '../home.js';
import { KeyFileError } from './errors.js';
import { KEY_BYTES, seal, unsealPortable } from './seal.js';
import { logExists } from './location.js';

/**
 * Where the log key comes from: 32 random bytes in `<home>/key`, or scrypt(STUI_PASSPHRASE, salt)
 * with the salt in `<home>/salt`. `<home>/keycheck` holds a sealed constant so a wrong key or
 * passphrase is caught before LevelDB is opened: opening it rewrites its LOG and MANIFEST files,
 * and a wrong passphrase must leave the home exactly as it was.
 */

export const KEY_FILE = 'key';
export const SALT_FILE = 'salt';
export const KEYCHECK_FILE = 'keycheck';
const KEYCHECK_PLAINTEXT = Buffer.from('stui keycheck v1');
const SALT_BYTES = 16;
// 2^15 × r=8 needs 32 MiB, exactly Node's default maxmem, so the limit is raised to fit.
const SCRYPT = { N: 2 ** 15, r: 8, p: 1, maxmem: 64 * 1024 * 1024 } as const;

export type KeyMode = 'keyfile' | 'passphrase';
export interface LogKey {
  key: Uint8Array;
  mode: KeyMode;
}

/** Writes a new file so that it is either complete or absent after a crash. */
export function writeFileDurable(path: string, data: Uint8Array, mode = 0o600): void {
  const tmp = `${path}.tmp-${process.pid}`;
  const fd = openSync(tmp, 'w', mode);
  try {
    writeSync(fd, data);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(tmp, path);
}

export function deriveKey(passphrase: string, salt: Uint8Array): Uint8Array {
  return new Uint8Array(scryptSync(passphrase.normalize('NFC'), salt, KEY_BYTES, SCRYPT));
}

function keyOpensCheck(home: string, key: Uint8Array): boolean | 'missing' {
  const path = join(home, KEYCHECK_FILE);
  if (!existsSync(path)) return 'missing';
  const opened = unsealPortable(key, readFileSync(path));
  return opened.ok && Buffer.from(opened.plaintext).equals(KEYCHECK_PLAINTEXT);
}

function writeKeyCheck(home: string, key: Uint8Array): void {
  writeFileDurable(join(home, KEYCHECK_FILE), seal(key, KEYCHECK_PLAINTEXT));
}

function readKeyFile(path: string): Uint8Array {
  const key = readFileSync(path);
  if (key.length !== KEY_BYTES) {
    throw new KeyFileError(
      `${path} holds ${key.length} bytes, not a ${KEY_BYTES}-byte key; restore the key file from a backup ` +
        'or point --home at another directory',
    );
  }
  return new Uint8Array(key);
}

/**
 * The key of the log in `home`, checked against the key check. Creates key (or salt) and key
 * check on first use when `create` is set; returns undefined when there is nothing yet and
 * `create` is not set. Never writes anything when an existing key does not match.
 */
export function loadKey(options: { home: string; passphrase?: string; create: boolean }): LogKey | undefined {
  const { home, create } = options;
  const passphrase = options.passphrase ? options.passphrase : undefined;
  const keyPath = join(home, KEY_FILE);
  const saltPath = join(home, SALT_FILE);
  const hasKeyFile = existsSync(keyPath);
  const hasSalt = existsSync(saltPath);
  const hasLog = logExists(home);

  if (passphrase !== undefined) {
    if (!hasSalt) {
      if (hasKeyFile) {
        throw new WrongKeyError(
          `the log in ${home} is protected by the key file ${keyPath}, not by a passphrase; ` +
            'unset STUI_PASSPHRASE, or point --home at another directory',
        );
      }
      if (hasLog) {
        throw new KeyFileError(
          `${saltPath} is missing, so STUI_PASSPHRASE cannot be turned into the key of the log in ${home}; ` +
            'restore the salt file from a backup, or point --home at another directory',
        );
      }
      if (!create) return undefined;
      ensureHome(home);
      const salt = randomBytes(SALT_BYTES);
      writeFileDurable(saltPath, salt);
      const key = deriveKey(passphrase, salt);
      writeKeyCheck(home, key);
      return { key, mode: 'passphrase' };
    }
    const key = deriveKey(passphrase, readFileSync(saltPath));
    const check = keyOpensCheck(home, key);
    if (check === false) {
      throw new WrongKeyError(
        `wrong passphrase for the log in ${home}: check STUI_PASSPHRASE, or point --home at another directory`,
      );
    }
    if (check === 'missing') {
      // Without the check the passphrase cannot be tested before LevelDB is opened.
      if (hasLog) {
        throw new KeyFileError(
          `${join(home, KEYCHECK_FILE)} is missing, so the passphrase cannot be checked safely; ` +
            'restore it from a backup, or point --home at another directory',
        );
      }
      if (!create) return undefined;
      writeKeyCheck(home, key);
    }
    return { key, mode: 'passphrase' };
  }

  if (!hasKeyFile) {
    if (hasSalt) {
      throw new WrongKeyError(
        `the log in ${home} is protected by a passphrase; set STUI_PASSPHRASE, or point --home at another directory`,
      );
    }
    if (hasLog) {
      throw new KeyFileError(
        `the log in ${home} exists but its key file ${keyPath} is missing; without it the log cannot be read — ` +
          'restore the key file from a backup, or point --home at another directory',
      );
    }
    if (!create) return undefined;
    ensureHome(home);
    const key = new Uint8Array(randomBytes(KEY_BYTES));
    writeFileDurable(keyPath, key);
    writeKeyCheck(home, key);
    return { key, mode: 'keyfile' };
  }
  const key = readKeyFile(keyPath);
  const check = keyOpensCheck(home, key);
  if (check === false) {
    throw new WrongKeyError(
      `the key in ${keyPath} does not open the log in ${home}: restore the right key file, ` +
        'or point --home at another directory',
    );
  }
  // A key file is its own authority, so a lost check is simply written again.
  if (check === 'missing' && create) writeKeyCheck(home, key);
  return { key, mode: 'keyfile' };
}
