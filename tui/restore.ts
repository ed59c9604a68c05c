/**
 * Coming back exactly as left: which session to reopen, and the TUI's own preferences (layout,
 * focused pane, current workspace and inspector), which are recorded as pref.set events of that
 * session like any other change. Pure: the startup code fetches, these functions decide.
 */
import type { RestoreJson, SessionRow } from '../projections/index.js';
import { PANES, type PaneId } from './keymap.js';
import { isLayoutMode, type LayoutMode } from './layout.js';

export const PREF = {
  layout: 'tui.layout',
  focus: 'tui.focus',
  workspace: 'tui.workspace',
  inspector: 'tui.inspector',
} as const;

export interface TuiPrefs {
  layout: LayoutMode;
  focus: PaneId;
  workspace: string | null;
  inspector: string | null;
}

export const DEFAULT_PREFS: TuiPrefs = { layout: 'standard', focus: 'workspace', workspace: null, inspector: null };

/** The session worked in last: the live one whose stream moved last (every edit moves it). */
export function pickSession(rows: readonly SessionRow[], image?: string): SessionRow | null {
  let best: SessionRow | null = null;
  for (const r of rows) {
    if (r.state === 'orphaned' || r.state === 'archived') continue;
    if (image !== undefined && r.image !== image) continue;
    if (!best || r.lastSeq > best.lastSeq) best = r;
  }
  return best;
}

export function prefsOf(r: Pick<RestoreJson, 'prefs'>): TuiPrefs {
  const p = r.prefs;
  const focus = p[PREF.focus];
  return {
    layout: isLayoutMode(p[PREF.layout]) ? (p[PREF.layout] as LayoutMode) : DEFAULT_PREFS.layout,
    focus: typeof focus === 'string' && (PANES as readonly string[]).includes(focus) ? (focus as PaneId) : DEFAULT_PREFS.focus,
    workspace: typeof p[PREF.workspace] === 'string' ? (p[PREF.workspace] as string) : null,
    inspector: typeof p[PREF.inspector] === 'string' ? (p[PREF.inspector] as string) : null,
  };
}

/** The transcript pane's lines from a restore: the session's transcript, then what was evaluated. */
export function transcriptOf(r: Pick<RestoreJson, 'transcript' | 'history'>, keep = 200): string[] {
  const lines = r.transcript === '' ? [] : r.transcript.replace(/\n$/, '').split('\n');
  for (const h of r.history.slice(-keep)) lines.push(`${h.error ? '✗' : '→'} ${oneLine(h.code)}  ${oneLine(h.result)}`);
  return lines.slice(-keep);
}

export function oneLine(s: string, max = 200): string {
  const flat = s.replace(/\s*\n\s*/g, ' ⏎ ');
  return flat.length > max ? flat.slice(0, max - 1) + '…' : flat;
}
