import { existsSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Where a home keeps its log, in a module of its own: clients that only ask the engine need to
 * know whether a log exists without loading LevelDB.
 */
export const LOG_DIR = 'log';

export function logLocation(home: string): string {
  return join(home, LOG_DIR);
}

/** Whether `home` holds a LevelDB store (CURRENT is the file LevelDB writes first and always keeps). */
export function logExists(home: string): boolean {
  return existsSync(join(logLocation(home), 'CURRENT'));
}
