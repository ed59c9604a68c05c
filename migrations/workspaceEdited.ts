import { registerUpcaster } from './upcasters.js';

/**
 * `workspace.edited` v1 recorded the whole workspace text after every edit; v2 records the edit
 * itself: replace [from, to) by `insert`, `to: null` meaning "to the end of the text". A v1 entry
 * is the edit that replaces everything, so folding v2 edits over it gives the same text.
 */
export interface WorkspaceEditedV1 {
  workspace: string;
  text: string;
}

export interface WorkspaceEditedV2 {
  workspace: string;
  from: number;
  to: number | null;
  insert: string;
}

function isV1(x: unknown): x is WorkspaceEditedV1 {
  if (typeof x !== 'object' || x === null) return false;
  const r = x as Record<string, unknown>;
  return typeof r.workspace === 'string' && typeof r.text === 'string';
}

registerUpcaster({
  type: 'workspace.edited',
  from: 1,
  to: 2,
  up(data: unknown): WorkspaceEditedV2 {
    if (!isV1(data)) throw new Error('expected {workspace: string, text: string}');
    return { workspace: data.workspace, from: 0, to: null, insert: data.text };
  },
});

/** Applies a v2 edit to a text (what projections do when folding edits). */
export function applyEdit(text: string, edit: WorkspaceEditedV2): string {
  const to = edit.to === null ? text.length : edit.to;
  return text.slice(0, edit.from) + edit.insert + text.slice(to);
}
