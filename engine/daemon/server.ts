/**
 * The engine's command socket: a ZeroMQ ROUTER on `ipc://<home>/engine.sock`. Requests are
 * handled concurrently (an evaluation waiting on an image must not hold up a `sessions` call);
 * replies go out through one send queue, because a socket allows one send at a time. Input is
 * untrusted: a frame that is not a request gets an error reply, a client that vanished simply
 * never gets its reply (the ROUTER drops it), and nothing a client sends can stop the loop.
 */
import { Router } from 'zeromq';
import { isStuiError } from '../errors.js';
import { SendQueue } from '../../protocol/index.js';
import { jsonChunks } from './jsonChunks.js';
import { StreamedList } from '../session/streamed.js';
import { MAX_REQUEST_BYTES, parseRequest, type EngineReply, type EngineRequest } from '../client/wire.js';

/** Handles one request; `progress` sends the caller a note on a long call's way (wire.ts). */
export type Dispatch = (request: EngineRequest, progress: (value: unknown) => void) => Promise<unknown>;

/**
 * A reply this large (a restored session: its whole history) leaves several times its size of
 * garbage behind — the snapshot as read and as text, the parsed state, the reply's pieces — and
 * V8 lets megabytes of it pile up over back-to-back restores before it collects. When the engine
 * runs with --expose-gc (engine/client/spawn.ts starts it so), one full collection follows such
 * replies once they are handed to the socket; without it nothing changes.
 */
const LARGE_REPLY_CHARS = 256 * 1024;
/** Results longer than this go in parts (engine/client/wire.ts). */
const REPLY_PIECE_CHARS = 64 * 1024;
const collect = (globalThis as { gc?: () => void }).gc;

/** The reply to a call whose own reply could not be written as JSON. */
const unencodable = (id: string | null, err: unknown): EngineReply => ({
  id,
  ok: false,
  error: { code: 'E_FAILED', message: `reply could not be encoded: ${String(err)}`, detail: {} },
});

export class CommandServer {
  private readonly router: Router;
  private readonly queue: SendQueue;
  private closed = false;
  private inFlight = 0;
  private collecting = false;

  private constructor(router: Router, private readonly dispatch: Dispatch, private readonly diag: (m: string) => void) {
    this.router = router;
    this.queue = new SendQueue((frames) => this.router.send(frames));
  }

  static async bind(address: string, dispatch: Dispatch, diag: (m: string) => void): Promise<CommandServer> {
    // mandatory=false: a reply to a client that has gone is dropped instead of blocking the queue.
    // maxMessageSize: an oversized frame closes that client's connection before it is read.
    const router = new Router({ linger: 0, mandatory: false, maxMessageSize: MAX_REQUEST_BYTES });
    await router.bind(address);
    const server = new CommandServer(router, dispatch, diag);
    void server.loop();
    return server;
  }

  get pending(): number {
    return this.inFlight;
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.router.close();
  }

  private async loop(): Promise<void> {
    try {
      for await (const frames of this.router) this.receive(frames);
    } catch (err) {
      if (!this.closed) this.diag(`command socket failed: ${String(err)}`);
    }
  }

  private receive(frames: Buffer[]): void {
    const identity = frames[0]!;
    // A REQ client puts an empty delimiter frame in front of its message; answer in kind.
    const envelope = frames.length === 3 && frames[1]!.length === 0 ? [identity, Buffer.alloc(0)] : [identity];
    const body = frames.slice(envelope.length);
    if (body.length !== 1) {
      this.reply(envelope, { id: null, ok: false, error: { code: 'E_USAGE', message: `expected one frame holding a JSON request, got ${body.length}`, detail: {} } });
      return;
    }
    const parsed = parseRequest(body[0]!);
    if (!parsed.ok) {
      this.reply(envelope, { id: parsed.id, ok: false, error: { code: 'E_USAGE', message: parsed.message, detail: {} } });
      return;
    }
    const { request } = parsed;
    this.inFlight += 1;
    const progress = (value: unknown): void => {
      if (!this.closed) void this.send(envelope, [JSON.stringify({ id: request.id, progress: value })]);
    };
    this.dispatch(request, progress)
      .then(
        (result) =>
          result instanceof StreamedList
            ? this.replyStream(envelope, request, result)
            : this.reply(envelope, { id: request.id, ok: true, result: result ?? null }),
        (err: unknown) => this.reply(envelope, this.failure(request, err)),
      )
      .finally(() => {
        this.inFlight -= 1;
      });
  }

  private failure(request: EngineRequest, err: unknown): EngineReply {
    if (!isStuiError(err)) this.diag(`command ${request.cmd} failed: ${(err as Error)?.stack ?? String(err)}`);
    const error = isStuiError(err)
      ? { code: err.code, message: err.message, detail: err.detail }
      : { code: 'E_FAILED' as const, message: `the engine failed on ${request.cmd}: ${(err as Error)?.message ?? String(err)}`, detail: {} };
    return { id: request.id, ok: false, error };
  }

  /**
   * A list written as its items come, in parts of about REPLY_PIECE_CHARS: only the piece being
   * filled is held. An item that fails mid-way ends the call with an error reply, which takes the
   * place of the parts already sent.
   */
  private async replyStream(envelope: Buffer[], request: EngineRequest, list: StreamedList): Promise<void> {
    const id = request.id;
    let part = 0;
    let piece = '[';
    let first = true;
    try {
      for await (const item of list.items) {
        if (this.closed) return;
        piece += (first ? '' : ',') + (JSON.stringify(item, list.replacer) ?? 'null');
        first = false;
        if (piece.length >= REPLY_PIECE_CHARS) {
          await this.send(envelope, [JSON.stringify({ id, part: part++, end: false }), piece]);
          piece = '';
        }
      }
    } catch (err) {
      this.reply(envelope, this.failure(request, err));
      return;
    }
    await this.send(envelope, [JSON.stringify({ id, part, end: true }), piece + ']']);
  }

  private reply(envelope: Buffer[], reply: EngineReply): void {
    if (this.closed) return;
    if (reply.ok) {
      void this.replyResult(envelope, reply.id, reply.result);
      return;
    }
    void this.send(envelope, [this.encode(reply)]);
  }

  private encode(reply: EngineReply): string {
    try {
      return JSON.stringify(reply);
    } catch (err) {
      return JSON.stringify(unencodable(reply.id, err));
    }
  }

  private send(envelope: Buffer[], frames: string[]): Promise<void> {
    return this.queue.send([...envelope, ...frames]).catch((err: unknown) => {
      if (!this.closed) this.diag(`reply to a client could not be sent: ${String(err)}`);
    });
  }

  /**
   * A result that fits one piece goes as one frame, as any reply; a larger one goes piece by
   * piece, the next written only once the one before is handed to the socket, so at most two
   * pieces of it (the one going out, and the next, to know whether it is the last) are held
   * besides the result itself.
   */
  private async replyResult(envelope: Buffer[], id: string | null, result: unknown): Promise<void> {
    let total = 0;
    try {
      const pieces = jsonChunks(result, { chunkChars: REPLY_PIECE_CHARS });
      let piece = pieces.next();
      for (let part = 0; !piece.done; part++) {
        const next = piece.value;
        total += next.length;
        piece = pieces.next();
        if (part === 0 && piece.done) {
          await this.send(envelope, [`{"id":${JSON.stringify(id)},"ok":true,"result":${next}}`]);
          break;
        }
        if (this.closed) return;
        await this.send(envelope, [JSON.stringify({ id, part, end: piece.done === true }), next]);
      }
    } catch (err) {
      void this.send(envelope, [JSON.stringify(unencodable(id, err))]);
      return;
    }
    if (collect && total >= LARGE_REPLY_CHARS && !this.collecting) {
      // One collection for however many large replies are on their way at once.
      this.collecting = true;
      setImmediate(() => {
        this.collecting = false;
        collect();
      });
    }
  }
}
