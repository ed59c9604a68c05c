/**
 * Module loading of the CLI, measured inside fresh processes: how long Node takes to reach user
 * code, then how long importing `cli/main.js` (the registry, argument parsing) takes, then
 * loading one command's implementation the way `main` does before running it. Each figure is a
 * median over fresh processes, so every import is a first one.
 */
import { pathToFileURL } from 'node:url';
import { dirname } from 'node:path';
import { median, stuiBin, timeNode } from './processTimes.js';

export interface ModuleLoading {
  /** From process start to the first line of user code (performance.now() there). */
  bootstrap: number;
  /** Importing cli/main.js: what runs before `main` parses its arguments. */
  main: number;
  /** Per command: loading its implementation after main (ZeroMQ, LevelDB, … as that command needs). */
  commands: Map<string, number>;
}

const PROBE = `
const t0 = performance.now();
const { commands } = await import(process.argv[1] + '/commands/index.js');
await import(process.argv[1] + '/main.js');
const t1 = performance.now();
const words = process.argv[2] ? process.argv[2].split(' ') : [];
const cmd = commands.find((c) => c.name.join(' ') === words.join(' '));
if (words.length && cmd) await cmd.load();
const t2 = performance.now();
process.stdout.write(JSON.stringify({ bootstrap: t0, main: t1 - t0, command: t2 - t1 }));
`;

export function measureModuleLoading(runs: number, commandNames: string[]): ModuleLoading {
  const cliDir = pathToFileURL(dirname(stuiBin)).href;
  const probe = (name: string): { bootstrap: number; main: number; command: number } =>
    JSON.parse(timeNode(['--input-type=module', '-e', PROBE, cliDir, name]).stdout) as { bootstrap: number; main: number; command: number };
  const boot: number[] = [];
  const mainMs: number[] = [];
  const commands = new Map<string, number>();
  probe('');
  for (let i = 0; i < runs; i++) {
    const r = probe('');
    boot.push(r.bootstrap);
    mainMs.push(r.main);
  }
  for (const name of commandNames) {
    const xs: number[] = [];
    for (let i = 0; i < runs; i++) xs.push(probe(name).command);
    commands.set(name, median(xs));
  }
  return { bootstrap: median(boot), main: median(mainMs), commands };
}
