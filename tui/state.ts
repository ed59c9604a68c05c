/** What the TUI shows, in one place: the panes render from it, the actions change it. */
import type { SessionRow } from '../projections/index.js';
import type { EditorModel } from './editor/model.js';
import type { EditBatcher } from './editor/batcher.js';
import type { PaneId } from './keymap.js';
import type { LayoutMode } from './layout.js';
import type { ImageView } from './status.js';

/** A message in the pane where something happened, with what the user can do about it. */
export interface Notice {
  text: string;
  level: 'info' | 'error' | 'busy' | 'pending';
}

export interface WorkspaceTab {
  id: string;
  title: string;
  model: EditorModel;
  batcher: EditBatcher;
  notice: Notice | null;
}

export interface InspectorLevel {
  oid: number;
  className: string;
  printString: string;
  via: string | number | null;
}

export interface SlotRow {
  label: string;
  value: string;
  via: string | number;
}

export interface InspectorView {
  id: string;
  path: InspectorLevel[];
  /** The current object's slots as the image shows them now; null until asked. */
  slots: SlotRow[] | null;
  selected: number;
  notice: Notice | null;
}

export interface AppState {
  home: string;
  ready: boolean;
  /** Shown while starting, and when the engine cannot be reached. */
  startup: Notice | null;
  layout: LayoutMode;
  focus: PaneId;
  images: ImageView[];
  sessions: SessionRow[];
  /** Selected row of the images pane. */
  listCursor: number;
  session: string | null;
  image: string | null;
  workspaces: WorkspaceTab[];
  current: number;
  inspectors: InspectorView[];
  currentInspector: number;
  transcript: string[];
  /** Evaluations of this session recorded and not yet answered. */
  pending: number;
  clipboard: string;
}

export function emptyState(home: string): AppState {
  return {
    home,
    ready: false,
    startup: { text: 'starting the engine…', level: 'busy' },
    layout: 'standard',
    focus: 'workspace',
    images: [],
    sessions: [],
    listCursor: 0,
    session: null,
    image: null,
    workspaces: [],
    current: 0,
    inspectors: [],
    currentInspector: 0,
    transcript: [],
    pending: 0,
    clipboard: '',
  };
}

export function currentWorkspace(s: AppState): WorkspaceTab | undefined {
  return s.workspaces[s.current];
}

export function currentInspector(s: AppState): InspectorView | undefined {
  return s.inspectors[s.currentInspector];
}
