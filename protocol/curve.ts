import { readFileSync } from 'node:fs';
import { curveKeyPair } from 'zeromq';
import { StuiError } from './errors.js';
import { writeFileAtomic } from './fsAtomic.js';

/**
 * CURVE keys (z85 text, 40 characters each). The image keeps its pair in its state dir; a client
 * keeps its own in the STUI home (engine/clientKeys.ts). Secret keys are written 0600 and never
 * leave the machine.
 */
export interface CurveKeyPair {
  publicKey: string;
  secretKey: string;
}

/** What a client needs to talk to a CURVE image: the image's public key and its own pair. */
export interface ClientCurve extends CurveKeyPair {
  serverKey: string;
}

const Z85_KEY = /^[0-9a-zA-Z.\-:+=^!/*?&<>()[\]{}@%$#]{40}$/;

export function isZ85Key(s: unknown): s is string {
  return typeof s === 'string' && Z85_KEY.test(s);
}

/** Reads a key pair file, or creates one (mode 0600) when it does not exist yet. */
export function loadOrCreateKeyPair(path: string): CurveKeyPair {
  let text: string | undefined;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') {
      throw new StuiError('E_KEY_FILE', `cannot read the CURVE key file ${path} (${(err as Error).message})`);
    }
  }
  if (text !== undefined) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      parsed = undefined;
    }
    const p = parsed as Partial<CurveKeyPair> | undefined;
    if (!p || !isZ85Key(p.publicKey) || !isZ85Key(p.secretKey)) {
      throw new StuiError('E_KEY_FILE', `the CURVE key file ${path} is damaged; remove it to generate a new key pair`);
    }
    return { publicKey: p.publicKey, secretKey: p.secretKey };
  }
  const pair = curveKeyPair();
  writeFileAtomic(path, JSON.stringify(pair) + '\n', 0o600);
  return { publicKey: pair.publicKey, secretKey: pair.secretKey };
}
