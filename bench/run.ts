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

// One bench that cannot run here (the resilience bench needs root for its network namespace)
// must not keep the others from running: report it, go on, and fail the run at the end.
const failed: string[] = [];
for (const name of names) {
  const mod = (await import(pathToFileURL(`${here}/${name}.js`).href)) as { run?: (argv?: string[]) => Promise<void> };
  if (typeof mod.run !== 'function') continue;
  console.log(`== ${name}`);
  try {
    await mod.run([]);
  } catch (err) {
    failed.push(name);
    console.error(`bench ${name} did not run: ${err instanceof Error ? err.message : String(err)}`);
  }
}
if (failed.length > 0) {
  console.error(`benches that did not run: ${failed.join(', ')}`);
  process.exitCode = 1;
}
