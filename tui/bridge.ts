/**
 * The TUI's line to the engine: commands over the engine socket (with how many are in flight and
 * since when, for the status bar and progress), and the live feed of entries the engine appends
 * (ipc://<home>/events.sock, frames [type, entry JSON]).
 */
import { Subscriber } from 'zeromq';
import type { EngineClient } from '../engine/client/index.js';
import { enginePaths, ipcAddress } from '../engine/client/index.js';

export interface LiveEntry {
  seq: number;
  ts: number;
  type: string;
  stream: string;
  data: Record<string, unknown>;
}

interface InFlight {
  cmd: string;
  since: number;
}

export class EngineBridge {
  private readonly inFlight = new Map<number, InFlight>();
  private counter = 0;
  private sub: Subscriber | null = null;
  private closed = false;
  /** The highest log position seen (from replies and the feed). */
  headSeq = 0;

  constructor(private readonly client: EngineClient, private readonly home: string) {}

  async call<T>(cmd: string, args: Record<string, unknown> = {}, timeoutMs = 30_000): Promise<T> {
    const id = ++this.counter;
    this.inFlight.set(id, { cmd, since: Date.now() });
    try {
      const r = await this.client.call<T>(cmd, args, timeoutMs);
      const seq = (r as { seq?: unknown } | null)?.seq;
      if (typeof seq === 'number' && seq > this.headSeq) this.headSeq = seq;
      return r;
    } finally {
      this.inFlight.delete(id);
    }
  }

  /** A background read (the periodic refresh): not counted as pending, never shown as progress. */
  poll<T>(cmd: string, args: Record<string, unknown> = {}, timeoutMs = 10_000): Promise<T> {
    return this.client.call<T>(cmd, args, timeoutMs);
  }

  /** Requests not answered yet. */
  get pending(): number {
    return this.inFlight.size;
  }

  /** The oldest request still waiting, for a progress indicator once it is slow. */
  oldest(): { cmd: string; ms: number } | null {
    let best: InFlight | null = null;
    for (const f of this.inFlight.values()) if (!best || f.since < best.since) best = f;
    return best ? { cmd: best.cmd, ms: Date.now() - best.since } : null;
  }

  /** Calls `onEntry` for every entry the engine appends from now on, in log order. */
  subscribe(onEntry: (e: LiveEntry) => void): void {
    const sub = new Subscriber({ linger: 0 });
    this.sub = sub;
    sub.connect(ipcAddress(enginePaths(this.home).eventSocket));
    sub.subscribe();
    void (async () => {
      try {
        for await (const [, json] of sub) {
          let e: LiveEntry;
          try {
            e = JSON.parse(json!.toString('utf8')) as LiveEntry;
          } catch {
            continue;
          }
          if (e.seq > this.headSeq) this.headSeq = e.seq;
          onEntry(e);
        }
      } catch {
        // closed
      }
    })();
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.sub?.close();
    this.client.close();
  }
}
