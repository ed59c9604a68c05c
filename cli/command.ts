import type { ParseArgsConfig } from 'node:util';

/** What every command gets: the resolved home and where to write. */
export interface CommandContext {
  home: string;
  argv: string[];
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
  env: NodeJS.ProcessEnv;
}

export type OptionSpec = NonNullable<ParseArgsConfig['options']>;

/** What help and argument parsing need of a command, without its implementation. */
export interface CommandSpec {
  /** Words that select the command, e.g. ['image', 'add']. */
  name: string[];
  summary: string;
  usage: string;
  /** Longer help shown by `stui <command> --help`. */
  help?: string;
  options: OptionSpec;
  /** Whether positional arguments are accepted. */
  positionals?: boolean;
}

/**
 * A command's implementation. It returns the exit code for success paths that are not 0;
 * failures are thrown as StuiError and mapped to exit codes in main.ts.
 */
export type CommandRun = (ctx: CommandContext, values: Record<string, unknown>, positionals: string[]) => Promise<number | void>;

/** A CLI command: its spec, and how to load its implementation once it is the one that runs. */
export interface Command extends CommandSpec {
  load(): Promise<CommandRun>;
}
