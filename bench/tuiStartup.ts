/**
 * The TUI's first screen as a newcomer sees it: `stui` on a fresh home in a real tmux pane, from
 * launch until the main screen (workspace border and the status bar's help hint) is on the pane,
 * and until the embedded image answers. The reference is a bare `node` that prints one line into
 * the same kind of pane: tmux's own start plus Node's, measured in the same run.
 *
 *   npm run build && node dist/bench/tuiStartup.js [--runs N]     (default 5)
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { invokedDirectly } from './support.js';
import { embeddedPid } from '../tui/embedded.js';

const here = dirname(fileURLToPath(import.meta.url));
const stuiBin = join(here, '..', 'cli', 'main.js');
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const quote = (s: string): string => `'${s.replace(/'/g, `'\\''`)}'`;

function tmux(socket: string, args: string[]): string {
  return execFileSync('tmux', ['-L', socket, ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

let servers = 0;

/** ms from launching `cmd` in a fresh 100×30 pane until each predicate first holds on the screen. */
async function timeScreens(cmd: string, until: ((screen: string) => boolean)[]): Promise<number[]> {
  // A server of its own each time: one being killed may still hold the previous socket.
  const socket = `stui-bench-tui-${process.pid}-${++servers}`;
  const t0 = performance.now();
  tmux(socket, ['new-session', '-d', '-s', 'b', '-x', '100', '-y', '30', cmd]);
  const out: number[] = [];
  try {
    while (out.length < until.length) {
      if (performance.now() - t0 > 60_000) throw new Error(`the screen did not show within 60 s:\n${tmux(socket, ['capture-pane', '-p', '-t', 'b'])}`);
      const screen = tmux(socket, ['capture-pane', '-p', '-t', 'b']);
      while (out.length < until.length && until[out.length]!(screen)) out.push(performance.now() - t0);
      await new Promise((r) => setTimeout(r, 5));
    }
  } finally {
    spawnSync('tmux', ['-L', socket, 'kill-server']);
  }
  return out;
}

const mainScreen = (s: string): boolean => s.includes('Workspace') && s.includes('F1 help') && s.includes('┌');
const ready = (s: string): boolean => mainScreen(s) && /● \w+ connected/.test(s);

export async function run(argv: string[] = []): Promise<void> {
  const { values } = parseArgs({ args: argv, options: { runs: { type: 'string' } } });
  const runs = Math.max(3, Number(values.runs ?? 5));
  const reference: number[] = [];
  const first: number[] = [];
  const connected: number[] = [];
  for (let i = 0; i < runs; i++) {
    const [r] = await timeScreens(`exec ${quote(process.execPath)} -e ${quote("console.log('F1 help Workspace ┌'); setInterval(() => {}, 1e6)")}`, [mainScreen]);
    reference.push(r!);
    const home = mkdtempSync(join(tmpdir(), 'stui-bench-tui-'));
    try {
      const [a, b] = await timeScreens(`exec ${quote(process.execPath)} ${quote(stuiBin)} --home ${quote(home)}`, [mainScreen, ready]);
      first.push(a!);
      connected.push(b!);
    } finally {
      // The TUI leaves the engine and the embedded image running, as it does for a user.
      spawnSync(process.execPath, [stuiBin, 'engine', 'stop', '--home', home], { stdio: 'ignore' });
      const image = embeddedPid(home);
      if (image !== null) {
        try {
          process.kill(image, 'SIGTERM');
        } catch {
          // already gone
        }
      }
      rmSync(home, { recursive: true, force: true });
    }
  }
  const ref = median(reference);
  const rows: [string, number, string][] = [
    ['node printing one line in a pane (reference)', ref, '—'],
    ['stui: main screen, fresh home', median(first), '< 1 s'],
    ['stui: embedded image connected, fresh home', median(connected), '—'],
  ];
  console.log(`TUI start in tmux, median of ${runs} (ms)`);
  console.log('| what | ms | × reference | aim |\n|---|---:|---:|---|');
  for (const [what, ms, aim] of rows) console.log(`| ${what} | ${ms.toFixed(0)} | ${(ms / ref).toFixed(1)} | ${aim} |`);
}

if (invokedDirectly(import.meta.url)) await run(process.argv.slice(2));
