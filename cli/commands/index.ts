import type { Command } from '../command.js';
import { logCommand } from './log.js';
import { verifyCommand } from './verify.js';
import { imageServe } from './imageServe.js';
import { engineStart, engineStop, engineStatus } from './engine.js';
import { imageAdd, imageRemove, imageList } from './image.js';
import { evalCommand } from './eval.js';
import { sessionsCommand } from './sessions.js';
import { restoreCommand } from './restore.js';
import { auditCommand } from './audit.js';
import { orphansCommand } from './orphans.js';
import { replayCommand } from './replay.js';
import { tuiCommand } from './tui.js';
import { rehydrateCommand } from './rehydrate.js';

/**
 * Every command the CLI knows. Each lives in its own module under this folder; adding a command is
 * one import and one entry here.
 */
export const commands: Command[] = [
  tuiCommand,
  imageServe,
  imageAdd,
  imageRemove,
  imageList,
  evalCommand,
  sessionsCommand,
  restoreCommand,
  auditCommand,
  orphansCommand,
  replayCommand,
  rehydrateCommand,
  logCommand,
  verifyCommand,
  engineStart,
  engineStop,
  engineStatus,
];
