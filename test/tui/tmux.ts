/**
 * Driving the TUI in a real terminal: a private tmux server (its own socket), `send-keys`,
 * `capture-pane -p`. Each test file makes its own server and temp home and cleans both up,
 * including the engine and the embedded image the TUI left running (as it is meant to).
 */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { stuiBin, tempDir } from '../support/cli.js';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { alive, enginePid, stopEngine } from '../engine/harness.js';
import { embeddedPid } from '../../tui/embedded.js';

export class Tmux {
  readonly socket = `stui-tui-${process.pid}-${randomBytes(3).toString('hex')}`;
  private n = 0;
  private target = '';

  constructor(readonly cols: number, readonly rows: number) {}

  private tmux(args: string[]): string {
    return execFileSync('tmux', ['-L', this.socket, ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  }

  /** Starts `stui --home HOME` in a fresh tmux session of the given size. */
  launch(home: string, env: Record<string, string> = {}): void {
    const name = `tui${++this.n}`;
    this.target = `${name}:0.0`;
    const vars = Object.entries(env).map(([k, v]) => `${k}=${shellQuote(v)} `).join('');
    // exec: the pane's pid is the TUI's own, so a test can SIGKILL exactly it.
    const cmd = `${vars}exec ${shellQuote(process.execPath)} ${shellQuote(stuiBin)} --home ${shellQuote(home)}`;
    this.tmux(['new-session', '-d', '-s', name, '-x', String(this.cols), '-y', String(this.rows), cmd]);
    this.tmux(['set-option', '-t', name, 'remain-on-exit', 'on']);
  }

  /** The screen as text, one string per line. */
  capture(): string[] {
    return this.tmux(['capture-pane', '-p', '-t', this.target]).replace(/\n$/, '').split('\n');
  }

  text(): string {
    return this.capture().join('\n');
  }

  /** Named keys (tmux names: C-p, Enter, F1, BTab …). */
  keys(...keys: string[]): void {
    this.tmux(['send-keys', '-t', this.target, ...keys]);
  }

  /** Literal text, as typed. */
  type(text: string): void {
    this.tmux(['send-keys', '-t', this.target, '-l', text]);
  }

  panePid(): number {
    return Number(this.tmux(['display-message', '-p', '-t', this.target, '#{pane_pid}']).trim());
  }

  paneDead(): boolean {
    return this.tmux(['display-message', '-p', '-t', this.target, '#{pane_dead}']).trim() === '1';
  }

  resize(cols: number, rows: number): void {
    this.tmux(['resize-window', '-t', this.target.split(':')[0]!, '-x', String(cols), '-y', String(rows)]);
  }

  /** Polls the screen until `pred` holds; returns the screen and how long it took. */
  async waitFor(pred: (screen: string) => boolean, ms: number, what: string): Promise<{ screen: string; ms: number }> {
    const start = Date.now();
    let screen = '';
    while (Date.now() - start < ms) {
      try {
        screen = this.text();
      } catch {
        screen = '';
      }
      if (pred(screen)) return { screen, ms: Date.now() - start };
      await new Promise((r) => setTimeout(r, 20));
    }
    throw new Error(`timed out after ${ms} ms waiting for ${what}; the screen was:\n${screen}`);
  }

  kill(): void {
    try {
      this.tmux(['kill-server']);
    } catch {
      // already gone
    }
  }
}

function shellQuote(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`;
}

/** A temp home and a tmux server; `cleanup` stops what the TUI left running and removes both. */
export function tuiFixture(cols: number, rows: number): { home: string; tmux: Tmux; cleanup: () => Promise<void> } {
  const { dir, cleanup } = tempDir('stui-tui-');
  const home = `${dir}/home`;
  const tmux = new Tmux(cols, rows);
  return {
    home,
    tmux,
    cleanup: async () => {
      tmux.kill();
      // A test that failed early may leave an engine still starting (spawned, no pid file yet):
      // wait for its pid, so it is stopped rather than left running on a deleted home.
      const until = Date.now() + 5_000;
      while (Date.now() < until && enginePid(home) === null && existsSync(join(home, 'engine.log'))) {
        await new Promise((r) => setTimeout(r, 100));
      }
      await stopEngine(home);
      const pid = embeddedPid(home);
      if (pid !== null && alive(pid)) process.kill(pid, 'SIGTERM');
      cleanup();
    },
  };
}

/** The main screen is up: the workspace pane's border and the status bar's help hint. */
export const mainScreen = (s: string): boolean => s.includes('Workspace') && s.includes('F1 help') && s.includes('┌');

/** The current session's workspace is restored and the image answers. */
export const readyScreen = (s: string): boolean => mainScreen(s) && /● \w+ connected/.test(s) && /session s-/.test(s);
