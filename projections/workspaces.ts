/**
 * Workspace text, rebuilt from workspace.* events. Edits are v2 range edits: replace [from, to) by
 * `insert`, `to: null` meaning to the end (the log upcasts older whole-text edits on read).
 */
import type { EventData } from '../engine/events.js';
import type { Dict } from './projection.js';

export interface Workspace {
  id: string;
  title: string;
  text: string;
  cursor: number;
  scroll: number;
  open: boolean;
  /** Seq of the first opening; orders workspaces as the user opened them. */
  openedSeq: number;
}

export type Workspaces = Dict<Workspace>;

/**
 * Opens a workspace, or reopens a closed one with the text it had (closing a pane loses nothing).
 * Opening an open workspace again only renames it.
 */
export function openWorkspace(workspaces: Workspaces, d: Partial<EventData['workspace.opened']>, seq: number): void {
  if (typeof d.workspace !== 'string') return;
  const ws = workspaces[d.workspace] ?? blank(workspaces, d.workspace, seq);
  if (typeof d.title === 'string') ws.title = d.title;
  ws.open = true;
}

export function editWorkspace(workspaces: Workspaces, d: Partial<EventData['workspace.edited']>, seq: number): void {
  if (typeof d.workspace !== 'string' || typeof d.from !== 'number') return;
  // An edit to a workspace we never saw open still carries text worth keeping.
  const ws = workspaces[d.workspace] ?? blank(workspaces, d.workspace, seq);
  const insert = typeof d.insert === 'string' ? d.insert : '';
  const start = clamp(d.from, 0, ws.text.length);
  ws.text = applyEdit(ws.text, d.from, typeof d.to === 'number' ? d.to : null, insert);
  // Without an explicit cursor the caret ends up after the inserted text, as when typing.
  ws.cursor = clamp(typeof d.cursor === 'number' ? d.cursor : start + insert.length, 0, ws.text.length);
  if (typeof d.scroll === 'number') ws.scroll = Math.max(0, Math.trunc(d.scroll));
}

export function closeWorkspace(workspaces: Workspaces, d: Partial<EventData['workspace.closed']>): void {
  const ws = typeof d.workspace === 'string' ? workspaces[d.workspace] : undefined;
  if (ws) ws.open = false;
}

/**
 * Replaces [from, to) of `text` by `insert`; positions outside the text are clamped to it and a
 * `to` before `from` deletes nothing. Appending (typing at the end, the common case) concatenates
 * without slicing, which keeps long texts cheap to grow.
 */
export function applyEdit(text: string, from: number, to: number | null, insert: string): string {
  const len = text.length;
  const start = clamp(from, 0, len);
  const end = to === null ? len : clamp(to, start, len);
  if (start === len) return insert === '' ? text : text + insert;
  return text.slice(0, start) + insert + text.slice(end);
}

/** Open workspaces in the order they were first opened. */
export function openWorkspaces(workspaces: Workspaces): Workspace[] {
  return Object.values(workspaces)
    .filter((w) => w.open)
    .sort((a, b) => a.openedSeq - b.openedSeq);
}

function blank(workspaces: Workspaces, id: string, seq: number): Workspace {
  const ws: Workspace = { id, title: id, text: '', cursor: 0, scroll: 0, open: true, openedSeq: seq };
  workspaces[id] = ws;
  return ws;
}

function clamp(n: number, lo: number, hi: number): number {
  if (!Number.isFinite(n)) return n > 0 ? hi : lo;
  return Math.min(hi, Math.max(lo, Math.trunc(n)));
}
