import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The compiled tree this file runs from (`dist/`, or another outDir), and the repository above it. */
export const distRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const repoRoot = join(distRoot, '..');
export const stuiBin = join(distRoot, 'cli', 'main.js');

export interface RunResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Runs the real `stui` binary as a child process, the way a user or an acceptance test does. */
export function stui(
  args: string[],
  opts: { home?: string; env?: NodeJS.ProcessEnv; input?: string; timeoutMs?: number } = {},
): Promise<RunResult> {
  const fullArgs = opts.home ? ['--home', opts.home, ...args] : args;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [stuiBin, ...fullArgs], {
      env: { ...process.env, ...opts.env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), opts.timeoutMs ?? 60_000);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr });
    });
    child.stdin.end(opts.input ?? '');
  });
}

/** A fresh temporary directory; remove it with the returned cleanup. */
export function tempDir(prefix = 'stui-test-'): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}
