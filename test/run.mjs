#!/usr/bin/env node
// Runs every compiled test file (dist/test/**/*.test.js) in its own Node process, so a test that
// kills processes or holds sockets cannot disturb another file, then prints one closing line:
// "N passed, N failed". Usage: node test/run.mjs [substring-filter ...]
import { spawn } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { cpus } from 'node:os';

const root = join(fileURLToPath(new URL('.', import.meta.url)), '..');
// STUI_DIST picks another compiled tree (an outDir inside the repository); default dist/.
const testDir = join(root, process.env.STUI_DIST || 'dist', 'test');
const filters = process.argv.slice(2);
const jobs = Number(process.env.STUI_TEST_JOBS || Math.max(1, Math.min(2, cpus().length)));

function walk(dir) {
  const out = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...walk(p));
    else if (name.endsWith('.test.js')) out.push(p);
  }
  return out;
}

const files = walk(testDir)
  .filter((f) => filters.length === 0 || filters.some((s) => relative(root, f).includes(s)))
  .sort();
if (files.length === 0) {
  console.error('no test files matched');
  process.exit(1);
}

const strip = (s) => s.replace(/\x1b\[[0-9;]*m/g, '');
let passed = 0;
let failed = 0;
const failures = [];

function runOne(file) {
  return new Promise((resolvePromise) => {
    const started = Date.now();
    const child = spawn(process.execPath, [file], { cwd: root, env: { ...process.env, FORCE_COLOR: '0' } });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    child.on('close', (code, signal) => {
      const text = strip(out);
      const total = Number(/Total:\s+(\d+)/.exec(text)?.[1] ?? 0);
      const ok = Number(/Passed:\s+(\d+)/.exec(text)?.[1] ?? 0);
      const name = relative(root, file);
      const secs = ((Date.now() - started) / 1000).toFixed(1);
      if (code === 0 && total > 0 && ok === total) {
        passed += ok;
        console.log(`ok   ${name} (${ok} tests, ${secs}s)`);
      } else {
        passed += ok;
        failed += Math.max(1, total - ok);
        failures.push(name);
        console.log(`FAIL ${name} (exit ${code ?? signal}, ${ok}/${total} passed, ${secs}s)\n${text}`);
      }
      resolvePromise();
    });
  });
}

const queue = [...files];
await Promise.all(
  Array.from({ length: Math.min(jobs, queue.length) }, async () => {
    while (queue.length) await runOne(queue.shift());
  }),
);
if (failures.length) console.log(`\nfailed files:\n  ${failures.join('\n  ')}`);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
