/**
 * The flapping scenario, shared by the test and `bench/resilience.ts`: one image (with --state)
 * goes through a series of outages — nftables drops of varying length and SIGKILL + restarts —
 * with one counting evaluation issued during each. It returns what happened and how fast, read
 * from the engine's own log: detection (from the fault to heartbeat_missed and to
 * connection.lost) and healing (from the path's return to connection.restored).
 */
import { join } from 'node:path';
import { Firewall } from './nft.js';
import { EngineHome, INCREMENT, RESET, imageState, kill9, serve, sleep, until, type Image, type LogEntry } from './support.js';

export interface Outage {
  kind: 'drop' | 'kill';
  /** How long the path is gone (drop) or the image is down before its restart begins (kill). */
  ms: number;
}

/** 20 outages: drops from 0.3 s to 3 s and four kill/restarts, interleaved. */
export const DEFAULT_OUTAGES: Outage[] = [
  0.3, 1.0, 2.0, 3.0, 'kill', 0.5, 1.5, 2.5, 0.8, 'kill', 1.2, 0.4, 2.2, 2.8, 'kill', 0.6, 1.8, 3.0, 0.9, 'kill',
].map((x) => (x === 'kill' ? { kind: 'kill', ms: 500 } : { kind: 'drop', ms: (x as number) * 1000 }));

export interface OutageResult extends Outage {
  /** The counter value the evaluation issued during the outage returned. */
  result: string;
  /** Fault → first heartbeat_missed (suspect) / connection.lost; null when not reached. */
  suspectMs: number | null;
  lostMs: number | null;
  lostReason: string | null;
  /** Path (or image) back → connection.restored (a reconnect, or the same link resuming). */
  healMs: number | null;
  healedBy: 'reconnect' | 'resumed' | 'none';
  /** Path back → the evaluation's reply reached the caller. */
  replyMs: number;
}

export interface FlappingResult {
  outages: OutageResult[];
  /** The image's counter at the end (must equal the number of evaluations issued). */
  counter: number;
  issued: number;
  /** connection.lost events (outside give-ups) and connection.restored events that were reconnects. */
  losses: number;
  restorations: number;
  /** Outcomes (completed/failed) recorded per issued request: all must be exactly 1. */
  outcomesPerRequest: number[];
}

export async function runFlapping(h: EngineHome, outages: Outage[] = DEFAULT_OUTAGES, log: (line: string) => void = () => undefined): Promise<FlappingResult> {
  const fw = await Firewall.create();
  const state = join(h.dir, 'flap-state');
  let image: Image = await serve('flap', { state });
  try {
    await h.start();
    await h.call('image.add', { name: 'flap', address: image.address });
    const session = (await h.eval(RESET)).session;
    await sleep(600);
    const results: OutageResult[] = [];
    const requests: string[] = [];
    for (const [i, o] of outages.entries()) {
      const head = (await h.call<{ headSeq: number }>('engine.status')).headSeq;
      const faultAt = Date.now();
      if (o.kind === 'drop') await fw.block(image.port);
      else await kill9(image);
      const reply = h.eval(INCREMENT, { session, timeoutMs: 60_000 });
      reply.catch(() => undefined);
      await sleep(o.ms);
      let backAt: number;
      if (o.kind === 'drop') {
        await fw.unblock(image.port);
        backAt = Date.now();
      } else {
        image = await serve('flap', { state, port: image.port });
        backAt = Date.now(); // the image is listening again
      }
      const r = await reply;
      const replyMs = Date.now() - backAt;
      requests.push(r.request);
      await until(async () => (await imageState(h, 'flap')) === 'connected', 15_000, `image connected after outage ${i + 1}`);
      await sleep(400); // the link settles; the next fault starts from a healthy heartbeat
      const entries = (await h.log({ from: head + 1 })).filter((e) => e.stream === 'image:flap');
      results.push(measure(o, r.result, entries, faultAt, backAt, replyMs));
      const m = results[results.length - 1]!;
      log(`  outage ${String(i + 1).padStart(2)} ${o.kind} ${String(o.ms).padStart(4)} ms: n=${r.result} suspect ${m.suspectMs ?? '-'} lost ${m.lostMs ?? '-'} (${m.lostReason ?? '-'}) healed ${m.healMs ?? '-'} ms by ${m.healedBy}, reply +${replyMs} ms`);
    }
    const counter = Number((await h.eval('Smalltalk at: #N', { session })).result);
    const all = await h.log({ from: 1 });
    const flap = all.filter((e) => e.stream === 'image:flap');
    const outcomes = all.filter((e) => e.type === 'eval.completed' || e.type === 'eval.failed');
    return {
      outages: results,
      counter,
      issued: outages.length,
      losses: flap.filter((e) => e.type === 'connection.lost' && e.data.giveUp !== true).length,
      restorations: flap.filter((e) => e.type === 'connection.restored' && e.data.resumed !== true).length,
      outcomesPerRequest: requests.map((id) => outcomes.filter((e) => e.data.request === id).length),
    };
  } finally {
    await fw.destroy();
    await kill9(image);
  }
}

function measure(o: Outage, result: string, entries: LogEntry[], faultAt: number, backAt: number, replyMs: number): OutageResult {
  const suspect = entries.find((e) => e.type === 'connection.heartbeat_missed');
  const lost = entries.find((e) => e.type === 'connection.lost');
  const restored = entries.find((e) => e.type === 'connection.restored' && e.ts >= (lost?.ts ?? 0));
  const healedBy = !restored ? 'none' : restored.data.resumed === true ? 'resumed' : 'reconnect';
  return {
    ...o,
    result,
    suspectMs: suspect ? suspect.ts - faultAt : null,
    lostMs: lost ? lost.ts - faultAt : null,
    lostReason: lost ? String(lost.data.reason) : null,
    healMs: restored ? restored.ts - backAt : null,
    healedBy,
    replyMs,
  };
}
