import type { CommandContext, CommandRun } from '../command.js';
import { StuiError } from '../../engine/errors.js';
import { ensureEngine, runningEngine } from '../../engine/client/index.js';
import { pidAlive, readPid } from '../../engine/daemon/pidfile.js';
import { printJson } from './engineClient.js';

interface Status {
  running: boolean;
  pid: number | null;
  home: string;
  images: Array<{ name: string; address: string; state: string }>;
}

async function status(ctx: CommandContext): Promise<Status> {
  const client = await runningEngine(ctx.home);
  if (!client) return { running: false, pid: null, home: ctx.home, images: [] };
  try {
    const s = await client.call<Status>('engine.status');
    return { running: true, pid: s.pid, home: s.home, images: s.images };
  } finally {
    client.close();
  }
}

async function waitForExit(pid: number, ms: number): Promise<boolean> {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    if (!pidAlive(pid)) return true;
    await new Promise((r) => setTimeout(r, 25));
  }
  return !pidAlive(pid);
}

export const engineStart: CommandRun = async (ctx, values) => {
  const existing = await runningEngine(ctx.home);
  if (existing) {
    existing.close();
    const pid = readPid(ctx.home);
    throw new StuiError('E_ENGINE_RUNNING', `an engine is already running for ${ctx.home} (pid ${pid}); stop it with stui engine stop`, { pid, home: ctx.home });
  }
  const client = await ensureEngine(ctx.home, ctx.env);
  try {
    const s = await client.call<Status>('engine.status');
    if (values.json) printJson(ctx, { running: true, pid: s.pid, home: s.home, images: s.images });
    else ctx.stdout.write(`engine started (pid ${s.pid}) for ${s.home}\n`);
  } finally {
    client.close();
  }
};

export const engineStop: CommandRun = async (ctx, values) => {
  const client = await runningEngine(ctx.home);
  if (!client) {
    if (values.json) printJson(ctx, { stopped: false, pid: null, home: ctx.home });
    else ctx.stdout.write(`no engine running for ${ctx.home}\n`);
    return;
  }
  let pid: number;
  try {
    pid = (await client.call<{ pid: number }>('engine.stop')).pid;
  } finally {
    client.close();
  }
  if (!(await waitForExit(pid, 15_000))) {
    throw new StuiError('E_FAILED', `the engine (pid ${pid}) did not stop within 15 s; see ${ctx.home}/engine.log`, { pid });
  }
  if (values.json) printJson(ctx, { stopped: true, pid, home: ctx.home });
  else ctx.stdout.write(`engine stopped (pid ${pid})\n`);
};

export const engineStatus: CommandRun = async (ctx, values) => {
  const s = await status(ctx);
  if (values.json) {
    printJson(ctx, s);
    return;
  }
  if (!s.running) {
    ctx.stdout.write(`engine not running for ${s.home}\n`);
    return;
  }
  ctx.stdout.write(`engine running (pid ${s.pid}) for ${s.home}\n`);
  for (const i of s.images) ctx.stdout.write(`  ${i.name}  ${i.address}  ${i.state}\n`);
};
