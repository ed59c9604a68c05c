import { randomBytes } from 'node:crypto';
import { Dealer } from 'zeromq';
import type { EventType } from 'zeromq';
import { decodeFrames, encodeMessage } from './codec.js';
import { DEFAULT_MAX_MESSAGE_BYTES } from './defaults.js';
import type { ClientCurve } from './curve.js';
import { ImageProtocolError, ImageTimeoutError, LinkClosedError } from './errors.js';
import type { ClientMessage, ImageMessage, Push, Reply, ReplyByRequest, Request, WelcomeReply } from './messages.js';
import { PROTOCOL_VERSIONS } from './messages.js';
import { SendQueue } from './sendQueue.js';
import { checkImageMessage } from './validate.js';

/**
 * ZeroMQ options of the client DEALER, spelled out because each one decides how a link behaves
 * when the network misbehaves:
 * - linger 0: close() returns at once and drops unsent messages; the caller keeps its own record
 *   of what is unanswered and resends it (the image's reply record makes resends harmless).
 * - reconnectInterval / reconnectMaxInterval: retry quickly after a drop (100 ms), backing off to
 *   2 s so a long outage costs little, which keeps reconnects well under a second once the path
 *   is back.
 * - connectTimeout: a TCP connect to a black-holed host gives up after 2 s and retries, instead
 *   of waiting for the kernel's minutes-long timeout.
 * - heartbeatInterval / heartbeatTimeout / heartbeatTimeToLive: ZMTP pings every second; a
 *   connection with no traffic for 3 s is torn down and reconnected, on both ends. This detects
 *   a silently dropped path (no RST) in about 3 s; protocol-level pings carry identity on top.
 * - sendTimeout = the request time limit, so a full queue fails a send instead of blocking all
 *   later ones forever.
 * - maxMessageSize: a runaway reply cannot exhaust the client's memory.
 */
export interface LinkSocketOptions {
  linger: number;
  reconnectInterval: number;
  reconnectMaxInterval: number;
  connectTimeout: number;
  heartbeatInterval: number;
  heartbeatTimeout: number;
  heartbeatTimeToLive: number;
  /**
   * Optional TCP-level limits (ZMQ_TCP_MAXRT, ZMQ_TCP_KEEPALIVE*), left to the OS when absent: a
   * caller that heartbeats on its own sets them so that a half-open connection is abandoned on
   * its schedule, never after the kernel's retransmission timers (up to ~15 minutes).
   */
  tcpMaxRetransmitTimeout?: number;
  tcpKeepalive?: number;
  tcpKeepaliveIdle?: number;
  tcpKeepaliveInterval?: number;
  tcpKeepaliveCount?: number;
}

export const LINK_SOCKET_DEFAULTS: LinkSocketOptions = {
  linger: 0,
  reconnectInterval: 100,
  reconnectMaxInterval: 2000,
  connectTimeout: 2000,
  heartbeatInterval: 1000,
  heartbeatTimeout: 3000,
  heartbeatTimeToLive: 3000,
};

export interface LinkOptions {
  /** Talk CURVE: the image's public key and this client's key pair (the engine keeps its pair in the home: engine/clientKeys.ts). */
  curve?: ClientCurve;
  /** How long request() waits for a reply by default (ms). Default 10 000. */
  requestTimeoutMs?: number;
  /** Largest message accepted from the image; keep it ≥ the image's limits.maxMessageBytes. Default 16 MiB. */
  maxMessageBytes?: number;
  /** Answer the image's pings automatically (default true). */
  answerPings?: boolean;
  socket?: Partial<LinkSocketOptions>;
}

type Waiter = { resolve: (r: Reply) => void; reject: (e: Error) => void; timer: NodeJS.Timeout };

/** A unique request id: random prefix per process plus a counter, short and collision-free. */
const idPrefix = randomBytes(6).toString('hex');
let idCounter = 0;
export function newRequestId(): string {
  idCounter += 1;
  return `${idPrefix}-${idCounter.toString(36)}`;
}

/**
 * A client's connection to one image: requests correlated by id with a time limit, pushed
 * messages (transcript, pings) delivered to listeners. ZeroMQ reconnects underneath on its own;
 * a request sent while disconnected is queued and delivered when the connection is back.
 */
export class ImageLink {
  readonly address: string;
  private readonly socket: Dealer;
  private readonly queue: SendQueue;
  private readonly pending = new Map<string, Waiter[]>();
  private readonly pushListeners = new Set<(msg: Push) => void>();
  private readonly messageListeners = new Set<(msg: ImageMessage) => void>();
  private readonly timeoutMs: number;
  private readonly maxBytes: number;
  private readonly answerPings: boolean;
  private isClosed = false;
  /** Messages from the image that failed validation (a misbehaving image, not a crash). */
  invalidReceived = 0;

  private constructor(address: string, opts: LinkOptions) {
    this.address = address;
    this.timeoutMs = opts.requestTimeoutMs ?? 10_000;
    this.maxBytes = opts.maxMessageBytes ?? DEFAULT_MAX_MESSAGE_BYTES * 16;
    this.answerPings = opts.answerPings ?? true;
    const s = { ...LINK_SOCKET_DEFAULTS, ...opts.socket };
    this.socket = new Dealer({
      ...s,
      sendTimeout: this.timeoutMs,
      maxMessageSize: this.maxBytes,
    });
    if (opts.curve) {
      this.socket.curveServerKey = opts.curve.serverKey;
      this.socket.curvePublicKey = opts.curve.publicKey;
      this.socket.curveSecretKey = opts.curve.secretKey;
    }
    this.queue = new SendQueue((frames) => this.socket.send(frames));
    this.socket.connect(address);
    void this.receiveLoop();
  }

  /** Connects (asynchronously, with automatic reconnects) to an image at `tcp://host:port`. */
  static connect(address: string, opts: LinkOptions = {}): ImageLink {
    return new ImageLink(address, opts);
  }

  get closed(): boolean {
    return this.isClosed;
  }

  /** Number of requests still waiting for a reply. */
  get pendingCount(): number {
    return this.pending.size;
  }

  /**
   * Sends a request and resolves with its reply. An `error` reply rejects with
   * ImageProtocolError; no reply in time rejects with ImageTimeoutError. Smalltalk errors are
   * ordinary replies (`ok: false`). Sending the same id again (a resend) waits for the same reply.
   */
  request<T extends Request>(msg: T, opts: { timeoutMs?: number } = {}): Promise<ReplyByRequest[T['type']]> {
    if (this.isClosed) return Promise.reject(new LinkClosedError(this.address, msg.id));
    const timeoutMs = opts.timeoutMs ?? this.timeoutMs;
    const result = new Promise<Reply>((resolve, reject) => {
      const waiter: Waiter = {
        resolve,
        reject,
        timer: setTimeout(() => {
          this.dropWaiter(msg.id, waiter);
          reject(new ImageTimeoutError(this.address, msg.id, timeoutMs));
        }, timeoutMs),
      };
      const list = this.pending.get(msg.id);
      if (list) list.push(waiter);
      else this.pending.set(msg.id, [waiter]);
    });
    this.send(msg).catch(() => {
      // A failed send (queue full past the time limit) shows up as the request's timeout.
    });
    return result.then((reply) => {
      if (reply.type === 'error') throw new ImageProtocolError(reply);
      return reply as ReplyByRequest[T['type']];
    });
  }

  /** Says hello with the versions this build speaks; resolves with the image's identity. */
  hello(opts: { versions?: number[]; client?: string; timeoutMs?: number } = {}): Promise<WelcomeReply> {
    return this.request(
      { type: 'hello', id: newRequestId(), versions: opts.versions ?? [...PROTOCOL_VERSIONS], client: opts.client ?? 'stui-sessions' },
      { timeoutMs: opts.timeoutMs },
    );
  }

  /** Sends any client message without waiting for a reply. */
  send(msg: ClientMessage): Promise<void> {
    if (this.isClosed) return Promise.reject(new LinkClosedError(this.address, msg.id));
    return this.queue.send([encodeMessage(msg)]);
  }

  /** Listens to pushed messages (transcript, image pings); returns the unsubscribe function. */
  onPush(listener: (msg: Push) => void): () => void {
    this.pushListeners.add(listener);
    return () => this.pushListeners.delete(listener);
  }

  /** Listens to every valid message from the image, replies included. */
  onMessage(listener: (msg: ImageMessage) => void): () => void {
    this.messageListeners.add(listener);
    return () => this.messageListeners.delete(listener);
  }

  /** Listens to ZeroMQ transport events ('connect', 'disconnect', 'handshake:error:auth' …). */
  onSocketEvent(type: EventType, listener: () => void): void {
    this.socket.events.on(type, listener);
  }

  /** Closes the socket at once (linger 0); waiting requests reject with LinkClosedError. */
  close(): void {
    if (this.isClosed) return;
    this.isClosed = true;
    for (const [id, waiters] of this.pending) {
      for (const w of waiters) {
        clearTimeout(w.timer);
        w.reject(new LinkClosedError(this.address, id));
      }
    }
    this.pending.clear();
    this.socket.close();
  }

  private dropWaiter(id: string, waiter: Waiter): void {
    const list = this.pending.get(id);
    if (!list) return;
    const rest = list.filter((w) => w !== waiter);
    if (rest.length) this.pending.set(id, rest);
    else this.pending.delete(id);
  }

  private async receiveLoop(): Promise<void> {
    try {
      for await (const frames of this.socket) {
        this.handle(frames);
      }
    } catch {
      // The socket was closed; pending requests were rejected by close().
    }
  }

  private handle(frames: Buffer[]): void {
    const decoded = decodeFrames(frames, this.maxBytes);
    if (!decoded.ok) {
      this.invalidReceived += 1;
      return;
    }
    const checked = checkImageMessage(decoded.value);
    if (!checked.ok) {
      this.invalidReceived += 1;
      return;
    }
    const msg = checked.msg;
    for (const l of this.messageListeners) l(msg);
    if (msg.type === 'transcript' || msg.type === 'ping') {
      if (msg.type === 'ping' && this.answerPings) this.send({ type: 'pong', id: msg.id }).catch(() => undefined);
      for (const l of this.pushListeners) l(msg);
      return;
    }
    const reply = msg as Reply;
    if (reply.id === null) return;
    const waiters = this.pending.get(reply.id);
    if (!waiters) return;
    this.pending.delete(reply.id);
    for (const w of waiters) {
      clearTimeout(w.timer);
      w.resolve(reply);
    }
  }
}
