/**
 * Every key the TUI answers, in one table: the dispatcher reads it and the F1 help (and
 * docs/tui.md) print it, so the help can never list a key that does nothing or miss one that does.
 * Keys are neo-blessed names ('C-p', 'S-left', 'f1', 'enter'). neo-blessed reports a carriage
 * return twice, as 'enter' and as 'return': only 'enter' is ever bound.
 */

export type PaneId = 'images' | 'workspace' | 'inspector' | 'transcript';
export const PANES: readonly PaneId[] = ['images', 'workspace', 'inspector', 'transcript'];

export type Scope = 'global' | PaneId | 'history' | 'audit' | 'orphans' | 'help' | 'confirm';

export type Action =
  // global
  | 'quit' | 'help' | 'nextPane' | 'prevPane' | 'history' | 'audit' | 'orphans' | 'cycleLayout' | 'retry'
  // workspace
  | 'printIt' | 'doIt' | 'inspectIt' | 'undo' | 'redo' | 'selectAll' | 'copy' | 'cut' | 'paste'
  | 'newWorkspace' | 'nextWorkspace' | 'closeWorkspace'
  | 'left' | 'right' | 'up' | 'down' | 'lineStart' | 'lineEnd' | 'docStart' | 'docEnd' | 'wordLeft' | 'wordRight'
  | 'pageUp' | 'pageDown'
  | 'selLeft' | 'selRight' | 'selUp' | 'selDown' | 'selLineStart' | 'selLineEnd'
  | 'newline' | 'backspace' | 'delete'
  // lists (images, inspector, overlays)
  | 'listUp' | 'listDown' | 'open' | 'back' | 'close' | 'newSession' | 'prevInspector' | 'nextInspector'
  // history
  | 'stepBack' | 'stepForward' | 'jumpBack' | 'jumpForward' | 'oldest' | 'newest' | 'copyOld'
  // orphans / confirm
  | 'archive' | 'yes' | 'no';

export interface Binding {
  scope: Scope;
  keys: string[];
  action: Action;
  help: string;
}

export const BINDINGS: readonly Binding[] = [
  { scope: 'global', keys: ['C-q'], action: 'quit', help: 'quit the TUI (engine and connections keep running)' },
  { scope: 'global', keys: ['f1'], action: 'help', help: 'this help' },
  { scope: 'global', keys: ['tab'], action: 'nextPane', help: 'next pane' },
  { scope: 'global', keys: ['S-tab'], action: 'prevPane', help: 'previous pane' },
  { scope: 'global', keys: ['f2'], action: 'history', help: "history: scrub through the session's past" },
  { scope: 'global', keys: ['f3'], action: 'audit', help: 'audit: connection history of every image' },
  { scope: 'global', keys: ['f4'], action: 'orphans', help: 'orphaned sessions, archive them' },
  { scope: 'global', keys: ['f5'], action: 'retry', help: 'retry now: redial image, rerun failed call' },
  { scope: 'global', keys: ['f6'], action: 'cycleLayout', help: 'layout: standard / wide editor / editor only' },

  { scope: 'workspace', keys: ['C-p'], action: 'printIt', help: 'print it: result inserted after the expression, selected' },
  { scope: 'workspace', keys: ['C-d'], action: 'doIt', help: 'do it' },
  { scope: 'workspace', keys: ['C-o'], action: 'inspectIt', help: 'inspect it (the expression = the selection, else the line)' },
  { scope: 'workspace', keys: ['C-z'], action: 'undo', help: 'undo' },
  { scope: 'workspace', keys: ['C-y'], action: 'redo', help: 'redo' },
  { scope: 'workspace', keys: ['C-a'], action: 'selectAll', help: 'select all' },
  { scope: 'workspace', keys: ['C-c'], action: 'copy', help: 'copy' },
  { scope: 'workspace', keys: ['C-x'], action: 'cut', help: 'cut' },
  { scope: 'workspace', keys: ['C-v'], action: 'paste', help: 'paste' },
  { scope: 'workspace', keys: ['C-n'], action: 'newWorkspace', help: 'new workspace' },
  { scope: 'workspace', keys: ['f8'], action: 'nextWorkspace', help: 'next workspace' },
  { scope: 'workspace', keys: ['C-w'], action: 'closeWorkspace', help: 'close workspace (its text stays in history)' },
  { scope: 'workspace', keys: ['left'], action: 'left', help: 'move' },
  { scope: 'workspace', keys: ['right'], action: 'right', help: 'move' },
  { scope: 'workspace', keys: ['up'], action: 'up', help: 'move' },
  { scope: 'workspace', keys: ['down'], action: 'down', help: 'move' },
  { scope: 'workspace', keys: ['home'], action: 'lineStart', help: 'start of line' },
  { scope: 'workspace', keys: ['end'], action: 'lineEnd', help: 'end of line' },
  { scope: 'workspace', keys: ['C-home'], action: 'docStart', help: 'start of text' },
  { scope: 'workspace', keys: ['C-end'], action: 'docEnd', help: 'end of text' },
  { scope: 'workspace', keys: ['C-left', 'M-b'], action: 'wordLeft', help: 'word left' },
  { scope: 'workspace', keys: ['C-right', 'M-f'], action: 'wordRight', help: 'word right' },
  { scope: 'workspace', keys: ['pageup'], action: 'pageUp', help: 'page up' },
  { scope: 'workspace', keys: ['pagedown'], action: 'pageDown', help: 'page down' },
  { scope: 'workspace', keys: ['S-left'], action: 'selLeft', help: 'select' },
  { scope: 'workspace', keys: ['S-right'], action: 'selRight', help: 'select' },
  { scope: 'workspace', keys: ['S-up'], action: 'selUp', help: 'select' },
  { scope: 'workspace', keys: ['S-down'], action: 'selDown', help: 'select' },
  { scope: 'workspace', keys: ['S-home'], action: 'selLineStart', help: 'select to start of line' },
  { scope: 'workspace', keys: ['S-end'], action: 'selLineEnd', help: 'select to end of line' },
  { scope: 'workspace', keys: ['enter'], action: 'newline', help: 'new line' },
  { scope: 'workspace', keys: ['backspace'], action: 'backspace', help: 'delete left' },
  { scope: 'workspace', keys: ['delete'], action: 'delete', help: 'delete right' },

  { scope: 'images', keys: ['up', 'k'], action: 'listUp', help: 'previous image or session' },
  { scope: 'images', keys: ['down', 'j'], action: 'listDown', help: 'next image or session' },
  { scope: 'images', keys: ['enter'], action: 'open', help: 'work in this session (on an image: its default session)' },
  { scope: 'images', keys: ['n'], action: 'newSession', help: 'new session on this image' },

  { scope: 'inspector', keys: ['up', 'k'], action: 'listUp', help: 'previous slot' },
  { scope: 'inspector', keys: ['down', 'j'], action: 'listDown', help: 'next slot' },
  { scope: 'inspector', keys: ['enter', 'right'], action: 'open', help: 'drill down into the slot' },
  { scope: 'inspector', keys: ['backspace', 'left'], action: 'back', help: 'back up one level' },
  { scope: 'inspector', keys: ['x'], action: 'close', help: 'close this inspector' },
  { scope: 'inspector', keys: ['['], action: 'prevInspector', help: 'previous inspector' },
  { scope: 'inspector', keys: [']'], action: 'nextInspector', help: 'next inspector' },

  { scope: 'history', keys: ['left', 'h'], action: 'stepBack', help: 'one step back in time' },
  { scope: 'history', keys: ['right', 'l'], action: 'stepForward', help: 'one step forward' },
  { scope: 'history', keys: ['pageup'], action: 'jumpBack', help: '10% back' },
  { scope: 'history', keys: ['pagedown'], action: 'jumpForward', help: '10% forward' },
  { scope: 'history', keys: ['home'], action: 'oldest', help: 'the beginning' },
  { scope: 'history', keys: ['end'], action: 'newest', help: 'now' },
  { scope: 'history', keys: ['c', 'enter'], action: 'copyOld', help: 'copy the old workspace text into the present one' },
  { scope: 'history', keys: ['escape', 'q'], action: 'close', help: 'back to the present' },

  { scope: 'audit', keys: ['up', 'k'], action: 'listUp', help: 'scroll up' },
  { scope: 'audit', keys: ['down', 'j'], action: 'listDown', help: 'scroll down' },
  { scope: 'audit', keys: ['escape', 'q'], action: 'close', help: 'close' },

  { scope: 'orphans', keys: ['up', 'k'], action: 'listUp', help: 'scroll up' },
  { scope: 'orphans', keys: ['down', 'j'], action: 'listDown', help: 'scroll down' },
  { scope: 'orphans', keys: ['a'], action: 'archive', help: 'archive every orphaned session (asks first; history kept)' },
  { scope: 'orphans', keys: ['escape', 'q'], action: 'close', help: 'close' },
  { scope: 'confirm', keys: ['y'], action: 'yes', help: 'yes' },
  { scope: 'confirm', keys: ['n', 'escape'], action: 'no', help: 'no' },

  { scope: 'help', keys: ['up', 'k'], action: 'listUp', help: 'scroll up' },
  { scope: 'help', keys: ['down', 'j'], action: 'listDown', help: 'scroll down' },
  { scope: 'help', keys: ['escape', 'q', 'f1'], action: 'close', help: 'close the help' },
];

/** The action bound to `key` in `scope`, if any. */
export function lookup(scope: Scope, key: string): Action | undefined {
  for (const b of BINDINGS) if (b.scope === scope && b.keys.includes(key)) return b.action;
  return undefined;
}

/** The text a key typed into the workspace inserts (printable characters only). */
export function typedText(ch: string | undefined, key: { ctrl: boolean; meta: boolean; name?: string }): string | null {
  if (key.ctrl || key.meta || ch === undefined || ch.length === 0) return null;
  if (key.name === 'tab' || key.name === 'escape') return null;
  if (ch === '\r' || ch === '\n') return null;
  // Control characters other than the ones bound above are not text.
  return /^[\x00-\x1f\x7f]/.test(ch) ? null : ch;
}

/** The help screen's lines: per scope, each meaning once with every key that does it. */
export function helpLines(): string[] {
  const titles: Record<Scope, string> = {
    global: 'Everywhere', workspace: 'Workspace', images: 'Images and sessions', inspector: 'Inspector',
    transcript: 'Transcript', history: 'History (F2)', audit: 'Audit (F3)', orphans: 'Orphans (F4)',
    confirm: 'Confirmations', help: 'Help',
  };
  const groups = new Map<Scope, Map<string, string[]>>();
  for (const b of BINDINGS) {
    let g = groups.get(b.scope);
    if (!g) groups.set(b.scope, (g = new Map()));
    g.set(b.help, [...(g.get(b.help) ?? []), ...b.keys.map(pretty)]);
  }
  const out: string[] = [];
  for (const [scope, g] of groups) {
    out.push(titles[scope]);
    for (const [help, keys] of g) out.push(`  ${keys.join(' ').padEnd(26)} ${help}`);
    out.push('');
  }
  out.push('Typing in a workspace is recorded as you type: nothing is lost if the terminal dies.');
  return out;
}

/** 'C-p' → 'Ctrl-P', 'S-left' → 'Shift-Left', 'f1' → 'F1'. */
export function pretty(key: string): string {
  const cap = (s: string): string => (s.length === 1 ? s : s[0]!.toUpperCase() + s.slice(1));
  if (/^f\d+$/.test(key)) return key.toUpperCase();
  if (key === 'pageup') return 'PgUp';
  if (key === 'pagedown') return 'PgDn';
  if (key.startsWith('C-')) return `Ctrl-${cap(key.slice(2)).replace(/^([a-z])$/, (c) => c.toUpperCase())}`;
  if (key.startsWith('S-')) return `Shift-${cap(key.slice(2))}`;
  if (key.startsWith('M-')) return `Alt-${cap(key.slice(2))}`;
  return cap(key);
}
