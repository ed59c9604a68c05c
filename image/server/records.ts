import type { Reply } from '../../protocol/index.js';

/**
 * The reply record: per session, the replies to its last N requests, so a request resent after a
 * reconnect (same id) is answered from here and never executed twice. A request still running is
 * recorded as pending; a resend then only changes who gets the answer when it completes.
 */

export type RecordEntry<P> = { done: true; reply: Reply } | { done: false; answerTo: P };

/** The persisted form: session → [id, reply] pairs, oldest first. */
export type SavedRecords = Record<string, Array<[string, Reply]>>;

export class ReplyRecords<P> {
  private readonly sessions = new Map<string, Map<string, RecordEntry<P>>>();

  constructor(private readonly limit: number) {}

  get(session: string, id: string): RecordEntry<P> | undefined {
    return this.sessions.get(session)?.get(id);
  }

  /** Notes a request as running; its reply will go to `answerTo`. */
  begin(session: string, id: string, answerTo: P): void {
    let m = this.sessions.get(session);
    if (!m) this.sessions.set(session, (m = new Map()));
    m.set(id, { done: false, answerTo });
    this.trim(m);
  }

  /** A resend of a running request: answer the newest asker (the old connection may be gone). */
  redirect(session: string, id: string, answerTo: P): void {
    const e = this.get(session, id);
    if (e && !e.done) e.answerTo = answerTo;
  }

  /** Records the reply and returns whom to send it to. */
  finish(session: string, id: string, reply: Reply): P | undefined {
    const m = this.sessions.get(session);
    const e = m?.get(id);
    if (!m || !e || e.done) return undefined;
    m.set(id, { done: true, reply });
    return e.answerTo;
  }

  /** Forgets a running request without recording a reply (nothing happened, e.g. unknown session). */
  cancel(session: string, id: string): P | undefined {
    const m = this.sessions.get(session);
    const e = m?.get(id);
    if (!m || !e || e.done) return undefined;
    m.delete(id);
    if (m.size === 0) this.sessions.delete(session);
    return e.answerTo;
  }

  /** Completed replies only: a request that was running when the image stopped never happened. */
  save(): SavedRecords {
    const out: SavedRecords = {};
    for (const [session, m] of this.sessions) {
      const done: Array<[string, Reply]> = [];
      for (const [id, e] of m) if (e.done) done.push([id, e.reply]);
      if (done.length) out[session] = done;
    }
    return out;
  }

  load(saved: SavedRecords): void {
    for (const [session, pairs] of Object.entries(saved)) {
      if (!Array.isArray(pairs)) continue;
      const m = new Map<string, RecordEntry<P>>();
      for (const pair of pairs) {
        if (Array.isArray(pair) && typeof pair[0] === 'string' && pair[1] && typeof pair[1] === 'object') {
          m.set(pair[0], { done: true, reply: pair[1] });
        }
      }
      this.trim(m);
      if (m.size) this.sessions.set(session, m);
    }
  }

  /** Keeps the newest `limit` entries; a running request is never evicted. */
  private trim(m: Map<string, RecordEntry<P>>): void {
    if (m.size <= this.limit) return;
    for (const [id, e] of m) {
      if (m.size <= this.limit) break;
      if (e.done) m.delete(id);
    }
  }
}
