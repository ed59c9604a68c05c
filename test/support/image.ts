import { spawn, type ChildProcess } from 'node:child_process';
import { stuiBin } from './cli.js';

/**
 * A real reference image: `stui image serve` in its own process, started the way a user starts it,
 * with the address read from its first stdout line.
 */
export interface ImageProcess {
  address: string;
  imageId: string;
  /** The image's CURVE public key (with --curve). */
  curveKey: string | undefined;
  child: ChildProcess;
  /** Everything the image wrote to stderr so far. */
  stderr(): string;
  /** SIGTERM and wait for exit; resolves with the exit code. */
  stop(): Promise<number | null>;
  /** SIGKILL (a crash) and wait until the process is gone. */
  kill9(): Promise<void>;
}

const FIRST_LINE = /^listening (tcp:\/\/\S+) image=(\S+)$/;

// A failing test must not leave images running (nor keep the test process waiting on them).
const running = new Set<ChildProcess>();
process.on('exit', () => {
  for (const c of running) c.kill('SIGKILL');
});

export function startImage(args: string[] = [], opts: { timeoutMs?: number } = {}): Promise<ImageProcess> {
  const fullArgs = ['image', 'serve', ...(args.includes('--name') || args.includes('--state') ? [] : ['--name', 'test']), ...(args.includes('--port') ? [] : ['--port', '0']), ...args];
  const child = spawn(process.execPath, [stuiBin, ...fullArgs], { stdio: ['ignore', 'pipe', 'pipe'] });
  running.add(child);
  child.unref();
  let err = '';
  child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
  const exited = new Promise<number | null>((resolve) =>
    child.on('exit', (code) => {
      running.delete(child);
      resolve(code);
    }),
  );
  const wantCurve = args.includes('--curve');
  return new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`image did not start in time; stdout: ${out} stderr: ${err}`));
    }, opts.timeoutMs ?? 20_000);
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`image exited (${code}) before listening; stderr: ${err}`));
    });
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const lines = out.split('\n');
      if (lines.length < (wantCurve ? 3 : 2)) return;
      clearTimeout(timer);
      const m = FIRST_LINE.exec(lines[0]!);
      if (!m) {
        child.kill('SIGKILL');
        reject(new Error(`unexpected first line: ${JSON.stringify(lines[0])}`));
        return;
      }
      // From here on only the test's own work keeps the test process alive, not the image's pipes.
      for (const stream of [child.stdout, child.stderr]) (stream as unknown as { unref(): void }).unref();
      const curveKey = wantCurve ? /^curve-public-key (\S{40})$/.exec(lines[1]!)?.[1] : undefined;
      resolve({
        address: m[1]!,
        imageId: m[2]!,
        curveKey,
        child,
        stderr: () => err,
        stop: async () => {
          child.ref(); // waiting for the exit must keep the test process alive
          child.kill('SIGTERM');
          return exited;
        },
        kill9: async () => {
          child.ref();
          child.kill('SIGKILL');
          await exited;
        },
      });
    });
  });
}
