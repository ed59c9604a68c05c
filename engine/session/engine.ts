/**
 * The session engine: owns the log and the image runtimes. Every change goes decide → commit
 * (durable) → act; reads (lists, restore, log) are served from the log and the live catalog.
 */
import { randomBytes } from 'node:crypto';
import { StuiError } from '../errors.js';
import { ENGINE_STREAM, type EventData, type TypedEvent } from '../events.js';
import type { Entry, EventLog } from '../log/types.js';
import { Committer } from './commit.js';
import type { EngineCommand } from './commands.js';
import { decide, onIdentityChanged } from './decide.js';
import { ImageRuntime } from './image.js';
import { answerOf, Outcomes, stillWaiting, type EvalResult } from './outcomes.js';
import type { PortFactory } from './port.js';
import { emptyState, evolve, liveSessionsOf, type EngineState } from './state.js';
import { sealProjections, snapshotsBehind, Views } from './views.js';
import { matchesLog, restoreSnapshot, takeSnapshot, type SnapshotStore } from './snapshot.js';
import type { ImageRow } from '../../projections/index.js';

export interface EngineOptions {
  log: EventLog;
  portFactory: PortFactory;
  version: string;
  /** Every durable entry, in log order (the live event feed). */
  publish(entry: Entry): void;
  /** Plaintext diagnostics (never event data). */
  diag(message: string): void;
  /** The log can no longer be written: the engine must stop without recording anything else. */
  onFatal(err: unknown): void;
  /** Where snapshots of the engine's state are kept, if anywhere. */
  snapshots?: SnapshotStore;
}

export interface EvalArgs {
  image?: string;
  session?: string;
  code: string;
  workspace?: string;
  /** How long the caller waits for the answer; the request itself stays queued past it. */
  timeoutMs: number;
}

export type { EvalResult } from './outcomes.js';

export const newId = (prefix: string): string => `${prefix}-${randomBytes(6).toString('hex')}`;

/**
 * Snapshot after this many new entries, at the first moment no append is in flight: what a crash
 * leaves to fold at the next start (about 40 ms of a 100k-entries/s fold). A snapshot of the
 * 1M-entry bench log's state is ~50 KB, about a millisecond to copy, so taking one this often
 * costs nothing measurable.
 */
const SNAPSHOT_EVERY = 4_000;
/** Entries between projection snapshots sealed into the log store (beside live work). */
const SEAL_EVERY = 10_000;

export class SessionEngine {
  // Replaced only while starting (by a snapshot), before anything holds a reference to them.
  private currentState: EngineState = emptyState();
  private currentViews = new Views();
  /** The last durable entry folded: what a snapshot is taken after. */
  private last: Entry | null = null;
  private sinceSnapshot = 0;
  private snapshotTimer: NodeJS.Timeout | null = null;
  private sinceSealed = 0;
  private saving: Promise<void> = Promise.resolve();
  private sealing: Promise<void> | null = null;
  /** Stops a full rebuild of the projections under way when the engine stops. */
  private readonly sealAbort = new AbortController();
  private readonly runtimes = new Map<string, ImageRuntime>();
  private readonly outcomes = new Outcomes();
  private committer!: Committer;
  private stopping = false;

  private constructor(private readonly opts: EngineOptions) {}

  get log(): EventLog {
    return this.opts.log;
  }

  get state(): EngineState {
    return this.currentState;
  }

  get views(): Views {
    return this.currentViews;
  }

  /** Folds the log (from the snapshot on, if it fits), records engine.started, reconnects images. */
  static async start(opts: EngineOptions): Promise<SessionEngine> {
    const engine = new SessionEngine(opts);
    const from = await engine.fromSnapshot();
    for await (const entry of opts.log.read({ from })) {
      evolve(engine.state, entry);
      engine.views.fold(entry);
      engine.last = entry;
      engine.sinceSnapshot += 1;
    }
    // How long a start takes is this line's count: after a clean stop none, after a crash the tail.
    opts.diag(
      from > 1
        ? `started from the engine snapshot at seq ${from - 1}: folded ${engine.sinceSnapshot} entries to seq ${opts.log.headSeq}`
        : `no engine snapshot to start from: folded the whole log, ${engine.sinceSnapshot} entries`,
    );
    engine.committer = new Committer(opts.log, engine.state, (entries) => engine.act(entries), opts.onFatal);
    await engine.commit([{ type: 'engine.started', stream: ENGINE_STREAM, data: { pid: process.pid, version: opts.version } }]);
    for (const img of engine.state.images.values()) {
      const rt = engine.startImage(img.name, img.address);
      for (const s of liveSessionsOf(engine.state, img.name)) rt.addSession(s.id, true);
    }
    for (const p of engine.state.pending.values()) engine.runtimes.get(p.image)?.enqueue({ ...p });
    // A long fold now means a long fold next time too: keep where this one ended.
    if (engine.sinceSnapshot >= 1_000) engine.snapshot();
    // Projection snapshots far behind (a log from before them, or a projection whose version
    // changed): rebuild them now, in the background, rather than at each restore.
    if (await snapshotsBehind(opts.log).catch(() => false)) engine.sealing = engine.seal(true).finally(() => (engine.sealing = null));
    return engine;
  }

  commit(events: TypedEvent[]): Promise<Entry[]> {
    return this.committer.commit(events);
  }

  /** Adopts a snapshot that matches the log; returns the first seq still to fold. */
  private async fromSnapshot(): Promise<number> {
    const snap = (await this.opts.snapshots?.load().catch(() => null)) ?? null;
    if (!snap || !snap.at || snap.at.seq > this.opts.log.headSeq) return 1;
    const restored = restoreSnapshot(snap);
    if (!restored) return 1;
    let at: Entry | undefined;
    for await (const e of this.opts.log.read({ from: snap.at.seq, to: snap.at.seq })) at = e;
    if (!matchesLog(snap, at)) return 1;
    this.currentState = restored.state;
    this.currentViews = new Views(restored.catalog);
    this.last = at!;
    return snap.at.seq + 1;
  }

  /** Writes a snapshot now if the state is exactly the durable log, else soon. */
  private snapshot(): void {
    const store = this.opts.snapshots;
    if (!store || !this.last) return;
    if (!this.committer.idle) {
      this.snapshotTimer ??= setTimeout(() => {
        this.snapshotTimer = null;
        this.snapshot();
      }, 100);
      this.snapshotTimer.unref();
      return;
    }
    // Taken now (a deep copy of the durable state); sealed into the log store in the background.
    const snap = takeSnapshot(this.state, this.views.state, this.last);
    this.sinceSnapshot = 0;
    const previous = this.saving;
    this.saving = (async () => {
      await previous;
      await store.save(snap).catch((err: unknown) => this.opts.diag(`could not write the engine snapshot: ${String(err)}`));
    })();
  }

  /** decide → durable append → act. Resolves with the recorded entries. */
  execute(command: EngineCommand): Promise<Entry[]> {
    if (this.stopping) return Promise.reject(new StuiError('E_ENGINE_UNREACHABLE', 'the engine is stopping; try again in a moment'));
    return this.commit(decide(command, this.state));
  }

  async evaluate(args: EvalArgs): Promise<EvalResult> {
    const request = newId('r');
    const [done] = this.outcomes.expect([request]) as [Promise<Entry>];
    const cmd: EngineCommand = { cmd: 'eval', code: args.code, request, newSession: newId('s') };
    if (args.image !== undefined) cmd.image = args.image;
    if (args.session !== undefined) cmd.session = args.session;
    if (args.workspace !== undefined) cmd.workspace = args.workspace;
    let entries: Entry[];
    try {
      entries = await this.execute(cmd);
    } catch (err) {
      this.outcomes.forget([request]);
      throw err;
    }
    const requested = entries[entries.length - 1]!;
    const image = (requested.data as EventData['eval.requested']).image;
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<null>((resolve) => (timer = setTimeout(() => resolve(null), args.timeoutMs)));
    let entry: Entry | null;
    try {
      entry = await Promise.race([done, timedOut]);
    } finally {
      clearTimeout(timer);
    }
    if (entry === null) {
      this.outcomes.forget([request]);
      throw stillWaiting(requested, image, request, this.runtimes.get(image)?.online ?? false, args.timeoutMs);
    }
    return answerOf(entry, image, request);
  }

  /**
   * Outcomes (eval.completed / eval.failed entries) of requests about to be recorded: register
   * before recording, so an answer that arrives at once is not missed. forget() when done waiting.
   */
  expect(requests: string[]): Promise<Entry>[] {
    return this.outcomes.expect(requests);
  }

  forget(requests: string[]): void {
    this.outcomes.forget(requests);
  }

  /** The live runtime of a registered image (undefined once removed). */
  runtimeOf(image: string): ImageRuntime | undefined {
    return this.runtimes.get(image);
  }

  imageList(): ImageRow[] {
    return this.views.imageRows().map((row): ImageRow => {
      const rt = this.runtimes.get(row.name);
      // The live connection knows its state and latency better than the last recorded event.
      if (!rt) return row;
      const live = rt.state;
      const state = rt.online ? (live === 'suspect' ? 'unresponsive' : 'connected') : live === 'lost' ? 'lost' : row.state;
      return { ...row, state, latencyMs: rt.latencyMs ?? row.latencyMs, imageId: rt.imageId ?? row.imageId };
    });
  }

  status(): { images: Array<{ name: string; address: string; state: string }> } {
    const state = (rt: ImageRuntime): string => (rt.online && rt.state !== 'suspect' ? 'connected' : rt.state);
    return { images: [...this.runtimes.values()].map((rt) => ({ name: rt.name, address: rt.address, state: state(rt) })) };
  }

  /** Records engine.stopped (on a clean stop) and closes connections and the log. */
  async stop(reason: EventData['engine.stopped']['reason'] | null): Promise<void> {
    if (this.stopping) return;
    this.stopping = true;
    // Callers waiting for an answer get one now; their evaluations stay queued in the log and
    // run when an engine next reaches the image.
    this.outcomes.rejectAll(
      (request) =>
        new StuiError('E_QUEUED', `the engine is stopping; the evaluation is queued (request ${request}) and will run when the engine is back and the image reachable`, { request }),
    );
    await Promise.allSettled([...this.runtimes.values()].map((rt) => rt.stop()));
    if (reason) {
      await this.commit([{ type: 'engine.stopped', stream: ENGINE_STREAM, data: { pid: process.pid, reason } }]).catch((err: unknown) =>
        this.opts.diag(`could not record engine.stopped: ${String(err)}`),
      );
    }
    if (this.snapshotTimer) clearTimeout(this.snapshotTimer);
    this.snapshotTimer = null;
    this.snapshot();
    await this.saving;
    // A full rebuild is not worth a slow stop: the next start takes it up again.
    this.sealAbort.abort();
    await this.sealing;
    // A clean stop seals the projections at the head, so the next restore starts from there.
    if (reason) await this.seal(false);
    await this.opts.log.close();
  }

  private startImage(name: string, address: string): ImageRuntime {
    const rt = new ImageRuntime(name, address, this.opts.portFactory, {
      state: this.state,
      commit: (events) => this.commit(events),
      diag: this.opts.diag,
    });
    this.runtimes.set(name, rt);
    return rt;
  }

  /** Acts on durable entries, in log order. */
  private act(entries: Entry[]): void {
    for (const entry of entries) {
      this.views.fold(entry);
      this.last = entry;
      this.sinceSnapshot += 1;
      try {
        this.opts.publish(entry);
      } catch (err) {
        this.opts.diag(`publishing entry ${entry.seq} failed: ${String(err)}`);
      }
      switch (entry.type) {
        case 'image.registered': {
          const d = entry.data as EventData['image.registered'];
          if (!this.stopping) this.startImage(d.name, d.address);
          break;
        }
        case 'image.removed': {
          const name = (entry.data as EventData['image.removed']).name;
          const rt = this.runtimes.get(name);
          this.runtimes.delete(name);
          void rt?.stop();
          break;
        }
        case 'image.identity_changed': {
          const d = entry.data as EventData['image.identity_changed'];
          this.commit(onIdentityChanged(this.state, d.name, d.imageId)).catch((err: unknown) =>
            this.opts.diag(`could not orphan the sessions of image ${d.name}: ${String(err)}`),
          );
          break;
        }
        case 'session.created': {
          const d = entry.data as EventData['session.created'];
          this.runtimes.get(d.image)?.addSession(d.session, false);
          break;
        }
        case 'session.orphaned':
        case 'session.archived': {
          const d = entry.data as { session: string; image: string };
          this.runtimes.get(d.image)?.dropSession(d.session);
          break;
        }
        case 'eval.requested': {
          const d = entry.data as EventData['eval.requested'];
          this.runtimes.get(d.image)?.enqueue({ request: d.request, session: entry.stream, image: d.image, code: d.code, seq: entry.seq });
          break;
        }
        case 'eval.completed':
        case 'eval.failed':
          this.outcomes.settle(entry);
          break;
        default:
          break;
      }
    }
    if (this.sinceSnapshot >= SNAPSHOT_EVERY) this.snapshot();
    this.sinceSealed += entries.length;
    if (this.sinceSealed >= SEAL_EVERY && !this.sealing && !this.stopping) {
      this.sinceSealed = 0;
      this.sealing = this.seal(true).finally(() => (this.sealing = null));
    }
  }

  private async seal(rebuild: boolean): Promise<void> {
    try {
      await sealProjections(this.opts.log, { rebuild, signal: this.sealAbort.signal });
    } catch (err) {
      if (!this.sealAbort.signal.aborted) this.opts.diag(`could not seal projection snapshots: ${String(err)}`);
    }
  }
}
