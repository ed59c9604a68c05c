import type { Command } from '../command.js';
import { UsageError } from '../../engine/errors.js';

export const tuiCommand: Command = {
  name: ['tui'],
  summary: 'the terminal UI (what `stui` with no command opens)',
  usage: 'tui',
  help: [
    'Opens the workspace as it was left: layout, workspaces, cursor, inspectors, focused pane.',
    'With no image registered it starts an embedded reference image (state in <home>/images/local)',
    'and registers it as "local". Ctrl-Q detaches; the engine and the image connections keep running.',
    'F1 inside lists every key; docs/tui.md has screenshots.',
  ].join('\n'),
  options: {},
  async run(ctx) {
    if (!process.stdin.isTTY || !process.stdout.isTTY) {
      throw new UsageError('the TUI needs a terminal (stdin and stdout); for scripts use the commands in stui help');
    }
    // Loaded only here: the other commands should not pay for the terminal library.
    const { runTui } = await import('../../tui/app.js');
    const code = await runTui({ home: ctx.home, env: ctx.env });
    // Nothing of the TUI should keep the process alive once it has detached.
    setTimeout(() => process.exit(code), 200).unref();
    return code;
  },
};
