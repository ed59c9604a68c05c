import { mkdirSync, statSync, chmodSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { StuiError } from './errors.js';

/**
 * Where a STUI home lives: `--home`, else `$STUI_HOME`, else `$XDG_DATA_HOME/stui`, else
 * `~/.local/share/stui` (the command-line contract).
 */
export function resolveHome(flag: string | undefined, env: NodeJS.ProcessEnv = process.env): string {
  if (flag) return resolve(flag);
  if (env.STUI_HOME) return resolve(env.STUI_HOME);
  if (env.XDG_DATA_HOME) return resolve(env.XDG_DATA_HOME, 'stui');
  return join(homedir(), '.local', 'share', 'stui');
}

/**
 * Creates the home (mode 0700) if needed and tightens its mode if it exists: the home holds the
 * key and the engine socket, so nobody else may list or enter it.
 */
export function ensureHome(home: string): string {
  try {
    mkdirSync(home, { recursive: true, mode: 0o700 });
    const st = statSync(home);
    if (!st.isDirectory()) throw new StuiError('E_HOME', `${home} exists and is not a directory; pass another --home`);
    if ((st.mode & 0o777) !== 0o700) chmodSync(home, 0o700);
  } catch (err) {
    if (err instanceof StuiError) throw err;
    throw new StuiError('E_HOME', `cannot use ${home} as the STUI home (${(err as Error).message}); pass another --home`);
  }
  return home;
}
