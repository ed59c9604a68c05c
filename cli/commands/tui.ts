import type { CommandRun } from '../command.js';
import { UsageError } from '../../engine/errors.js';

export const run: CommandRun = async (ctx) => {
  if (!process.stdin.isTTY || !process.stdout.isTTY) {
    throw new UsageError('the TUI needs a terminal (stdin and stdout); for scripts use the commands in stui help');
  }
  // Loaded only here: the other commands should not pay for the terminal library.
  const { runTui } = await import('../../tui/app.js');
  const code = await runTui({ home: ctx.home, env: ctx.env });
  // Nothing of the TUI should keep the process alive once it has detached.
  setTimeout(() => process.exit(code), 200).unref();
  return code;
};
