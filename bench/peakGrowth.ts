/**
 * Peak RSS growth of another process during some work, as the kernel counts it: wait until the
 * process is idle, reset its peak (`echo 5 > /proc/PID/clear_refs`), do the work, read VmHWM over
 * the idle RSS. Linux only. bench/engineMemory.ts measures the same way with more detail, with
 * these helpers.
 */
import { readFileSync, writeFileSync } from 'node:fs';

const KB = 1024;
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Bytes: VmRSS, VmHWM (peak RSS since the last reset) and the two parts of RSS. */
export type ProcMem = { rss: number; hwm: number; anon: number; file: number };

export function procMem(pid: number): ProcMem {
  const text = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (field: string): number => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(text)?.[1] ?? NaN) * KB;
  return { rss: kb('VmRSS'), hwm: kb('VmHWM'), anon: kb('RssAnon'), file: kb('RssFile') };
}

/** utime + stime in clock ticks; the command name (field 2) may hold spaces, so count after ')'. */
export function cpuTicks(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return Number(f[11]) + Number(f[12]);
}

/**
 * Until the process used no CPU and its RSS moved by less than 64 KiB for `quietMs`: after a
 * start or a reply, V8's memory reducer and LevelDB's compactions may still be at work.
 */
export async function waitIdle(pid: number, quietMs = 1_000, maxMs = 30_000): Promise<void> {
  const until = Date.now() + maxMs;
  let ticks = cpuTicks(pid);
  let rss = procMem(pid).rss;
  let since = Date.now();
  while (Date.now() < until) {
    await sleep(100);
    const t = cpuTicks(pid);
    const r = procMem(pid).rss;
    if (t !== ticks || Math.abs(r - rss) > 64 * KB) {
      [ticks, rss, since] = [t, r, Date.now()];
    } else if (Date.now() - since >= quietMs) return;
  }
}

/** Bytes the process's peak RSS rose over its idle RSS while `work` ran. */
export async function peakGrowth(pid: number, work: () => void | Promise<void>): Promise<number> {
  await waitIdle(pid);
  const idle = procMem(pid).rss;
  writeFileSync(`/proc/${pid}/clear_refs`, '5');
  await work();
  return procMem(pid).hwm - idle;
}
