/**
 * A seeded, plausible STUI history as a stream of events (see generate.ts). Activity is skewed
 * the way real use is: sessions come and go (a new one every total/40 events, the oldest idle one
 * archived now and then), the newest few take most of the work, outages are rare, runs are long.
 */
import type { NewEvent } from '../engine/log/index.js';
import type { ConnectionReason, EventData, EventType } from '../engine/events.js';
import { prng } from '../engine/random.js';


interface Img {
  name: string;
  address: string;
  imageId: string;
  up: boolean;
  removed: boolean;
}

interface Sess {
  id: string;
  image: string;
  workspaces: { id: string; len: number; open: boolean }[];
  vars: Record<string, string>;
  inspectors: { id: string; depth: number }[];
  requests: number;
}

export const IMAGE_NAMES = ['dev', 'test', 'ci', 'remote', 'pharo'] as const;
const CODE: [string, string, string][] = [
  ['3 + 4', '7', 'SmallInteger'],
  ['(1 to: 100) inject: 0 into: [:a :b | a + b]', '5050', 'SmallInteger'],
  ["'hello' reversed", "'olleh'", 'String'],
  ['OrderedCollection new add: 1; add: 2; yourself', 'an OrderedCollection(1 2)', 'OrderedCollection'],
  ['x := Dictionary new. x at: #a put: 1. x', 'a Dictionary(#a->1 )', 'Dictionary'],
  ['100 factorial printString size', '158', 'SmallInteger'],
  ['Date today', '25 November 2026', 'Date'],
  ['#(3 1 2) asSortedCollection asArray', '#(1 2 3)', 'Array'],
];
const FAILS: [string, string, string][] = [
  ['1 / 0', 'ZeroDivide', 'Division by zero'],
  ['nil foo', 'MessageNotUnderstood', 'UndefinedObject>>foo'],
  ["#() at: 3", 'SubscriptOutOfBounds', 'Index 3 out of bounds'],
];
const TYPING = ['x := 3 + 4.', ' ', 'Transcript show: ', "'hi'", '; cr.', '\n', 'y := x * 2.', 'self halt.', '| a b |', 'a printString'];

export class SyntheticHistory {
  private readonly r: () => number;
  private readonly queue: NewEvent[] = [];
  private readonly images: Img[] = [];
  private readonly sessions: Sess[] = [];
  private produced = 0;
  private pid = 4000;
  private readonly restartEvery: number;
  private readonly crashAt: number;
  private nextRestart: number;
  private endgame = false;
  private readonly newSessionEvery: number;
  private nextSession: number;
  private created = 0;
  /** Sessions still worked in, oldest first. */
  private readonly pool: Sess[] = [];

  /**
   * `ports`: one loopback port per image in IMAGE_NAMES, with nothing listening on it. An engine
   * opened on the generated log dials every registered image for as long as it runs, so the log
   * names loopback only (see test/support/ports.ts, `closedPorts`).
   */
  constructor(seed: number, private readonly total: number, private readonly ports: readonly number[]) {
    if (ports.length < IMAGE_NAMES.length) throw new Error(`SyntheticHistory needs ${IMAGE_NAMES.length} ports, got ${ports.length}`);
    this.r = prng(seed);
    this.restartEvery = Math.max(2_000, Math.floor(total / 8));
    this.nextRestart = this.restartEvery;
    this.crashAt = Math.floor(total * 0.6);
    this.newSessionEvery = Math.max(500, Math.floor(total / 40));
    this.nextSession = this.newSessionEvery;
    this.setUp();
  }

  /** Exactly n more events. */
  take(n: number): NewEvent[] {
    while (this.queue.length < n) this.step();
    return this.queue.splice(0, n);
  }

  private emit<T extends EventType>(type: T, stream: string, data: EventData[T]): void {
    this.queue.push({ type, stream, data });
    this.produced++;
  }

  private int(n: number): number {
    return Math.floor(this.r() * n);
  }

  private pick<T>(xs: readonly T[]): T {
    return xs[this.int(xs.length)] as T;
  }

  private setUp(): void {
    this.emit('engine.started', 'engine', { pid: this.pid, version: '0.1.0' });
    IMAGE_NAMES.forEach((name, i) => {
      const img: Img = { name, address: `tcp://127.0.0.1:${this.ports[i]}`, imageId: `img-${name}-0001`, up: false, removed: false };
      this.images.push(img);
      this.emit('image.registered', `image:${name}`, { name, address: img.address });
      this.connect(img);
    });
    for (let i = 0; i < 8; i++) this.newSession();
  }

  private newSession(): void {
    const live = this.images.filter((i) => !i.removed);
    const img = live[this.created % live.length]!;
    const s: Sess = { id: `s-${String(this.created++).padStart(3, '0')}`, image: img.name, workspaces: [], vars: {}, inspectors: [], requests: 0 };
    this.sessions.push(s);
    this.pool.push(s);
    this.emit('session.created', s.id, { session: s.id, image: img.name, imageId: img.imageId });
    this.openWorkspace(s);
    // Every other new session, the oldest one in use is put away (its history stays).
    if (this.pool.length > 12 && this.created % 2 === 0) {
      const old = this.pool.shift()!;
      this.emit('session.archived', old.id, { session: old.id, image: old.image });
    } else if (this.pool.length > 16) this.pool.shift();
  }

  private connect(img: Img, attempt = 1): void {
    const stream = `image:${img.name}`;
    this.emit('connection.connecting', stream, { name: img.name, address: img.address, attempt });
    this.emit('connection.connected', stream, {
      name: img.name, address: img.address, imageId: img.imageId, imageName: img.name,
      dialect: img.name === 'pharo' ? 'Pharo' : 'stui-reference', version: '12.0', protocol: 1, latencyMs: 1 + this.int(40),
    });
    img.up = true;
  }

  private openWorkspace(s: Sess): void {
    const id = `w${s.workspaces.length + 1}`;
    s.workspaces.push({ id, len: 0, open: true });
    this.emit('workspace.opened', s.id, { workspace: id, title: `Workspace ${s.workspaces.length}` });
  }

  /** The newest sessions do most of the work. */
  private activeSession(): Sess {
    const live = this.pool;
    return live[live.length - 1 - Math.floor(live.length * this.r() * this.r())]!;
  }

  private step(): void {
    if (!this.endgame && this.produced >= this.total * 0.97) return this.endGame();
    if (!this.endgame && this.produced >= this.nextSession) {
      this.nextSession += this.newSessionEvery;
      return this.newSession();
    }
    if (this.produced >= this.nextRestart) {
      this.nextRestart += this.restartEvery;
      return this.restart(this.produced >= this.crashAt && this.produced - this.restartEvery < this.crashAt);
    }
    const x = this.r();
    if (x < 0.004) return this.outage();
    const s = this.activeSession();
    if (x < 0.45) return this.edit(s);
    if (x < 0.7) return this.evaluate(s);
    if (x < 0.8) return this.inspect(s);
    if (x < 0.88) return this.emit('transcript.appended', s.id, { text: `${this.pick(['hello', 'done', 'tick', 'result: 42'])}\n` });
    if (x < 0.89) return this.emit('pref.set', s.id, { key: this.pick(['theme', 'fontSize', 'autoIndent']), value: this.pick(['dark', 12, true]) });
    if (x < 0.9) return this.workspaceOpenClose(s);
    return this.edit(s);
  }

  private edit(s: Sess): void {
    let ws = s.workspaces.find((w) => w.open);
    if (!ws) {
      this.openWorkspace(s);
      ws = s.workspaces[s.workspaces.length - 1]!;
    }
    if (ws.len > 4000 || this.r() < 0.01) {
      const text = this.pick(TYPING);
      this.emit('workspace.edited', s.id, { workspace: ws.id, from: 0, to: null, insert: text });
      ws.len = text.length;
      return;
    }
    const text = this.pick(TYPING);
    const from = this.r() < 0.8 ? ws.len : this.int(ws.len + 1);
    this.emit('workspace.edited', s.id, { workspace: ws.id, from, to: from, insert: text, cursor: from + text.length, scroll: Math.floor(ws.len / 400) });
    ws.len += text.length;
  }

  private evaluate(s: Sess): void {
    const request = `${s.id}-r${++s.requests}`;
    const ws = s.workspaces.find((w) => w.open);
    if (this.r() < 0.15) {
      const [code, errorClass, messageText] = this.pick(FAILS);
      this.emit('eval.requested', s.id, { request, image: s.image, code, ...(ws ? { workspace: ws.id } : {}) });
      this.emit('eval.failed', s.id, { request, errorClass, messageText, stack: ['UndefinedObject>>DoIt'], kind: 'smalltalk' });
      return;
    }
    const [code, result, className] = this.pick(CODE);
    this.emit('eval.requested', s.id, { request, image: s.image, code, ...(ws ? { workspace: ws.id } : {}) });
    if (Object.keys(s.vars).length < 8 || this.r() < 0.3) s.vars[this.pick(['x', 'y', 'a', 'b', 'coll', 'dict', 'result', 'tmp', 'i'])] = result;
    this.emit('eval.completed', s.id, { request, result, className, oid: 1000 + s.requests, durationMs: this.int(30), variables: { ...s.vars } });
  }

  private inspect(s: Sess): void {
    const open = s.inspectors;
    const x = this.r();
    if (open.length === 0 || (x < 0.2 && open.length < 3)) {
      const id = `${s.id}-i${++s.requests}`;
      open.push({ id, depth: 1 });
      this.emit('inspector.opened', s.id, { inspector: id, oid: 2000 + s.requests, className: 'OrderedCollection', printString: 'an OrderedCollection(1 2 3)' });
      return;
    }
    const insp = this.pick(open);
    if (x < 0.7) {
      insp.depth++;
      this.emit('inspector.navigated', s.id, { inspector: insp.id, via: this.r() < 0.5 ? 'array' : 1 + this.int(3), oid: 3000 + this.int(1000), className: 'Array', printString: '#(1 2 3)' });
    } else if (x < 0.9 && insp.depth > 1) {
      insp.depth--;
      this.emit('inspector.navigated', s.id, { inspector: insp.id, back: true });
    } else {
      open.splice(open.indexOf(insp), 1);
      this.emit('inspector.closed', s.id, { inspector: insp.id });
    }
  }

  private workspaceOpenClose(s: Sess): void {
    const open = s.workspaces.filter((w) => w.open);
    if (open.length > 1 && this.r() < 0.5) {
      const ws = this.pick(open);
      ws.open = false;
      this.emit('workspace.closed', s.id, { workspace: ws.id });
    } else if (s.workspaces.length < 6) this.openWorkspace(s);
  }

  private outage(): void {
    const img = this.pick(this.images.filter((i) => i.up && !i.removed).concat([]));
    if (!img) return;
    const stream = `image:${img.name}`;
    const reason: ConnectionReason = this.pick(['silent', 'closed', 'timed_out', 'refused']);
    if (reason === 'silent') {
      this.emit('connection.heartbeat_missed', stream, { name: img.name, missed: 1, silentMs: 1000 });
      this.emit('connection.heartbeat_missed', stream, { name: img.name, missed: 2, silentMs: 2000 });
    }
    this.emit('connection.lost', stream, { name: img.name, reason, detail: reason === 'silent' ? 'no heartbeat for 2 s' : '' });
    const attempts = 1 + this.int(4);
    for (let a = 1; a <= attempts; a++) {
      this.emit('connection.reconnect_scheduled', stream, { name: img.name, attempt: a, delayMs: 100 * 2 ** a, reason });
      this.emit('connection.connecting', stream, { name: img.name, address: img.address, attempt: a });
    }
    this.emit('connection.restored', stream, { name: img.name, imageId: img.imageId, downtimeMs: 200 + this.int(5000), attempts });
  }

  /** A clean stop and start, or (crash) a start with no stop before it. */
  private restart(crash: boolean): void {
    if (!crash) {
      for (const img of this.images) if (img.up && !img.removed) this.emit('connection.lost', `image:${img.name}`, { name: img.name, reason: 'engine_stopped' });
      this.emit('engine.stopped', 'engine', { pid: this.pid, reason: this.r() < 0.5 ? 'command' : 'signal' });
    }
    this.pid += 1 + this.int(50);
    this.emit('engine.started', 'engine', { pid: this.pid, version: '0.1.0' });
    for (const img of this.images) if (!img.removed) this.connect(img);
    for (const s of this.pool) {
      const img = this.images.find((i) => i.name === s.image)!;
      if (!img.removed) this.emit('session.resumed', s.id, { session: s.id, image: s.image, imageId: img.imageId });
    }
  }

  /** Near the end: one image removed (its sessions orphaned), one gone for good. */
  private endGame(): void {
    this.endgame = true;
    const ci = this.images.find((i) => i.name === 'ci')!;
    ci.removed = true;
    ci.up = false;
    this.emit('image.removed', 'image:ci', { name: 'ci' });
    for (const s of this.pool.filter((x) => x.image === 'ci')) this.emit('session.orphaned', s.id, { session: s.id, image: 'ci', reason: 'removed' });
    const remote = this.images.find((i) => i.name === 'remote')!;
    remote.up = false;
    remote.removed = true; // no further traffic: it stays down
    this.emit('connection.lost', 'image:remote', { name: 'remote', reason: 'refused' });
    this.emit('connection.reconnect_scheduled', 'image:remote', { name: 'remote', attempt: 1, delayMs: 2000, reason: 'refused' });
    // Work goes on in the sessions of the images still there.
    const keep = this.pool.filter((x) => x.image !== 'ci' && x.image !== 'remote');
    this.pool.splice(0, this.pool.length, ...keep);
  }
}
