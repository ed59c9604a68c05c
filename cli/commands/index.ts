import type { Command, CommandRun, CommandSpec } from '../command.js';
import * as spec from './specs.js';

function command(s: CommandSpec, load: () => Promise<CommandRun>): Command {
  return { ...s, load };
}

/**
 * Every command the CLI knows, in the order `stui help` lists them. Each implementation is a
 * module of this folder, imported only when its command runs: what a command loads (ZeroMQ,
 * LevelDB, the TUI, the Smalltalk VM) is paid by that command alone. Adding a command is one spec
 * in specs.ts and one entry here.
 */
export const commands: Command[] = [
  command(spec.tui, async () => (await import('./tui.js')).run),
  command(spec.imageServe, async () => (await import('./imageServe.js')).run),
  command(spec.imageAdd, async () => (await import('./image.js')).imageAdd),
  command(spec.imageRemove, async () => (await import('./image.js')).imageRemove),
  command(spec.imageList, async () => (await import('./image.js')).imageList),
  command(spec.evaluate, async () => (await import('./eval.js')).run),
  command(spec.sessions, async () => (await import('./sessions.js')).run),
  command(spec.restore, async () => (await import('./restore.js')).run),
  command(spec.audit, async () => (await import('./audit.js')).run),
  command(spec.orphans, async () => (await import('./orphans.js')).run),
  command(spec.replay, async () => (await import('./replay.js')).run),
  command(spec.rehydrate, async () => (await import('./rehydrate.js')).run),
  command(spec.log, async () => (await import('./log.js')).run),
  command(spec.verify, async () => (await import('./verify.js')).run),
  command(spec.engineStart, async () => (await import('./engine.js')).engineStart),
  command(spec.engineStop, async () => (await import('./engine.js')).engineStop),
  command(spec.engineStatus, async () => (await import('./engine.js')).engineStatus),
];
