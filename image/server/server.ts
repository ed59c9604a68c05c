import { randomUUID } from 'node:crypto';
import { curveKeyPair, Router } from 'zeromq';
import {
  checkClientMessage,
  decodeFrames,
  DEFAULT_EVAL_TIMEOUT_MS,
  DEFAULT_HEARTBEAT_MS,
  DEFAULT_MAX_MESSAGE_BYTES,
  DEFAULT_PORT,
  DEFAULT_REPLY_RECORD,
  encodeMessage,
  negotiateVersion,
  PROTOCOL_VERSIONS,
  SendQueue,
  StuiError,
} from '../../protocol/index.js';
import type { ErrorReply, HelloRequest, ImageLimits, ImageMessage, Reply } from '../../protocol/index.js';
import { fitPush, fitReply } from './fit.js';
import { isVmRequest, type VmRequest } from './handlers.js';
import { imageVersion, DIALECT } from './identity.js';
import { Peers } from './peers.js';
import { ReplyRecords } from './records.js';
import { loadIdentity, loadServerKeys, loadSnapshot, prepareStateDir, saveSnapshot, type Identity } from './stateDir.js';
import { VmHost } from './vmHost.js';
import { DEFAULT_VM_MODULE } from './vmModule.js';

/** The reference image's server: a ZeroMQ ROUTER speaking the STUI protocol in front of a VmHost. */

export { DEFAULT_EVAL_TIMEOUT_MS, DEFAULT_HEARTBEAT_MS, DEFAULT_PORT, DEFAULT_REPLY_RECORD } from '../../protocol/index.js';

export interface ImageServerOptions {
  name?: string;
  host?: string;
  /** 0 picks a free port. */
  port?: number;
  stateDir?: string;
  curve?: boolean;
  maxMessageBytes?: number;
  evalTimeoutMs?: number;
  heartbeatMs?: number;
  replyRecord?: number;
  /** Time past an evaluation's limit before its thread is presumed hung and replaced. */
  graceMs?: number;
  /** Module exporting the Smalltalk VM factory (default: the reference Smalltalk). */
  vmModule?: string;
  /** Diagnostics (restarts, failed writes); the CLI sends them to stderr. */
  log?: (line: string) => void;
}

export class ImageServer {
  readonly identity: Identity;
  readonly incarnation = randomUUID();
  readonly limits: ImageLimits;
  readonly heartbeatMs: number;
  /** The bound address, e.g. tcp://127.0.0.1:7428. */
  address = '';
  /** z85 public key when CURVE is on. */
  curvePublicKey: string | undefined;

  private readonly router: Router;
  private readonly out: SendQueue;
  private readonly records: ReplyRecords<Buffer>;
  private readonly peers: Peers;
  private readonly sessionPeers = new Map<string, Buffer>();
  private host: VmHost | undefined;
  private pinger: NodeJS.Timeout | undefined;
  private readonly log: (line: string) => void;

  private constructor(private readonly opts: ImageServerOptions, identity: Identity) {
    this.identity = identity;
    this.log = opts.log ?? (() => undefined);
    this.heartbeatMs = opts.heartbeatMs ?? DEFAULT_HEARTBEAT_MS;
    this.limits = {
      maxMessageBytes: opts.maxMessageBytes ?? DEFAULT_MAX_MESSAGE_BYTES,
      evalTimeoutMs: opts.evalTimeoutMs ?? DEFAULT_EVAL_TIMEOUT_MS,
      replyRecord: opts.replyRecord ?? DEFAULT_REPLY_RECORD,
    };
    this.records = new ReplyRecords<Buffer>(this.limits.replyRecord);
    this.peers = new Peers(this.heartbeatMs);
    // ROUTER options: linger 0 so close() never waits on dead peers; mandatory off so a reply to a
    // vanished client is dropped instead of blocking; handover lets a client reclaim its routing
    // id; ZMTP heartbeats close half-dead connections. ZeroMQ itself disconnects a peer sending more
    // than twice the limit (cheap protection for memory); messages between the limit and that get
    // a clear too_large error from the decoder.
    this.router = new Router({
      linger: 0,
      mandatory: false,
      handover: true,
      maxMessageSize: this.limits.maxMessageBytes * 2 + 1024,
      heartbeatInterval: 1000,
      heartbeatTimeout: 5000,
      heartbeatTimeToLive: 5000,
    });
    this.out = new SendQueue((frames) => this.router.send(frames));
  }

  static async start(opts: ImageServerOptions): Promise<ImageServer> {
    let identity: Identity;
    if (opts.stateDir) {
      prepareStateDir(opts.stateDir);
      identity = loadIdentity(opts.stateDir, opts.name);
    } else {
      if (!opts.name) throw new StuiError('E_USAGE', 'the image needs a name: stui image serve --name NAME');
      identity = { imageId: randomUUID(), name: opts.name };
    }
    const server = new ImageServer(opts, identity);
    const snapshot = opts.stateDir ? loadSnapshot(opts.stateDir) : undefined;
    if (snapshot) server.records.load(snapshot.records);
    if (opts.curve) {
      // Without a state dir the key pair lives only as long as the process.
      const pair = opts.stateDir ? loadServerKeys(opts.stateDir) : curveKeyPair();
      server.router.curveServer = true;
      server.router.curveSecretKey = pair.secretKey;
      server.router.curvePublicKey = pair.publicKey;
      server.curvePublicKey = pair.publicKey;
    }
    await server.bind(opts.host ?? '127.0.0.1', opts.port ?? DEFAULT_PORT);
    try {
      server.host = await VmHost.start({
        vmModule: opts.vmModule ?? DEFAULT_VM_MODULE,
        ...(snapshot?.world ? { state: snapshot.world } : {}),
        graceMs: opts.graceMs ?? 2000,
        snapshots: opts.stateDir ? 'always' : 'adaptive',
        onTranscript: (req, text) => server.pushTranscript(req, text),
        onRestart: (reason) => server.log(`evaluator restarted: ${reason}`),
      });
    } catch (err) {
      server.router.close();
      throw err;
    }
    void server.receiveLoop();
    server.pinger = setInterval(() => server.pingQuietPeers(), Math.max(50, Math.floor(server.heartbeatMs / 2)));
    return server;
  }

  async close(): Promise<void> {
    clearInterval(this.pinger);
    this.router.close();
    await this.host?.close();
  }

  private async bind(host: string, port: number): Promise<void> {
    const endpoint = `tcp://${host}:${port === 0 ? '*' : port}`;
    try {
      await this.router.bind(endpoint);
    } catch (err) {
      this.router.close();
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'EADDRINUSE') {
        throw new StuiError('E_ADDRESS_IN_USE', `tcp://${host}:${port} is already in use; pick another --port (or --port 0 for any free one)`);
      }
      throw new StuiError('E_FAILED', `cannot listen on tcp://${host}:${port} (${(err as Error).message}); check --host and --port`);
    }
    this.address = this.router.lastEndpoint ?? endpoint;
  }

  private send(rid: Buffer, msg: ImageMessage): void {
    this.out.send([rid, encodeMessage(msg)]).catch((err: unknown) => this.log(`send failed: ${(err as Error).message}`));
  }

  private async receiveLoop(): Promise<void> {
    try {
      for await (const [rid, ...frames] of this.router) {
        if (!rid) continue;
        try {
          this.handle(rid, frames);
        } catch (err) {
          // Nothing a peer sends may stop the loop; a bug here costs one message, not the image.
          this.log(`internal error handling a message: ${(err as Error)?.stack ?? String(err)}`);
        }
      }
    } catch {
      // The socket was closed.
    }
  }

  private handle(rid: Buffer, frames: Buffer[]): void {
    this.peers.heard(rid);
    const decoded = decodeFrames(frames, this.limits.maxMessageBytes);
    if (!decoded.ok) {
      this.send(rid, { type: 'error', id: null, code: decoded.code, message: decoded.message });
      return;
    }
    const checked = checkClientMessage(decoded.value);
    if (!checked.ok) {
      this.send(rid, { type: 'error', id: checked.id, code: checked.code, message: checked.message });
      return;
    }
    const msg = checked.msg;
    switch (msg.type) {
      case 'pong':
        return;
      case 'ping':
        this.send(rid, {
          type: 'pong',
          id: msg.id,
          ...(msg.session ? { session: msg.session } : {}),
          imageId: this.identity.imageId,
          incarnation: this.incarnation,
          time: Date.now(),
        });
        return;
      case 'hello':
        this.send(rid, this.welcome(msg));
        return;
      default:
        if (isVmRequest(msg)) this.sessionRequest(rid, msg);
    }
  }

  private welcome(msg: HelloRequest): Reply {
    const protocol = negotiateVersion(msg.versions, PROTOCOL_VERSIONS);
    const session = msg.session ? { session: msg.session } : {};
    if (protocol === undefined) {
      const err: ErrorReply = {
        type: 'error',
        id: msg.id,
        ...session,
        code: 'version_mismatch',
        message: `this image speaks protocol versions ${PROTOCOL_VERSIONS.join(', ')}; the client offered ${msg.versions.join(', ')}. Upgrade the older side`,
        detail: { supported: [...PROTOCOL_VERSIONS], offered: msg.versions },
      };
      return err;
    }
    return {
      type: 'welcome',
      id: msg.id,
      ...session,
      protocol,
      imageId: this.identity.imageId,
      name: this.identity.name,
      dialect: DIALECT,
      version: imageVersion(),
      incarnation: this.incarnation,
      limits: this.limits,
      heartbeatMs: this.heartbeatMs,
    };
  }

  private sessionRequest(rid: Buffer, req: VmRequest): void {
    this.sessionPeers.set(req.session, rid);
    const entry = this.records.get(req.session, req.id);
    if (entry?.done) {
      this.send(rid, { ...entry.reply, fromRecord: true });
      return;
    }
    if (entry) {
      this.records.redirect(req.session, req.id, rid);
      return;
    }
    this.records.begin(req.session, req.id, rid);
    const limit = this.limits.evalTimeoutMs;
    const timeoutMs = req.type === 'evaluate' && req.timeoutMs ? Math.min(req.timeoutMs, limit) : limit;
    void this.host!.run(req, timeoutMs).then((done) => {
      const reply = fitReply(done.reply, this.limits.maxMessageBytes);
      // Requests that changed nothing are not kept: a resend finds the same nothing.
      const nothingHappened =
        (reply.type === 'error' && reply.code === 'unknown_session') || (reply.type === 'session.closed' && !reply.existed);
      const answerTo = nothingHappened ? this.records.cancel(req.session, req.id) : this.records.finish(req.session, req.id, reply);
      // Saved before the reply leaves; requests that changed nothing ride along with the next save.
      if (done.state) this.persist();
      if (answerTo) this.send(answerTo, reply);
    });
  }

  /** Writes world and records before the reply leaves, so an acknowledged request survives kill -9. */
  private persist(): void {
    const dir = this.opts.stateDir;
    if (!dir) return;
    try {
      saveSnapshot(dir, { world: this.host?.lastState, records: this.records.save() });
    } catch (err) {
      this.log(`could not save the image state to ${dir}: ${(err as Error).message}`);
    }
  }

  private pushTranscript(req: VmRequest, text: string): void {
    const rid = this.sessionPeers.get(req.session);
    if (rid) this.send(rid, fitPush({ type: 'transcript', session: req.session, requestId: req.id, text }, this.limits.maxMessageBytes));
  }

  private pingQuietPeers(): void {
    for (const { rid, pingId } of this.peers.due()) this.send(rid, { type: 'ping', id: pingId });
  }
}
