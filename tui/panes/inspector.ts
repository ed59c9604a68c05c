/** The inspector pane: the path walked so far, the current object, and its slots. */
import { currentInspector, type AppState } from '../state.js';
import type { Frame } from './frame.js';
import { tagged } from './text.js';
import { noticeLine } from './workspace.js';

export function renderInspector(frame: Frame, s: AppState, focused: boolean): void {
  const { width, height } = frame.inner;
  const insp = currentInspector(s);
  const n = s.inspectors.length;
  frame.setTitle(n > 1 ? `Inspector ${s.currentInspector + 1}/${n}` : 'Inspector');
  if (!insp) {
    frame.setContent(tagged([{ text: 'Ctrl-O in a workspace inspects the expression', style: ['gray-fg'] }], width));
    return;
  }
  const top = insp.path[insp.path.length - 1]!;
  const out: string[] = [];
  const crumbs = insp.path.map((l, i) => (i === 0 ? l.className : String(l.via))).join(' › ');
  out.push(tagged([{ text: crumbs, style: ['gray-fg'] }], width));
  out.push(tagged([{ text: top.printString, style: ['bold'] }, { text: `  ${top.className}`, style: ['gray-fg'] }], width));
  const room = height - out.length - (insp.notice ? 1 : 0);
  const slots = insp.slots ?? [];
  if (insp.slots === null && !insp.notice) out.push(tagged([{ text: 'asking the image…', style: ['gray-fg'] }], width));
  if (insp.slots !== null && slots.length === 0) out.push(tagged([{ text: '(no slots)', style: ['gray-fg'] }], width));
  const first = Math.max(0, Math.min(insp.selected - room + 1, slots.length - room));
  slots.slice(first, first + Math.max(0, room)).forEach((slot, i) => {
    const selected = first + i === insp.selected;
    const name = slot.label.padEnd(Math.min(12, Math.max(4, Math.floor(width / 3))));
    const style = selected && focused ? ['inverse'] : selected ? ['underline'] : undefined;
    out.push(tagged([{ text: `${name} ${slot.value}`, ...(style ? { style } : {}) }], width));
  });
  while (out.length < height - 1) out.push('');
  if (insp.notice) out.push(noticeLine(insp.notice, width));
  frame.setContent(out.slice(0, height).join('\n'));
}
