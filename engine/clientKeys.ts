import { join } from 'node:path';
import { loadOrCreateKeyPair, type CurveKeyPair } from '../protocol/index.js';
import { ensureHome } from './home.js';

/** The engine's own CURVE key pair, for the images it reaches over CURVE: `<home>/curve-client.json` (0600). */
export function loadOrCreateClientKeys(home: string): CurveKeyPair {
  ensureHome(home);
  return loadOrCreateKeyPair(join(home, 'curve-client.json'));
}
