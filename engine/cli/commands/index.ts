import type { Command } from '../command.js';
import { logCommand } from './log.js';
import { verifyCommand } from './verify.js';

/**
 * Every command the CLI knows. Each lives in its own module under this folder; adding a command is
 * one import and one entry here.
 */
export const commands: Command[] = [
  logCommand,
  verifyCommand,
];
