/**
 * `node --import <this> script.js` with STUI_RECORD_LOADS=FILE: every module the script loads is
 * listed in FILE. ES imports are listed as they resolve (loadHooks.ts); CommonJS modules, which
 * those hooks do not see in Node 20 (native addons are loaded so), are added at exit.
 */
import { appendFileSync } from 'node:fs';
import { createRequire, register } from 'node:module';
import { pathToFileURL } from 'node:url';

const out = process.env.STUI_RECORD_LOADS;
if (!out) throw new Error('recordLoads: set STUI_RECORD_LOADS to the file that receives the list');
register(new URL('./loadHooks.js', import.meta.url), { data: { out } });
const require = createRequire(import.meta.url);
process.on('exit', () => {
  const cjs = Object.keys(require.cache).map((path) => pathToFileURL(path).href);
  appendFileSync(out, cjs.map((url) => `${url}\n`).join(''));
});
