import { Dealer } from 'zeromq';

/**
 * A bare DEALER for sending what a well-behaved client never would (junk, several frames, huge
 * messages) and reading whatever comes back.
 */
export class RawDealer {
  private readonly socket: Dealer;

  constructor(address: string, opts: { curve?: { serverKey: string; publicKey: string; secretKey: string } } = {}) {
    this.socket = new Dealer({ linger: 0, reconnectInterval: 50 });
    if (opts.curve) {
      this.socket.curveServerKey = opts.curve.serverKey;
      this.socket.curvePublicKey = opts.curve.publicKey;
      this.socket.curveSecretKey = opts.curve.secretKey;
    }
    this.socket.connect(address);
  }

  send(frames: Array<Buffer | string>): Promise<void> {
    return this.socket.send(frames);
  }

  sendJson(value: unknown): Promise<void> {
    return this.socket.send(JSON.stringify(value));
  }

  /** The next message as parsed JSON, or undefined if none arrives in time. */
  async receive(timeoutMs = 2000): Promise<Record<string, unknown> | undefined> {
    this.socket.receiveTimeout = timeoutMs;
    try {
      const [frame] = await this.socket.receive();
      return JSON.parse(frame!.toString('utf8')) as Record<string, unknown>;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'EAGAIN') return undefined;
      throw err;
    }
  }

  /** The next message that is not an image ping (pings are answered). */
  async receiveReply(timeoutMs = 2000): Promise<Record<string, unknown> | undefined> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const left = deadline - Date.now();
      if (left <= 0) return undefined;
      const m = await this.receive(left);
      if (!m || m.type !== 'ping') return m;
      await this.sendJson({ type: 'pong', id: m.id });
    }
  }

  close(): void {
    this.socket.close();
  }
}
