/**
 * Progress of a slow command on stderr, so stdout stays the result a script reads. Nothing shows
 * for work done within a second; after that a line a second. On a terminal the line is rewritten
 * in place and cleared at the end; elsewhere (a log file) each one stands on its own line.
 */
const QUIET_MS = 1_000;
const EVERY_MS = 1_000;

export interface Progress {
  update(done: number, total: number): void;
  /** Clears the line on a terminal; call once, whatever the outcome. */
  end(): void;
}

const count = (n: number): string => n.toLocaleString('en-US');

export function progressLine(stderr: NodeJS.WritableStream, what: string, unit: string, now: () => number = Date.now): Progress {
  const tty = (stderr as { isTTY?: boolean }).isTTY === true;
  const started = now();
  let shown = 0;
  let drawn = false;
  return {
    update(done, total) {
      const t = now();
      if (t - started < QUIET_MS || t - shown < EVERY_MS) return;
      shown = t;
      const line = `${what}: ${count(done)} / ${count(Math.max(done, total))} ${unit}`;
      if (tty) {
        stderr.write(`\r\x1b[2K${line}`);
        drawn = true;
      } else {
        stderr.write(`${line}\n`);
      }
    },
    end() {
      if (drawn) stderr.write('\r\x1b[2K');
      drawn = false;
    },
  };
}
