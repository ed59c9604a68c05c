import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { repoRoot, stuiBin, tempDir } from './cli.js';

export interface LoadedRun {
  code: number | null;
  stdout: string;
  stderr: string;
  /** Every module the process loaded: repository files as paths ('dist/cli/main.js'), builtins as 'node:…'. */
  loaded: string[];
}

const recorder = new URL('./recordLoads.js', import.meta.url).href;

/** Runs the real `stui` with the module recorder in front of it (recordLoads.ts). */
export function stuiLoading(args: string[], env: NodeJS.ProcessEnv = {}): Promise<LoadedRun> {
  const t = tempDir('stui-loads-');
  const out = join(t.dir, 'loaded.txt');
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, ['--import', recorder, stuiBin, ...args], {
      env: { ...process.env, ...env, STUI_RECORD_LOADS: out },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      try {
        const urls = readFileSync(out, 'utf8').split('\n').filter((l) => l !== '');
        const loaded = [...new Set(urls.map((u) => (u.startsWith('file:') ? relative(repoRoot, fileURLToPath(u)) : u)))];
        resolvePromise({ code, stdout, stderr, loaded });
      } catch (err) {
        reject(err);
      } finally {
        t.cleanup();
      }
    });
  });
}
