/**
 * One registered image inside the engine: its connection (an ImagePort) and one lane per session.
 * A lane opens its session on each (re)connect and sends the session's evaluations one at a time,
 * in request order. An evaluation leaves the lane only once its completion is durable, so after a
 * drop it is resent with the same request id and the image answers from its reply record: it runs
 * exactly once however often the link fails.
 */
import type { TypedEvent } from '../events.js';
import { ImageProtocolError, ImageTimeoutError, newRequestId } from '../../protocol/index.js';
import type { EvaluatedReply, Push } from '../../protocol/index.js';
import { completionEvent, protocolFailure } from './outcome.js';
import type { ImagePort, LinkInfo, PortFactory } from './port.js';
import { liveSessionsOf, type EngineState, type PendingEval } from './state.js';

export interface RuntimeDeps {
  state: EngineState;
  /** Appends events durably (and folds them into `state`). */
  commit(events: TypedEvent[]): Promise<unknown>;
  diag(message: string): void;
}

interface Lane {
  id: string;
  opened: boolean;
  /** Record session.resumed when this lane's session is next opened. */
  recordOpen: boolean;
  variables: Record<string, string>;
  queue: PendingEval[];
  draining: boolean;
  /** The image said it holds no such session right after opening it, this many times in a row. */
  lostSession: number;
  /** Requests whose transcript output arrived as live pushes (so the reply's copy is not added twice). */
  pushed: Set<string>;
}

/** Extra time over the image's own evaluation limit before a silent request is resent. */
const EVAL_GRACE_MS = 5_000;
/** Pause before opening a session again after the image refused to. */
const OPEN_RETRY_MS = 1_000;
/** An image that forgets a session again right after opening it is not going to run the request. */
const MAX_LOST_SESSION = 3;
/** Longest pause before resending over a link that refused a request (normally the link changes first). */
const LINK_WAIT_MS = 250;

export class ImageRuntime {
  readonly name: string;
  readonly address: string;
  private readonly port: ImagePort;
  private readonly lanes = new Map<string, Lane>();
  private welcome: LinkInfo | null = null;
  /** Bumped on every connect and disconnect, so work begun on an older link is not trusted. */
  private epoch = 0;
  /** Settles when the link next comes up or goes down: waiting on a dead link is abandoned then. */
  private linkChange = deferred();
  private stopped = false;

  constructor(name: string, address: string, factory: PortFactory, private readonly deps: RuntimeDeps) {
    this.name = name;
    this.address = address;
    const known = deps.state.images.get(name);
    const target = { name, address, expectedImageId: known?.imageId ?? null, serverKey: known?.serverKey ?? null };
    this.port = factory(target, {
      emit: (event) => this.deps.commit([event]).then(() => undefined),
      onConnected: (welcome) => this.connected(welcome),
      onDisconnected: () => this.disconnected(),
      onPush: (msg) => this.pushed(msg),
    });
  }

  get state(): string {
    return this.port.state();
  }

  get online(): boolean {
    return this.welcome !== null && !this.stopped;
  }

  get latencyMs(): number | null {
    return this.port.latencyMs();
  }

  get imageId(): string | null {
    return this.welcome?.imageId ?? this.port.imageId();
  }

  /** The request path to the image for reads that leave no write-ahead record (inspect). */
  get link(): ImagePort {
    return this.port;
  }

  /**
   * Makes a session known to this image. `existing` sessions (from before this engine started,
   * or created while the image was away) record session.resumed when they are opened.
   */
  addSession(id: string, existing: boolean): void {
    const lane = this.lane(id, existing);
    if (this.online && !lane.opened) void this.drain(lane);
  }

  enqueue(p: PendingEval): void {
    const lane = this.lane(p.session, true);
    lane.queue.push(p);
    void this.drain(lane);
  }

  dropSession(id: string): void {
    this.lanes.delete(id);
  }

  /** Dials the image again now, skipping the rest of the backoff (a user asked to retry). */
  retryNow(): void {
    if (!this.online) this.port.retryNow?.();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.welcome = null;
    this.bump();
    await this.port.stop();
  }

  private lane(id: string, recordOpen: boolean): Lane {
    let lane = this.lanes.get(id);
    if (!lane) {
      lane = { id, opened: false, recordOpen, variables: {}, queue: [], draining: false, lostSession: 0, pushed: new Set() };
      this.lanes.set(id, lane);
    }
    return lane;
  }

  private record(events: TypedEvent[]): void {
    this.deps.commit(events).catch((err: unknown) => this.deps.diag(`image ${this.name}: could not record ${events[0]?.type}: ${String(err)}`));
  }

  private bump(): void {
    this.epoch += 1;
    this.linkChange.resolve();
    this.linkChange = deferred();
  }

  /** A request's reply, or 'changed' when the link came or went before it arrived. */
  private async whileLinked<T>(request: Promise<T>): Promise<T | 'changed'> {
    request.catch(() => undefined);
    return Promise.race([request, this.linkChange.promise.then(() => 'changed' as const)]);
  }

  private connected(welcome: LinkInfo): void {
    if (this.stopped) return;
    this.bump();
    this.welcome = welcome;
    const live = new Set(liveSessionsOf(this.deps.state, this.name).map((s) => s.id));
    for (const id of live) this.lane(id, true);
    for (const lane of this.lanes.values()) {
      if (!live.has(lane.id)) continue;
      lane.opened = false;
      // Every session is opened again on a new link: the image may have restarted meanwhile.
      lane.recordOpen = true;
      void this.drain(lane);
    }
  }

  private disconnected(): void {
    this.bump();
    this.welcome = null;
    for (const lane of this.lanes.values()) lane.opened = false;
  }

  private pushed(msg: Push): void {
    if (msg.type !== 'transcript') return;
    const lane = this.lanes.get(msg.session);
    if (!lane) return;
    if (msg.requestId) lane.pushed.add(msg.requestId);
    this.record([{ type: 'transcript.appended', stream: msg.session, data: { text: msg.text } }]);
  }

  private async open(lane: Lane): Promise<boolean> {
    const epoch = this.epoch;
    const imageId = this.welcome?.imageId ?? null;
    try {
      const reply = await this.whileLinked(this.port.request({ type: 'session.open', id: newRequestId(), session: lane.id }));
      if (reply === 'changed' || epoch !== this.epoch) return false;
      lane.variables = reply.variables;
      lane.opened = true;
      if (lane.recordOpen) {
        lane.recordOpen = false;
        await this.deps.commit([{ type: 'session.resumed', stream: lane.id, data: { session: lane.id, image: this.name, imageId } }]);
      }
      return true;
    } catch (err) {
      this.deps.diag(`image ${this.name}: opening session ${lane.id} failed: ${String(err)}`);
      return false;
    }
  }

  /** Sends the lane's queued evaluations in order while the link holds. */
  private async drain(lane: Lane): Promise<void> {
    if (lane.draining) return;
    lane.draining = true;
    const startEpoch = this.epoch;
    let openFailed = false;
    try {
      while (this.online && this.lanes.get(lane.id) === lane) {
        if (!lane.opened && !(await this.open(lane))) {
          openFailed = true;
          break;
        }
        const p = lane.queue[0];
        if (!p) break;
        const epoch = this.epoch;
        const outcome = await this.evaluate(lane, p);
        if (outcome === 'retry' || outcome === 'wait') {
          if (epoch !== this.epoch || !this.online) break;
          // The link refused the request without the image answering: it is on its way down (the
          // connection writes connection.lost before the runtime hears of it). Resending at once
          // would spin without ever yielding to that write; wait for the link to change instead.
          if (outcome === 'wait') await Promise.race([this.linkChange.promise, pause(LINK_WAIT_MS)]);
          continue;
        }
        lane.queue.shift();
        lane.pushed.delete(p.request);
        await this.deps.commit(outcome);
      }
    } catch (err) {
      this.deps.diag(`image ${this.name}: session ${lane.id}: ${String(err)}`);
    } finally {
      lane.draining = false;
    }
    if (!this.online || this.lanes.get(lane.id) !== lane) return;
    // The link changed while this pass was waiting: start over on the new one.
    if (this.epoch !== startEpoch) void this.drain(lane);
    // The image refused to open the session on a live link: try again shortly rather than wait
    // for the next reconnect.
    else if (openFailed && lane.queue.length > 0) setTimeout(() => void this.drain(lane), OPEN_RETRY_MS).unref();
  }

  /**
   * One evaluation: the events that close it, 'retry' when it must be sent again at once, or
   * 'wait' when the link could not carry it (send again once the link has changed).
   */
  private async evaluate(lane: Lane, p: PendingEval): Promise<TypedEvent[] | 'retry' | 'wait'> {
    const limit = (this.welcome?.evalTimeoutMs ?? 10_000) + EVAL_GRACE_MS;
    const started = performance.now();
    const evaluated = this.port.request({ type: 'evaluate', id: p.request, session: lane.id, code: p.code }, { timeoutMs: limit });
    let reply: EvaluatedReply;
    try {
      const answer = await this.whileLinked(evaluated);
      if (answer === 'changed') return 'retry';
      reply = answer;
    } catch (err) {
      if (err instanceof ImageProtocolError) {
        // The image lost the session (it restarted without its state): open it again and resend.
        if (err.wireCode === 'unknown_session' && ++lane.lostSession <= MAX_LOST_SESSION) {
          lane.opened = false;
          return 'retry';
        }
        lane.lostSession = 0;
        return [protocolFailure(p, err.wireCode, err.message)];
      }
      // No answer in time: the image may still be running it; the resend is answered from its record.
      if (err instanceof ImageTimeoutError) return 'retry';
      return 'wait';
    }
    lane.lostSession = 0;
    const durationMs = Math.round((performance.now() - started) * 1000) / 1000;
    // The answer carries the workspace variables as the evaluation left them (protocol v1).
    const variables = reply.variables;
    lane.variables = variables;
    const events: TypedEvent[] = [];
    if (reply.transcript && !lane.pushed.has(p.request)) {
      events.push({ type: 'transcript.appended', stream: lane.id, data: { text: reply.transcript } });
    }
    events.push(completionEvent(p, reply, variables, durationMs));
    return events;
  }
}

function pause(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}

function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}
