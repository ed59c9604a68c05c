/**
 * Connected clients as the image sees them (by ZeroMQ routing id), for heartbeats: a client the
 * image has not heard from for one heartbeat interval gets a ping; one silent for many intervals
 * is forgotten (ZeroMQ's own heartbeats close its connection meanwhile).
 */

interface Peer {
  rid: Buffer;
  lastHeard: number;
  pingedAt: number | undefined;
}

const FORGET_AFTER_INTERVALS = 10;

export class Peers {
  private readonly peers = new Map<string, Peer>();
  private pingCounter = 0;

  constructor(private readonly heartbeatMs: number) {}

  get size(): number {
    return this.peers.size;
  }

  heard(rid: Buffer, now = Date.now()): void {
    const key = rid.toString('hex');
    const p = this.peers.get(key);
    if (p) {
      p.lastHeard = now;
      p.pingedAt = undefined;
    } else {
      this.peers.set(key, { rid, lastHeard: now, pingedAt: undefined });
    }
  }

  /** Peers due a ping now, each with a fresh ping id; forgets long-silent ones. */
  due(now = Date.now()): Array<{ rid: Buffer; pingId: string }> {
    const out: Array<{ rid: Buffer; pingId: string }> = [];
    for (const [key, p] of this.peers) {
      const silent = now - p.lastHeard;
      if (silent > this.heartbeatMs * FORGET_AFTER_INTERVALS) {
        this.peers.delete(key);
      } else if (silent >= this.heartbeatMs && (p.pingedAt === undefined || now - p.pingedAt >= this.heartbeatMs)) {
        p.pingedAt = now;
        out.push({ rid: p.rid, pingId: `image-ping-${++this.pingCounter}` });
      }
    }
    return out;
  }
}
