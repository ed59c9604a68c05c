#!/usr/bin/env node
import { parseArgs } from 'node:util';
import { readFileSync, realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import { commands } from './commands/index.js';
import type { Command, CommandContext, CommandSpec } from './command.js';
import { exitCodeFor, isStuiError, UsageError } from '../engine/errors.js';
import { resolveHome } from '../engine/home.js';

const packageRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

function version(): string {
  const pkg = JSON.parse(readFileSync(join(packageRoot, 'package.json'), 'utf8')) as { version: string };
  return pkg.version;
}

function generalHelp(): string {
  // Usage on one line, what it does on the next: some usages are long, and a two-column table
  // would push every summary off an 80-column terminal.
  const lines = commands.flatMap((c) => [`  stui ${c.usage}`, `      ${c.summary}`]);
  return [
    'stui — STUI Sessions: encrypted, replayable Smalltalk sessions',
    '',
    'usage: stui [--home DIR] <command> [options]',
    '',
    'commands:',
    ...lines,
    '',
    'global options:',
    '  --home DIR   the STUI home (else $STUI_HOME, else $XDG_DATA_HOME/stui, else ~/.local/share/stui)',
    '  --help       help for stui or for a command (stui <command> --help)',
    '  --version    print the version',
    '',
    'exit codes: 0 ok · 1 failed · 2 usage · 3 wrong key/passphrase · 4 integrity violation ·',
    '            5 image or engine unreachable',
  ].join('\n');
}

function commandHelp(cmd: CommandSpec): string {
  const opts = Object.entries(cmd.options).map(([name, o]) => {
    const arg = o.type === 'string' ? ` ${name.toUpperCase()}` : '';
    return `  --${name}${arg}`;
  });
  return [
    `usage: stui ${cmd.usage}`,
    '',
    cmd.summary,
    ...(cmd.help ? ['', cmd.help] : []),
    ...(opts.length ? ['', 'options:', ...opts, '  --home DIR', '  --help'] : ['', 'options:', '  --home DIR', '  --help']),
  ].join('\n');
}

/** Finds the command whose name words are the longest prefix of the non-option arguments. */
function findCommand(words: string[]): { cmd: Command; rest: string[] } | undefined {
  let best: Command | undefined;
  for (const c of commands) {
    if (c.name.length <= words.length && c.name.every((w, i) => words[i] === w)) {
      if (!best || c.name.length > best.name.length) best = c;
    }
  }
  return best ? { cmd: best, rest: words.slice(best.name.length) } : undefined;
}

/** Splits argv into the command words (leading positionals) and everything else, pulling out --home. */
function splitGlobal(argv: string[]): { home?: string; words: string[]; rest: string[] } {
  let home: string | undefined;
  const remaining: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--home') {
      const v = argv[i + 1];
      if (v === undefined) throw new UsageError('--home needs a directory: stui --home DIR <command>');
      home = v;
      i++;
    } else if (a.startsWith('--home=')) {
      home = a.slice('--home='.length);
    } else {
      remaining.push(a);
    }
  }
  const words: string[] = [];
  let i = 0;
  while (i < remaining.length && !remaining[i]!.startsWith('-')) words.push(remaining[i++]!);
  return { home, words, rest: remaining.slice(i) };
}

/** Loads the command's implementation, only now that it is the one to run, and runs it. */
async function runCommand(cmd: Command, ctx: CommandContext, values: Record<string, unknown>, positionals: string[]): Promise<number> {
  const run = await cmd.load();
  return (await run(ctx, values, positionals)) ?? 0;
}

export async function main(argv: string[], io: Pick<CommandContext, 'stdout' | 'stderr' | 'env'>): Promise<number> {
  const { stdout, stderr } = io;
  try {
    const { home, words, rest } = splitGlobal(argv);
    if (words.length === 0) {
      if (rest.includes('--version')) {
        stdout.write(`stui ${version()}\n`);
        return 0;
      }
      if (rest.includes('--help') || rest.includes('-h')) {
        stdout.write(generalHelp() + '\n');
        return 0;
      }
      if (rest.length > 0) throw new UsageError(`unknown option ${rest[0]}; see stui --help`);
      const tui = findCommand(['tui']);
      if (tui) return await runCommand(tui.cmd, { home: resolveHome(home, io.env), argv, ...io }, {}, []);
      stdout.write(generalHelp() + '\n');
      return 0;
    }
    if (words[0] === 'help') {
      const found = words.length > 1 ? findCommand(words.slice(1)) : undefined;
      if (words.length > 1 && !found) throw new UsageError(`no command "${words.slice(1).join(' ')}"; see stui help`);
      stdout.write((found ? commandHelp(found.cmd) : generalHelp()) + '\n');
      return 0;
    }
    const found = findCommand(words);
    if (!found) {
      const group = commands.filter((c) => c.name[0] === words[0]);
      if (group.length > 0) {
        throw new UsageError(
          `stui ${words.join(' ')}: expected one of ${group.map((c) => c.name.join(' ')).join(', ')}; see stui ${words[0]} --help`,
        );
      }
      throw new UsageError(`unknown command "${words[0]}"; see stui help`);
    }
    const { cmd } = found;
    const args = [...found.rest, ...rest];
    if (args.includes('--help') || args.includes('-h')) {
      stdout.write(commandHelp(cmd) + '\n');
      return 0;
    }
    let parsed: ReturnType<typeof parseArgs>;
    try {
      parsed = parseArgs({ args, options: cmd.options, allowPositionals: cmd.positionals ?? false, strict: true });
    } catch (err) {
      throw new UsageError(`${(err as Error).message}; usage: stui ${cmd.usage}`);
    }
    const ctx: CommandContext = { home: resolveHome(home, io.env), argv, ...io };
    return await runCommand(cmd, ctx, parsed.values as Record<string, unknown>, parsed.positionals);
  } catch (err) {
    const code = exitCodeFor(err);
    const message = isStuiError(err) ? err.message : `internal error: ${(err as Error)?.stack ?? String(err)}`;
    stderr.write(`stui: ${message}\n`);
    return code;
  }
}

// Run when executed directly (bin), not when imported by tests.
function invokedDirectly(): boolean {
  const script = process.argv[1];
  if (!script) return false;
  try {
    return realpathSync(script) === fileURLToPath(import.meta.url);
  } catch {
    return false;
  }
}
const invokedAs = invokedDirectly();
if (invokedAs) {
  // A reader that goes away early (`stui log | head`) is not an error: stop quietly, as cat does.
  process.stdout.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw err;
  });
  main(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr, env: process.env }).then(
    (code) => {
      process.exitCode = code;
    },
    (err: unknown) => {
      process.stderr.write(`stui: internal error: ${String(err)}\n`);
      process.exitCode = 1;
    },
  );
}
