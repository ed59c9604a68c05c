/**
 * The reference Smalltalk VM in process: a trivial evaluation, an inject: over 100 000 numbers,
 * and saving/loading a world with a 100 000-element Array and a 10 000-entry Dictionary (what
 * `stui image serve --state` does after every request). The reference beside each is the same
 * work done by plain JavaScript in the same run, so the ratio is the interpreter's overhead.
 *
 *   npm run build && node dist/bench/smalltalk.js [--runs N]     (default 5; median)
 */
import { parseArgs } from 'node:util';
import { smalltalk } from '../image/smalltalk/index.js';
import type { SmalltalkVM } from '../image/vm/api.js';
import { invokedDirectly } from './support.js';

const opts = { timeoutMs: 60_000, transcript: (): void => {} };
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

function ms(fn: () => unknown): number {
  const t0 = process.hrtime.bigint();
  fn();
  return Number(process.hrtime.bigint() - t0) / 1e6;
}

function evaluate(vm: SmalltalkVM, source: string): string {
  const r = vm.evaluate('bench', source, opts);
  if (!r.ok) throw new Error(`${source} failed: ${JSON.stringify(r)}`);
  return r.value.printString;
}

export async function run(argv: string[] = []): Promise<void> {
  const { values } = parseArgs({ args: argv, options: { runs: { type: 'string' } } });
  const runs = Math.max(3, Number(values.runs ?? 5));
  const vm = smalltalk.create();
  evaluate(vm, '3 + 4');
  const n = 2_000;
  let sink = 0;
  const evalUs = median(Array.from({ length: runs }, () => (ms(() => { for (let i = 0; i < n; i++) evaluate(vm, '3 + 4'); }) * 1000) / n));
  const jsEvalUs = median(Array.from({ length: runs }, () => (ms(() => { for (let i = 0; i < n; i++) sink += Number(new Function('return 3 + 4')()); }) * 1000) / n));
  const inject = median(Array.from({ length: runs }, () => ms(() => evaluate(vm, '(1 to: 100000) inject: 0 into: [:a :b | a + b]'))));
  const jsInject = median(Array.from({ length: runs }, () => ms(() => { let a = 0; for (let b = 1; b <= 100_000; b++) a += b; sink += a; })));
  evaluate(vm, 'big := (1 to: 100000) asArray. d := Dictionary new. 1 to: 10000 do: [:i | d at: i put: i printString]');
  let bytes = vm.saveState();
  const save = median(Array.from({ length: runs }, () => ms(() => (bytes = vm.saveState()))));
  const load = median(Array.from({ length: runs }, () => ms(() => smalltalk.load(bytes))));
  const plain = { big: Array.from({ length: 100_000 }, (_, i) => i + 1), d: Object.fromEntries(Array.from({ length: 10_000 }, (_, i) => [i + 1, String(i + 1)])) };
  let json = '';
  const jsSave = median(Array.from({ length: runs }, () => ms(() => (json = JSON.stringify(plain)))));
  const jsLoad = median(Array.from({ length: runs }, () => ms(() => JSON.parse(json))));
  if (sink === 0) throw new Error('unreachable: keeps the reference loops from being optimised away');
  const rows: [string, number, number, string][] = [
    ['evaluate `3 + 4` (µs)', evalUs, jsEvalUs, 'new Function per call'],
    ['inject: over 1..100000 (ms)', inject, jsInject, 'a JS for loop'],
    [`save a ${(bytes.length / 1e6).toFixed(1)} MB world (ms)`, save, jsSave, 'JSON.stringify of the same data'],
    ['load it (ms)', load, jsLoad, 'JSON.parse'],
  ];
  console.log(`Smalltalk VM in process, median of ${runs}`);
  console.log('| what | ours | reference | × | reference is |\n|---|---:|---:|---:|---|');
  for (const [what, ours, ref, is] of rows) console.log(`| ${what} | ${ours.toFixed(1)} | ${ref.toFixed(2)} | ${(ours / ref).toFixed(0)} | ${is} |`);
}

if (invokedDirectly(import.meta.url)) await run(process.argv.slice(2));
