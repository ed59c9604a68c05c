/**
 * saveState/load: globals, every session's workspace variables and every session's object ids,
 * as one object graph the way a saved image keeps it — shared references and cycles survive, and
 * an oid handed out before a save still names the same object after a load. Blocks, exceptions,
 * streams and other objects bound to a running evaluation cannot be saved: variables holding
 * them come back as nil and their oids are forgotten.
 */
import { decode, encode } from 'cbor-x';
import { keyFor } from './classes/hashedCore.js';
import { K, char, classes, sym } from './kernel.js';
import {
  StArray,
  StAssoc,
  StBlock,
  StByteArray,
  StChar,
  StClass,
  StDict,
  StFraction,
  StInstance,
  StInterval,
  StMetaclass,
  StNativeBlock,
  StObject,
  StOrdered,
  StPoint,
  StScaled,
  StSet,
  StStream,
  StString,
  StSymbol,
  type StValue,
} from './objects.js';
import { World } from './world.js';

const FORMAT = 'stui-smalltalk-state/2';

/**
 * An encoded value, kept small because the state is saved often: nil and booleans as themselves,
 * an integer n within ±2^52 as the even number 2n, object number i as the odd number 2i+1, other
 * integers as 'n<digits>', floats as 'f<shortest digits>'.
 */
type Ref = null | boolean | number | string;
type Rec = unknown[];

interface SavedSession {
  id: string;
  vars: [string, Ref][];
  oids: [number, Ref][];
  nextOid: number;
}

interface SavedState {
  format: string;
  objects: Rec[];
  globals: [string, Ref][];
  sessions: SavedSession[];
}

const SAFE = 2 ** 52;

function savable(o: StObject): boolean {
  if (o instanceof StBlock || o instanceof StNativeBlock || o instanceof StStream) return false;
  if (!(o instanceof StInstance)) return true;
  const c = o.cls;
  return c === K.Object || c === K.Message || c === K.SystemDictionary || c === K.ThreadSafeTranscript;
}

export function saveWorld(world: World): Uint8Array {
  const index = new Map<StObject, number>();
  const objects: Rec[] = [];
  const pending: StObject[] = [];

  const ref = (v: StValue): Ref | undefined => {
    if (v === null || typeof v === 'boolean') return v;
    if (typeof v === 'bigint') return v > -SAFE && v < SAFE ? Number(v) * 2 : `n${v}`;
    if (typeof v === 'number') return `f${Object.is(v, -0) ? '-0' : String(v)}`;
    if (!savable(v)) return undefined;
    let i = index.get(v);
    if (i === undefined) {
      i = objects.length;
      index.set(v, i);
      objects.push([]);
      pending.push(v);
    }
    return i * 2 + 1;
  };
  const refOrNil = (v: StValue): Ref => ref(v) ?? null;

  const globals: [string, Ref][] = [...world.globals].map(([k, v]) => [k, refOrNil(v)]);
  const sessions: SavedSession[] = [];
  for (const [id, s] of world.sessions) {
    const oids: [number, Ref][] = [];
    for (const [oid, v] of s.registry.entries()) {
      const r = ref(v);
      if (r !== undefined) oids.push([oid, r]);
    }
    sessions.push({ id, vars: [...s.workspace].map(([k, v]) => [k, refOrNil(v)]), oids, nextOid: s.registry.next });
  }
  while (pending.length) {
    const o = pending.pop() as StObject;
    objects[index.get(o) as number] = record(o, refOrNil);
  }
  const state: SavedState = { format: FORMAT, objects, globals, sessions };
  return new Uint8Array(encode(state));
}

function record(o: StObject, ref: (v: StValue) => Ref): Rec {
  if (o instanceof StString) return ['str', o.cls.name, o.chars, o.readOnly];
  if (o instanceof StSymbol) return ['sym', o.chars];
  if (o instanceof StChar) return ['chr', o.code];
  if (o instanceof StArray) return ['arr', o.cls.name, o.items.map(ref), o.readOnly];
  if (o instanceof StByteArray) return ['bytes', o.bytes, o.readOnly];
  if (o instanceof StOrdered) return ['ord', o.cls.name, o.items.map(ref), ref(o.sortBlock)];
  if (o instanceof StDict) {
    const flat: Ref[] = [];
    for (const a of o.map.values()) flat.push(ref(a.key), ref(a.value));
    return ['dict', o.cls.name, flat];
  }
  if (o instanceof StSet) {
    const flat: (Ref | number)[] = [];
    for (const e of o.map.values()) flat.push(ref(e.value), e.count);
    return ['set', o.cls.name, flat];
  }
  if (o instanceof StInterval) return ['interval', ref(o.from), ref(o.to), ref(o.by)];
  if (o instanceof StAssoc) return ['assoc', ref(o.key), ref(o.value)];
  if (o instanceof StPoint) return ['point', ref(o.x), ref(o.y)];
  if (o instanceof StScaled) return ['scaled', o.n.toString(), o.d.toString(), o.scale];
  if (o instanceof StFraction) return ['frac', o.n.toString(), o.d.toString()];
  if (o instanceof StClass) return ['class', o.name];
  if (o instanceof StMetaclass) return ['meta', o.thisClass.name];
  if (o instanceof StInstance) {
    if (o.cls === K.SystemDictionary) return ['smalltalk'];
    if (o.cls === K.ThreadSafeTranscript) return ['transcript'];
    const flat: (string | Ref)[] = [];
    for (const [k, v] of o.vars) flat.push(k, ref(v));
    return ['inst', o.cls.name, flat];
  }
  return ['nil'];
}

export function loadWorld(bytes: Uint8Array): World {
  const state = decode(bytes) as SavedState;
  if (!state || state.format !== FORMAT || !Array.isArray(state.objects)) throw new Error('not a saved Smalltalk state');
  const world = new World();
  const built: StValue[] = new Array<StValue>(state.objects.length).fill(null);
  const cls = (name: unknown, fallback: StClass): StClass => classes.get(String(name)) ?? fallback;
  const val = (r: unknown): StValue => {
    if (r === null || typeof r === 'boolean') return r;
    if (typeof r === 'number') return r % 2 === 0 ? BigInt(r / 2) : (built[(r - 1) / 2] ?? null);
    if (typeof r === 'string') return r.startsWith('n') ? BigInt(r.slice(1)) : Number(r.slice(1));
    return null;
  };

  // First every object as an empty shell, so references (and cycles) can point at it.
  state.objects.forEach((rec, i) => {
    const [kind, a, b, c] = rec;
    switch (kind) {
      case 'str':
        built[i] = new StString(cls(a, K.ByteString), String(b), c === true);
        break;
      case 'sym':
        built[i] = sym(String(a));
        break;
      case 'chr':
        built[i] = char(Number(a));
        break;
      case 'arr':
        built[i] = new StArray(cls(a, K.Array), [], c === true);
        break;
      case 'bytes':
        built[i] = new StByteArray(K.ByteArray, (a as number[]).map(Number), b === true);
        break;
      case 'ord':
        built[i] = new StOrdered(cls(a, K.OrderedCollection), []);
        break;
      case 'dict':
        built[i] = new StDict(cls(a, K.Dictionary));
        break;
      case 'set':
        built[i] = new StSet(cls(a, K.Set));
        break;
      case 'assoc':
        built[i] = new StAssoc(K.Association, null, null);
        break;
      case 'point':
        built[i] = new StPoint(K.Point, null, null);
        break;
      case 'scaled':
        built[i] = new StScaled(K.ScaledDecimal, BigInt(String(a)), BigInt(String(b)), Number(c));
        break;
      case 'frac':
        built[i] = new StFraction(K.Fraction, BigInt(String(a)), BigInt(String(b)));
        break;
      case 'class':
        built[i] = classes.get(String(a)) ?? null;
        break;
      case 'meta':
        built[i] = classes.get(String(a))?.meta ?? null;
        break;
      case 'smalltalk':
        built[i] = world.smalltalk;
        break;
      case 'transcript':
        built[i] = world.transcriptObject;
        break;
      case 'inst':
        built[i] = new StInstance(cls(a, K.Object));
        break;
      default:
        built[i] = null;
    }
  });
  // Intervals are immutable, so they are built as soon as their bounds (numbers) exist.
  state.objects.forEach((rec, i) => {
    if (rec[0] === 'interval') built[i] = new StInterval(K.Interval, val(rec[1]), val(rec[2]), val(rec[3]));
  });
  state.objects.forEach((rec, i) => {
    const o = built[i];
    const [kind, a, b, c] = rec;
    if (o instanceof StArray) o.items = (b as unknown[]).map(val);
    else if (o instanceof StOrdered) {
      o.items = (b as unknown[]).map(val);
      o.sortBlock = val(c);
    } else if (o instanceof StAssoc) {
      o.key = val(a);
      o.value = val(b);
    } else if (o instanceof StPoint) {
      o.x = val(a);
      o.y = val(b);
    } else if (o instanceof StInstance && kind === 'inst') {
      const flat = b as unknown[];
      for (let j = 0; j < flat.length; j += 2) o.set(String(flat[j]), val(flat[j + 1]));
    }
  });
  // Hashed collections last: their keys must be complete before equality keys are computed.
  state.objects.forEach((rec, i) => {
    const o = built[i];
    const flat = rec[2] as unknown[];
    if (o instanceof StDict) {
      for (let j = 0; j < flat.length; j += 2) {
        const key = val(flat[j]);
        o.map.set(keyFor(o.cls, key), new StAssoc(K.Association, key, val(flat[j + 1])));
      }
    } else if (o instanceof StSet) {
      for (let j = 0; j < flat.length; j += 2) {
        const value = val(flat[j]);
        o.map.set(keyFor(o.cls, value), { value, count: Number(flat[j + 1]) });
      }
    }
  });
  for (const [name, r] of state.globals) world.globals.set(name, val(r));
  for (const saved of state.sessions) {
    const s = world.session(saved.id);
    for (const [name, r] of saved.vars) s.workspace.set(name, val(r));
    for (const [oid, r] of saved.oids) s.registry.restore(oid, val(r), saved.nextOid);
  }
  return world;
}
