/** Installs every primitive method once per process. */
import { installBlocks } from './blocks.js';
import { installCollections } from './collections.js';
import { installHashed } from './hashed.js';
import { installMisc } from './misc.js';
import { installNumbers } from './numbers.js';
import { installObject } from './object.js';
import { installOrdered } from './ordered.js';
import { installSequences } from './sequences.js';
import { installStreams } from './streams.js';
import { installStrings } from './strings.js';
import { installSystem } from './system.js';

let installed = false;

export function installPrimitives(): void {
  if (installed) return;
  installed = true;
  installObject();
  installNumbers();
  installSystem();
  installBlocks();
  installCollections();
  installSequences();
  installOrdered();
  installHashed();
  installStrings();
  installStreams();
  installMisc();
}
