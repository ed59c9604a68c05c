/**
 * A client of the engine's command socket (DEALER). Calls are correlated by id, so one client can
 * have many calls in flight (the TUI does). An error reply is rethrown as the StuiError the engine
 * raised, so the CLI maps it to an exit code in the one usual place.
 */
import { randomBytes } from 'node:crypto';
import { Dealer } from 'zeromq';
import { StuiError, type ErrorCode } from '../errors.js';
import { SendQueue } from '../../protocol/sendQueue.js';
import { enginePaths, ipcAddress } from './paths.js';
import { parsePartHeader, type EngineReply } from './wire.js';

interface Waiter {
  resolve(v: unknown): void;
  reject(e: Error): void;
  timer: NodeJS.Timeout;
  /** The pieces of a result that comes in parts, in order. */
  pieces?: Buffer[];
  onProgress?: (value: unknown) => void;
}

export const DEFAULT_CALL_TIMEOUT_MS = 30_000;

export class EngineClient {
  readonly home: string;
  private readonly socket: Dealer;
  private readonly queue: SendQueue;
  private readonly waiters = new Map<string, Waiter>();
  private readonly prefix = randomBytes(4).toString('hex');
  private counter = 0;
  private closed = false;

  constructor(home: string) {
    this.home = home;
    // linger 0: closing never waits for a gone engine. Calls made before the engine has bound its
    // socket (it may be starting) wait in the queue and go out once the connect succeeds; the
    // connect is retried every 50 ms.
    this.socket = new Dealer({ linger: 0, reconnectInterval: 50 });
    this.socket.connect(ipcAddress(enginePaths(home).commandSocket));
    this.queue = new SendQueue((frames) => this.socket.send(frames));
    void this.loop();
  }

  /**
   * Sends `cmd` and resolves with its result; rejects with the engine's error or a timeout.
   * `onProgress` gets the notes a long call sends on its way.
   */
  call<T = unknown>(
    cmd: string,
    args: Record<string, unknown> = {},
    timeoutMs = DEFAULT_CALL_TIMEOUT_MS,
    onProgress?: (value: unknown) => void,
  ): Promise<T> {
    if (this.closed) return Promise.reject(new StuiError('E_ENGINE_UNREACHABLE', 'the engine client is closed'));
    const id = `${this.prefix}-${(++this.counter).toString(36)}`;
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters.delete(id);
        reject(
          new StuiError(
            'E_ENGINE_UNREACHABLE',
            `the engine for ${this.home} did not answer ${cmd} within ${Math.round(timeoutMs / 1000)} s; check stui engine status (diagnostics in ${enginePaths(this.home).logFile})`,
            { cmd, timeoutMs },
          ),
        );
      }, timeoutMs);
      this.waiters.set(id, { resolve: resolve as (v: unknown) => void, reject, timer, ...(onProgress ? { onProgress } : {}) });
      this.queue.send([JSON.stringify({ id, cmd, args })]).catch((err: unknown) => {
        this.take(id)?.reject(new StuiError('E_ENGINE_UNREACHABLE', `could not send to the engine: ${String(err)}`));
      });
    });
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    for (const w of this.waiters.values()) {
      clearTimeout(w.timer);
      w.reject(new StuiError('E_ENGINE_UNREACHABLE', 'the engine client was closed'));
    }
    this.waiters.clear();
    this.socket.close();
  }

  private async loop(): Promise<void> {
    try {
      for await (const frames of this.socket) {
        if (frames.length === 2) this.part(frames[0]!, frames[1]!);
        else if (frames.length === 1) this.settle(frames[0]!);
      }
    } catch {
      // closed
    }
  }

  /** The call waiting for `id`, no longer waiting: removed and its timer stopped. */
  private take(id: string): Waiter | undefined {
    const w = this.waiters.get(id);
    if (!w) return undefined;
    this.waiters.delete(id);
    clearTimeout(w.timer);
    return w;
  }

  private settle(frame: Buffer): void {
    let reply: EngineReply | { id: string | null; progress: unknown };
    try {
      reply = JSON.parse(frame.toString('utf8')) as typeof reply;
    } catch {
      return;
    }
    if (reply.id === null) return;
    if ('progress' in reply) {
      this.waiters.get(reply.id)?.onProgress?.(reply.progress);
      return;
    }
    const w = this.take(reply.id);
    if (!w) return;
    if (reply.ok) w.resolve(reply.result);
    else w.reject(new StuiError(reply.error.code as ErrorCode, reply.error.message, reply.error.detail ?? {}));
  }

  /** One piece of a large result (engine/client/wire.ts); the last one settles the call. */
  private part(headerFrame: Buffer, piece: Buffer): void {
    const header = parsePartHeader(headerFrame);
    if (!header) return;
    const w = this.waiters.get(header.id);
    if (!w) return;
    const pieces = (w.pieces ??= []);
    if (header.part !== pieces.length) {
      this.take(header.id);
      w.reject(new StuiError('E_FAILED', `the engine's answer arrived out of order (part ${header.part} after ${pieces.length}); run the command again`));
      return;
    }
    pieces.push(piece);
    if (!header.end) return;
    this.take(header.id);
    try {
      w.resolve(JSON.parse(Buffer.concat(pieces).toString('utf8')));
    } catch (err) {
      w.reject(new StuiError('E_FAILED', `the engine's answer could not be read: ${String(err)}; run the command again`));
    }
  }
}
