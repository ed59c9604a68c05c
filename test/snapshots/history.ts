/** Random but plausible event sequences for snapshot specifications, written through the real log. */
import type { NewEvent } from '../../engine/log/index.js';
import { prng } from '../../engine/random.js';
export { prng };


export const SESSIONS = ['s1', 's2', 'constructor'];
const IMAGES = ['a', 'b', 'c'];
const REASONS = ['refused', 'timed_out', 'silent', 'identity_changed', 'closed', 'protocol', 'engine_stopped'];

/**
 * Every catalogue type with random ids: sessions created and resumed onto other images (also
 * ones registered later or removed), images removed and registered again, identity changes,
 * engine stops and crashes, evaluations answered twice or never, malformed data.
 */
export function randomEvents(seed: number, n: number): NewEvent[] {
  const r = prng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)] as T;
  const int = (k: number): number => Math.floor(r() * k);
  const out: NewEvent[] = [];
  for (let i = 0; i < n; i++) {
    const s = pick(SESSIONS);
    const img = pick(IMAGES);
    const ws = pick(['w1', 'w2']);
    const req = `r${int(4)}`;
    const ev: [string, string, unknown][] = [
      ['engine.started', 'engine', { pid: int(100), version: '1' }],
      ['engine.stopped', 'engine', { pid: 1, reason: 'command' }],
      ['image.registered', `image:${img}`, { name: img, address: `tcp://127.0.0.1:${int(9)}` }],
      ['image.removed', `image:${img}`, { name: img }],
      ['image.identity_changed', `image:${img}`, { name: img, address: 'tcp://127.0.0.1:1', previousImageId: 'x', imageId: `id-${int(3)}` }],
      ['connection.connecting', `image:${img}`, { name: img, address: 'tcp://127.0.0.1:1', attempt: int(4) }],
      ['connection.connected', `image:${img}`, { name: img, address: 'tcp://127.0.0.1:1', imageId: `id-${int(3)}`, imageName: img, dialect: 'd', version: '1', protocol: 1, latencyMs: int(50) }],
      ['connection.heartbeat_missed', `image:${img}`, { name: img, missed: int(3), silentMs: int(3000) }],
      ['connection.lost', `image:${img}`, { name: img, reason: pick(REASONS) }],
      ['connection.reconnect_scheduled', `image:${img}`, { name: img, attempt: int(5), delayMs: int(4000), reason: pick(REASONS) }],
      ['connection.restored', `image:${img}`, { name: img, imageId: `id-${int(3)}`, downtimeMs: int(9000), attempts: int(5) }],
      ['session.created', s, { session: s, image: img, imageId: r() < 0.5 ? null : `id-${int(3)}` }],
      ['session.resumed', s, { session: s, image: img, imageId: r() < 0.5 ? null : `id-${int(3)}` }],
      ['session.orphaned', s, { session: s, image: img, reason: pick(['unreachable', 'removed', 'identity_changed']) }],
      ['session.archived', s, { session: s, image: img }],
      ['workspace.opened', s, { workspace: ws, title: `T${int(9)}` }],
      ['workspace.edited', s, { workspace: ws, from: int(12), to: r() < 0.3 ? null : int(12), insert: pick(['', 'x', 'ab\n', 'héllo']) }],
      ['workspace.closed', s, { workspace: ws }],
      ['eval.requested', s, { request: req, image: img, code: `${int(9)} + ${int(9)}` }],
      ['eval.completed', s, { request: req, result: String(int(20)), className: 'SmallInteger', oid: int(99), durationMs: int(9), variables: { x: String(int(5)), constructor: 'y' } }],
      ['eval.failed', s, { request: req, errorClass: 'ZeroDivide', messageText: 'Division by zero', stack: [], kind: 'smalltalk' }],
      ['inspector.opened', s, { inspector: `i${int(2)}`, oid: int(99), className: 'Object', printString: 'an Object' }],
      ['inspector.navigated', s, r() < 0.3 ? { inspector: `i${int(2)}`, back: true } : { inspector: `i${int(2)}`, via: pick(['x', 1]), oid: int(99), className: 'C', printString: 'a C' }],
      ['inspector.closed', s, { inspector: `i${int(2)}` }],
      ['transcript.appended', s, { text: pick(['hi\n', 'x', '']) }],
      ['pref.set', s, { key: pick(['theme', '__proto__']), value: pick(['dark', 3, null, [1]]) }],
      ['pref.set', s, 'not an object'],
    ];
    const [type, stream, data] = pick(ev);
    out.push({ type, stream, data });
  }
  return out;
}
