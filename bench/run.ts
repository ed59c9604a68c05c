/**
 * Runs every benchmark module in this folder: each `bench/<name>.ts` that exports `run()` and does
 * nothing at import time. `node dist/bench/run.js [name ...]` runs only the named ones.
 * (`generate` writes synthetic logs and is a tool, not a benchmark, so it is skipped.)
 */
import { readdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const skip = new Set(['run', 'generate']);
const only = process.argv.slice(2);
const names = readdirSync(here)
  .filter((f) => f.endsWith('.js'))
  .map((f) => f.slice(0, -'.js'.length))
  .filter((n) => !skip.has(n) && (only.length === 0 || only.includes(n)))
  .sort();

for (const name of names) {
  const mod = (await import(pathToFileURL(`${here}/${name}.js`).href)) as { run?: (argv?: string[]) => Promise<void> };
  if (typeof mod.run !== 'function') continue;
  console.log(`== ${name}`);
  await mod.run([]);
}
