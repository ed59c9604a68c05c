/**
 * The two neo-blessed widgets the TUI draws with, loaded one by one: loading the package's index
 * pulls in every widget it has, which costs the first screen tens of milliseconds for nothing.
 */
import { createRequire } from 'node:module';
import type { Element, ElementOptions, Screen, ScreenOptions } from 'neo-blessed';

const require = createRequire(import.meta.url);

export const screen = require('neo-blessed/lib/widgets/screen.js') as (options?: ScreenOptions) => Screen;
export const box = require('neo-blessed/lib/widgets/box.js') as (options?: ElementOptions) => Element;
