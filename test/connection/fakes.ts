/**
 * Stand-in actors for driving the connection machine without sockets: the test plays the link,
 * the image's handshake answers, the heartbeat and the log, and a SimulatedClock plays time.
 */
import { createActor, fromCallback, fromPromise, SimulatedClock } from 'xstate';
import type { Actor } from 'xstate';
import type { TypedEvent } from '../../engine/events.js';
import { connectionMachine } from '../../engine/connection/index.js';
import type { ConnectionTiming, ImageIdentity } from '../../engine/connection/index.js';
import type { ConnectionInput, HandshakeInput, HeartbeatInput } from '../../engine/connection/machine.js';
import { AttemptError } from '../../engine/connection/machine.js';
import type { ConnectionEmitted, ConnectionEvent, HandshakeResult, LinkHandle } from '../../engine/connection/types.js';
import { statusOf } from '../../engine/connection/status.js';
import type { ProbeInput } from '../../engine/connection/probe.js';

export const TEST_TIMING: ConnectionTiming = {
  heartbeatIntervalMs: 500,
  heartbeatMissLimit: 3,
  connectTimeoutMs: 1000,
  connectRetryMs: 400,
  handshakeTimeoutMs: 1000,
  backoffInitialMs: 100,
  backoffFactor: 2,
  backoffMaxMs: 1000,
  backoffJitter: 0,
  probeIntervalMs: 200,
  giveUpAfterMs: 60_000,
  slowRetryMs: 30_000,
};

export function identity(imageId: string, incarnation = 'inc-1'): ImageIdentity {
  return {
    imageId, imageName: 'img', dialect: 'stui-reference', version: '1', protocol: 1, incarnation,
    limits: { maxMessageBytes: 1 << 20, evalTimeoutMs: 30_000, replyRecord: 64 },
  };
}

type Answer = HandshakeResult | AttemptError;

export class Harness {
  readonly clock = new SimulatedClock();
  /** Everything written to the "log", in order. */
  readonly log: TypedEvent[] = [];
  readonly emitted: ConnectionEmitted[] = [];
  linkStarts = 0;
  linkCloses = 0;
  heartbeatStarts = 0;
  /** Inputs of every probe started (the test says when the address opens). */
  probes: ProbeInput[] = [];
  private probeSend: ((e: ConnectionEvent) => void) | null = null;
  heartbeatStops = 0;
  /** Handshake answers, consumed in order. */
  answers: Answer[] = [];
  /** When set, reports wait for release() (to observe write-ahead). */
  holdReports = false;
  failReports = false;
  private held: (() => void)[] = [];
  private linkSend: ((e: ConnectionEvent) => void) | null = null;
  private hbSend: ((e: ConnectionEvent) => void) | null = null;
  readonly actor: Actor<typeof connectionMachine>;

  constructor(input: Partial<ConnectionInput> = {}) {
    const machine = connectionMachine.provide({
      actors: {
        report: fromPromise<{ at: number }, { events: TypedEvent[] }>(async ({ input: i }) => {
          if (this.failReports) throw new Error('disk full');
          if (this.holdReports) await new Promise<void>((r) => this.held.push(r));
          this.log.push(...i.events);
          return { at: this.clock.now() };
        }),
        link: fromCallback<ConnectionEvent, Record<string, never>>(({ sendBack }) => {
          this.linkStarts += 1;
          this.linkSend = sendBack;
          // The machine never calls the link; the fake only has to be a distinct object.
          sendBack({ type: 'LINK.OPENED', link: { fake: this.linkStarts } as unknown as LinkHandle });
          return () => {
            this.linkCloses += 1;
            this.linkSend = null;
          };
        }),
        handshake: fromPromise<HandshakeResult, HandshakeInput>(async () => {
          const a = this.answers.shift();
          if (!a) throw new AttemptError('timed_out', 'no answer scripted');
          if (a instanceof AttemptError) throw a;
          return { ...a, at: this.clock.now() };
        }),
        heartbeat: fromCallback<ConnectionEvent, HeartbeatInput>(({ sendBack }) => {
          this.heartbeatStarts += 1;
          this.hbSend = sendBack;
          return () => {
            this.heartbeatStops += 1;
            this.hbSend = null;
          };
        }),
        probe: fromCallback<ConnectionEvent, ProbeInput>(({ input: i, sendBack }) => {
          this.probes.push(i);
          this.probeSend = sendBack;
          return () => {
            this.probeSend = null;
          };
        }),
      },
    });
    this.actor = createActor(machine, {
      clock: this.clock,
      input: {
        name: 'img',
        address: 'tcp://127.0.0.1:1',
        expectedImageId: null,
        timing: TEST_TIMING,
        acceptIdentityChange: false,
        seed: 1,
        ...input,
      },
    });
    for (const t of ['note', 'connected', 'disconnected', 'transcript', 'identityChanged'] as const) {
      this.actor.on(t, (e) => {
        this.emitted.push(e);
        if (e.type === 'note') this.log.push(e.event);
      });
    }
    this.actor.start();
  }

  get state(): string {
    return statusOf(this.actor.getSnapshot()).state;
  }
  get value(): unknown {
    return this.actor.getSnapshot().value;
  }
  get types(): string[] {
    return this.log.map((e) => e.type);
  }
  data(i: number): Record<string, unknown> {
    return this.log[i]!.data as unknown as Record<string, unknown>;
  }

  send(e: ConnectionEvent): void {
    this.actor.send(e);
  }
  link(e: ConnectionEvent): void {
    if (!this.linkSend) throw new Error('no link actor running');
    this.linkSend(e);
  }
  heartbeat(e: ConnectionEvent): void {
    if (!this.hbSend) throw new Error('no heartbeat actor running');
    this.hbSend(e);
  }
  /** The address starts accepting connections (only heard while a probe runs). */
  addressOpens(): void {
    if (!this.probeSend) throw new Error('no probe running');
    this.probeSend({ type: 'PROBE.OPEN' });
  }
  release(): void {
    for (const r of this.held.splice(0)) r();
  }
  /** Lets promise-based actors settle. */
  async settle(): Promise<void> {
    for (let i = 0; i < 10; i++) await new Promise((r) => setImmediate(r));
  }
  async advance(ms: number): Promise<void> {
    this.clock.increment(ms);
    await this.settle();
  }
  /** START → link up → welcome(imageId) → connected (ready). */
  async connect(imageId: string, incarnation = 'inc-1'): Promise<void> {
    this.answers.push({ identity: identity(imageId, incarnation), latencyMs: 1.5, at: 0 });
    if (this.state === 'idle') this.send({ type: 'START' });
    await this.settle();
    this.link({ type: 'LINK.UP' });
    await this.settle();
  }
}
