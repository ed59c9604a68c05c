/**
 * Names that are not temporaries: workspace variables first, then globals, classes, Smalltalk
 * and Transcript. Assigning to an unknown name defines a workspace variable, as a Pharo
 * Playground does.
 */
import { classes } from './kernel.js';
import type { StValue } from './objects.js';
import type { WorldState } from './runtime.js';

export function readVariable(world: WorldState, workspace: Map<string, StValue>, name: string): StValue {
  const ws = workspace.get(name);
  if (ws !== undefined) return ws;
  const g = world.globals.get(name);
  if (g !== undefined) return g;
  const c = classes.get(name);
  if (c) return c;
  if (name === 'Smalltalk') return world.smalltalk;
  if (name === 'Transcript') return world.transcriptObject;
  return null;
}

/** False when the name cannot be assigned (a class, Smalltalk, Transcript). */
export function writeVariable(world: WorldState, workspace: Map<string, StValue>, name: string, value: StValue): boolean {
  if (workspace.has(name)) workspace.set(name, value);
  else if (world.globals.has(name)) world.globals.set(name, value);
  else if (classes.has(name) || name === 'Smalltalk' || name === 'Transcript') return false;
  else workspace.set(name, value);
  return true;
}
