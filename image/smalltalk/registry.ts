/**
 * Per-session object ids. The same object always gets the same oid in a session, so an inspector
 * can come back to it; immediates (numbers, nil, booleans) are keyed by value.
 */
import type { Inspection, ObjectRef, Slot } from '../vm/api.js';
import { classOf } from './kernel.js';
import { StObject, type StValue } from './objects.js';
import { PRINT_LIMIT, safePrintString } from './printing.js';
import { slotsOf } from './slots.js';

const INDEXED_LIMIT = 100;
/** Slot values in an inspection print shorter than results, to keep inspections small. */
const SLOT_PRINT_LIMIT = 1000;

const immediateKey = (v: StValue): string => `${typeof v}:${typeof v === 'number' && Object.is(v, -0) ? '-0' : String(v)}`;

export class Registry {
  private nextOid = 1;
  private readonly byObject = new Map<StObject, number>();
  private readonly byImmediate = new Map<string, number>();
  private readonly objects = new Map<number, StValue>();

  oidOf(v: StValue): number {
    const existing = v instanceof StObject ? this.byObject.get(v) : this.byImmediate.get(immediateKey(v));
    if (existing !== undefined) return existing;
    const oid = this.nextOid++;
    this.bind(oid, v);
    return oid;
  }

  private bind(oid: number, v: StValue): void {
    if (v instanceof StObject) this.byObject.set(v, oid);
    else this.byImmediate.set(immediateKey(v), oid);
    this.objects.set(oid, v);
  }

  /** Every oid handed out, with its object (for saveState). */
  entries(): IterableIterator<[number, StValue]> {
    return this.objects.entries();
  }

  get next(): number {
    return this.nextOid;
  }

  /** Rebinds an oid from a saved state, so ids handed out before a restart stay valid. */
  restore(oid: number, v: StValue, next: number): void {
    this.bind(oid, v);
    this.nextOid = Math.max(this.nextOid, next, oid + 1);
  }

  ref(v: StValue, printLimit = PRINT_LIMIT): ObjectRef {
    return { oid: this.oidOf(v), className: classOf(v).displayName, printString: safePrintString(v, printLimit) };
  }

  has(oid: number): boolean {
    return this.objects.has(oid);
  }

  get(oid: number): StValue {
    return this.objects.get(oid) ?? null;
  }

  inspect(oid: number): Inspection {
    const v = this.get(oid);
    const { named, indexed } = slotsOf(v);
    const namedSlots: Slot[] = named.map(([name, value]) => ({ name, value: this.ref(value, SLOT_PRINT_LIMIT) }));
    const indexedSlots: Slot[] = [];
    const shown = Math.min(indexed.length, INDEXED_LIMIT);
    for (let i = 0; i < shown; i++) indexedSlots.push({ index: i + 1, value: this.ref(indexed[i] as StValue, SLOT_PRINT_LIMIT) });
    return { object: this.ref(v), named: namedSlots, indexed: indexedSlots, indexedSize: indexed.length };
  }
}
