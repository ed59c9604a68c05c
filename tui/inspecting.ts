/**
 * The inspector's verbs: open on an object, drill into a slot, back, close, and asking the image
 * again for the slots of an inspector that was restored. Each recorded step goes through the
 * engine, so a restore shows the same path.
 */
import type { Inspection } from '../protocol/index.js';
import type { Controller } from './controller.js';
import { PREF } from './restore.js';
import { currentInspector, type InspectorView, type SlotRow } from './state.js';

export function slotsOf(i: Inspection): SlotRow[] {
  const rows: SlotRow[] = [];
  for (const s of i.named) if (s.name !== undefined) rows.push({ label: s.name, value: s.value.printString, via: s.name });
  for (const s of i.indexed) if (s.index !== undefined) rows.push({ label: `[${s.index}]`, value: s.value.printString, via: s.index });
  return rows;
}

export async function openInspector(c: Controller, oid: number): Promise<void> {
  const s = c.state;
  if (!s.session) return;
  const r = await c.bridge.call<{ inspector: string; inspection: Inspection }>('inspect', { session: s.session, oid });
  const o = r.inspection.object;
  s.inspectors.push({ id: r.inspector, path: [{ oid: o.oid, className: o.className, printString: o.printString, via: null }], slots: slotsOf(r.inspection), selected: 0, notice: null });
  s.currentInspector = s.inspectors.length - 1;
  c.pref(PREF.inspector, r.inspector);
  s.focus = 'inspector';
  c.pref(PREF.focus, 'inspector');
}

export async function drill(c: Controller): Promise<void> {
  const insp = currentInspector(c.state);
  const slot = insp?.slots?.[insp.selected];
  if (!insp || !slot) return;
  await guarded(insp, async () => {
    const r = await c.bridge.call<{ inspection: Inspection }>('navigate', { inspector: insp.id, via: slot.via });
    const o = r.inspection.object;
    insp.path.push({ oid: o.oid, className: o.className, printString: o.printString, via: slot.via });
    insp.slots = slotsOf(r.inspection);
    insp.selected = 0;
  });
}

export async function back(c: Controller): Promise<void> {
  const insp = currentInspector(c.state);
  if (!insp || insp.path.length <= 1) return;
  await guarded(insp, async () => {
    await c.bridge.call('back', { inspector: insp.id });
    const left = insp.path.pop()!;
    insp.slots = null;
    const rows = await show(c, insp);
    // Land on the slot we came back from.
    insp.selected = Math.max(0, rows.findIndex((r) => r.via === left.via));
  });
}

export async function close(c: Controller): Promise<void> {
  const s = c.state;
  const insp = currentInspector(s);
  if (!insp) return;
  await c.bridge.call('inspector.close', { inspector: insp.id });
  s.inspectors.splice(s.currentInspector, 1);
  s.currentInspector = Math.max(0, Math.min(s.currentInspector, s.inspectors.length - 1));
  c.pref(PREF.inspector, s.inspectors[s.currentInspector]?.id ?? null);
}

/** Asks the image for the slots of the inspector's current object (after a restore or back). */
export async function show(c: Controller, insp: InspectorView): Promise<SlotRow[]> {
  try {
    const r = await c.bridge.call<{ inspection: Inspection }>('inspector.show', { inspector: insp.id }, 10_000);
    insp.slots = slotsOf(r.inspection);
    insp.notice = null;
  } catch (err) {
    insp.slots = [];
    insp.notice = { text: `${(err as Error).message}. F5 asks again`, level: 'error' };
  }
  return insp.slots;
}

async function guarded(insp: InspectorView, fn: () => Promise<void>): Promise<void> {
  try {
    await fn();
    insp.notice = null;
  } catch (err) {
    insp.notice = { text: `${(err as Error).message}. F5 asks again`, level: 'error' };
  }
}
