/**
 * Network resilience, measured with real faults: the flapping scenario (20 outages of one image —
 * nftables drops of 0.3–3 s and SIGKILL + restarts from --state — with a counting evaluation issued
 * during each) runs against the real engine in a private network namespace (`unshare -n`, root).
 * Prints detection and healing times (p50/p95/max, from the engine's log) against the aims, the
 * exactly-once tally, and as references the raw cost of what a reconnect cannot avoid: a loopback
 * TCP connect and a fresh ZeroMQ link's first round trip to the same image.
 * `node dist/bench/resilience.js [--rounds N]` (N flapping runs, default 1; ~50 s each).
 */
import { connect as tcpConnect } from 'node:net';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { ImageLink, newRequestId } from '../protocol/index.js';
import { DEFAULT_OUTAGES, runFlapping, type OutageResult } from '../test/resilience/flapping.js';
import { insidePrivateNetwork, privateNetworkProblem, runInPrivateNetwork, setUpPrivateNetwork } from '../test/resilience/netns.js';
import { EngineHome, kill9, percentile, serve } from '../test/resilience/support.js';
import { invokedDirectly } from './support.js';

const median = (xs: number[]): number => percentile(xs, 50);

async function tcpConnectMs(port: number): Promise<number> {
  const t0 = performance.now();
  await new Promise<void>((resolve, reject) => {
    const s = tcpConnect({ host: '127.0.0.1', port }, () => {
      s.destroy();
      resolve();
    });
    s.on('error', reject);
  });
  return performance.now() - t0;
}

/** A fresh DEALER to the image: TCP connect + ZMTP greeting + one ping answered. */
async function zmqFirstPongMs(address: string): Promise<number> {
  const t0 = performance.now();
  const link = ImageLink.connect(address, { socket: { linger: 0 } });
  try {
    await link.request({ type: 'ping', id: newRequestId() }, { timeoutMs: 5000 });
    return performance.now() - t0;
  } finally {
    link.close();
  }
}

async function references(): Promise<{ tcpMs: number; zmqMs: number }> {
  const h = new EngineHome('stui-bench-ref-');
  const img = await serve('ref');
  try {
    const tcp: number[] = [];
    const zmq: number[] = [];
    for (let i = 0; i < 30; i++) tcp.push(await tcpConnectMs(img.port));
    for (let i = 0; i < 30; i++) zmq.push(await zmqFirstPongMs(img.address));
    return { tcpMs: median(tcp), zmqMs: median(zmq) };
  } finally {
    await kill9(img);
    await h.stop();
  }
}

const fmt = (v: number): string => (Number.isFinite(v) ? `${Math.round(v)}` : '-');

function row(label: string, xs: number[], aim: string): string {
  const cells = xs.length ? [percentile(xs, 50), percentile(xs, 95), Math.max(...xs)].map(fmt) : ['-', '-', '-'];
  return `  ${label.padEnd(46)}${cells.map((c) => c.padStart(8)).join('')}   n=${String(xs.length).padEnd(4)} ${aim}`;
}

async function inside(rounds: number): Promise<void> {
  setUpPrivateNetwork();
  const all: OutageResult[] = [];
  let issued = 0;
  let counted = 0;
  let losses = 0;
  let restorations = 0;
  let doubled = 0;
  let lostReq = 0;
  const started = Date.now();
  for (let r = 0; r < rounds; r++) {
    const h = new EngineHome('stui-bench-flap-');
    try {
      const res = await runFlapping(h, DEFAULT_OUTAGES);
      all.push(...res.outages);
      issued += res.issued;
      counted += res.counter;
      losses += res.losses;
      restorations += res.restorations;
      doubled += res.outcomesPerRequest.filter((n) => n > 1).length;
      lostReq += res.outcomesPerRequest.filter((n) => n === 0).length;
    } finally {
      await h.stop();
    }
  }
  const ref = await references();
  const drops = all.filter((o) => o.kind === 'drop');
  const detected = drops.filter((o) => o.lostMs !== null);
  const reconnects = all.filter((o) => o.healedBy === 'reconnect');
  console.log(
    `resilience bench: ${rounds} × ${DEFAULT_OUTAGES.length} outages (${drops.length} nftables drops of 0.3–3 s, ` +
      `${all.length - drops.length} SIGKILL+restarts), one image, private netns, ${Math.round((Date.now() - started) / 1000)} s`,
  );
  console.log(`  ${''.padEnd(46)}${['p50', 'p95', 'max'].map((c) => c.padStart(8)).join('')}   (ms)`);
  console.log(row('silent drop → suspect (heartbeat_missed)', drops.filter((o) => o.suspectMs !== null).map((o) => o.suspectMs!), ''));
  console.log(row('silent drop → lost (silent/closed)', detected.map((o) => o.lostMs!), 'aim < 2000 (every one)'));
  console.log(row('path back → restored, after a reconnect', reconnects.map((o) => o.healMs!), 'aim < 1000 p95'));
  console.log(row('path back → restored, same link (short drops)', all.filter((o) => o.healedBy === 'resumed').map((o) => o.healMs!), ''));
  console.log(row('path back → the queued evaluation answered', all.map((o) => o.replyMs), ''));
  console.log(
    `  reconnection success ${restorations}/${losses} (${losses ? Math.round((100 * restorations) / losses) : 100}%, aim 100%); ` +
      `evaluations issued ${issued}, counted by the image ${counted}, lost ${lostReq}, doubled ${doubled} (aim 0 / 0)`,
  );
  // Silence of 2 s always outlasts the 3 missed heartbeats (~1.6 s) that make a link lost.
  console.log(`  drops of ≥ 2 s detected as lost: ${drops.filter((o) => o.ms >= 2000 && o.lostMs !== null).length}/${drops.filter((o) => o.ms >= 2000).length}`);
  console.log(`  reference: raw loopback TCP connect ${ref.tcpMs.toFixed(2)} ms (median of 30); fresh ZeroMQ link to first pong ${ref.zmqMs.toFixed(2)} ms`);
}

export async function run(argv: string[] = []): Promise<void> {
  const { values } = parseArgs({ args: argv, options: { rounds: { type: 'string', default: '1' } } });
  const rounds = Math.max(1, Number(values.rounds) || 1);
  if (insidePrivateNetwork()) return inside(rounds);
  const problem = privateNetworkProblem();
  if (problem) throw new Error(problem);
  const code = await runInPrivateNetwork(fileURLToPath(import.meta.url), ['--rounds', String(rounds)]);
  if (code !== 0) throw new Error(`resilience bench failed (exit ${code})`);
}

if (invokedDirectly(import.meta.url)) {
  await run(process.argv.slice(2));
  // Inside the namespace nothing else is left to wait for; leave without waiting on idle handles.
  if (insidePrivateNetwork()) process.exit(0);
}
