/**
 * Everything one session holds at a point of the log: workspaces, variables, the recent evaluation
 * history, pending evaluations, inspectors, the transcript's tail and prefs, plus its lifecycle
 * and the connection of its image. History and transcript are kept as a bounded tail (see
 * SessionKeep) so a sealed state is sized by what the session holds now, not by its age; the
 * older part is folded from the session's own stream when asked (sessionHistory.ts). It folds the session's own stream (the session id) and the image streams (connection
 * facts are kept for every image, a handful of small records, because the session may move to
 * another image on resume and an image's state before the session existed still matters).
 */
import type { Entry } from '../engine/log/index.js';
import { smalltalkErrorText, type EventData } from '../engine/events.js';
import { dataOf, dict, type Dict, type Projection } from './projection.js';
import { evolveImages, type Images } from './images.js';
import { evolveSessions, type SessionRecord, type Sessions } from './sessions.js';
import { closeWorkspace, editWorkspace, openWorkspace, type Workspaces } from './workspaces.js';
import { iso } from './format.js';

/** One evaluation that finished, as `stui restore --json` lists it. */
export interface HistoryItem {
  /** Seq of the eval.completed / eval.failed entry: what `--at` takes to land right after it. */
  seq: number;
  code: string;
  /** The printString, or for a failure the error text, e.g. 'ZeroDivide: Division by zero'. */
  result: string;
  request: string;
  ts: string;
  workspace?: string;
  className?: string;
  oid?: number;
  durationMs?: number;
  error?: true;
  errorClass?: string;
  messageText?: string;
  kind?: EventData['eval.failed']['kind'];
}

/** Requested (and durably recorded) but not yet answered. */
export interface PendingEval {
  request: string;
  code: string;
  /** Seq of the eval.requested entry. */
  seq: number;
  ts: string;
  workspace?: string;
}

export interface InspectorLevel {
  oid: number;
  className: string;
  printString: string;
  /** The slot followed to get here (name or 1-based index); null for the inspected object. */
  via: string | number | null;
}

export interface Inspector {
  id: string;
  /** From the inspected object down to the one shown; never empty. */
  path: InspectorLevel[];
  openedSeq: number;
}

export interface SessionState {
  session: string;
  images: Images;
  /** This session's lifecycle record (the only key is the session id, once created). */
  sessions: Sessions;
  workspaces: Workspaces;
  variables: Dict<string>;
  /** The last `keep.history` finished evaluations, oldest first. */
  history: HistoryItem[];
  /** Evaluations finished in all, including those no longer in `history`. */
  historyCount: number;
  pending: Dict<PendingEval>;
  inspectors: Dict<Inspector>;
  /**
   * The transcript's last `keep.transcript` characters as appended chunks, joined when shown:
   * appending stays cheap however long it grows.
   */
  transcript: string[];
  /** Characters appended to the transcript in all. */
  transcriptChars: number;
  prefs: Dict<unknown>;
  /** The last entry folded, of any stream: the point in the log this state describes. */
  atSeq: number;
  atTs: number | null;
}

/** How much of the past a session state keeps; the rest stays in the log. */
export interface SessionKeep {
  /** Finished evaluations kept in `history`. */
  history: number;
  /** Transcript characters kept. */
  transcript: number;
}

/** What a sealed session state keeps: a screenful of history and transcript, and then some. */
export const SESSION_KEEP: Readonly<SessionKeep> = Object.freeze({ history: 200, transcript: 32 * 1024 });

/** Keeps everything: what `restore --history all` folds the session's own stream with. */
export const KEEP_ALL: Readonly<SessionKeep> = Object.freeze({ history: Infinity, transcript: Infinity });

/**
 * Version 2: history and transcript are bounded tails with their totals beside them (version 1
 * held the whole of both). Only states folded with SESSION_KEEP may be sealed under this name.
 */
export const SESSION_STATE_VERSION = 2;

export function sessionStateProjection(session: string, keep: Readonly<SessionKeep> = SESSION_KEEP): Projection<SessionState> {
  return {
    name: `session:${session}`,
    version: SESSION_STATE_VERSION,
    initial: () => ({
      session,
      images: dict(),
      sessions: dict(),
      workspaces: dict(),
      variables: dict(),
      history: [],
      historyCount: 0,
      pending: dict(),
      inspectors: dict(),
      transcript: [],
      transcriptChars: 0,
      prefs: dict(),
      atSeq: 0,
      atTs: null,
    }),
    evolve: (state, entry) => evolveSessionState(state, entry, keep),
  };
}

export function sessionRecord(state: SessionState): SessionRecord | null {
  return state.sessions[state.session] ?? null;
}

function evolveSessionState(state: SessionState, entry: Entry, keep: Readonly<SessionKeep>): SessionState {
  state.atSeq = entry.seq;
  state.atTs = entry.ts;
  if (entry.stream === state.session) {
    evolveSessions(state.sessions, entry);
    onSessionEntry(state, entry, keep);
  } else if (entry.type === 'engine.stopped' || entry.stream.startsWith('image:')) {
    evolveImages(state.images, entry);
    evolveSessions(state.sessions, entry);
  }
  return state;
}

function onSessionEntry(state: SessionState, entry: Entry, keep: Readonly<SessionKeep>): void {
  switch (entry.type) {
    case 'workspace.opened':
    case 'workspace.edited':
    case 'workspace.closed': {
      const d = dataOf<Record<string, unknown>>(entry);
      if (!d) return;
      if (entry.type === 'workspace.opened') openWorkspace(state.workspaces, d, entry.seq);
      else if (entry.type === 'workspace.edited') editWorkspace(state.workspaces, d, entry.seq);
      else closeWorkspace(state.workspaces, d);
      return;
    }
    case 'eval.requested':
    case 'eval.completed':
    case 'eval.failed':
      return onEval(state, entry, keep);
    case 'inspector.opened':
    case 'inspector.navigated':
    case 'inspector.closed':
      return onInspector(state, entry);
    case 'transcript.appended': {
      const d = dataOf<EventData['transcript.appended']>(entry);
      if (d && typeof d.text === 'string' && d.text !== '') appendTranscript(state, d.text, keep.transcript);
      return;
    }
    case 'pref.set': {
      const d = dataOf<EventData['pref.set']>(entry);
      if (d && typeof d.key === 'string') state.prefs[d.key] = d.value;
      return;
    }
  }
}

/** Appends and cuts the front so exactly the last `limit` characters stay. */
function appendTranscript(state: SessionState, text: string, limit: number): void {
  const chunks = state.transcript;
  // The chunks always hold min(transcriptChars, limit) characters, so nothing is summed here.
  let kept = Math.min(state.transcriptChars, limit);
  state.transcriptChars += text.length;
  const added = text.length > limit ? text.slice(text.length - limit) : text;
  chunks.push(added);
  kept += added.length;
  while (kept > limit) {
    const first = chunks[0]!;
    if (kept - first.length >= limit) {
      chunks.shift();
      kept -= first.length;
    } else {
      chunks[0] = first.slice(kept - limit);
      kept = limit;
    }
  }
}

function onEval(state: SessionState, entry: Entry, keep: Readonly<SessionKeep>): void {
  const d = dataOf<Record<string, unknown>>(entry);
  if (!d || typeof d.request !== 'string') return;
  const request = d.request;
  if (entry.type === 'eval.requested') {
    if (typeof d.code !== 'string') return;
    const p: PendingEval = { request, code: d.code, seq: entry.seq, ts: iso(entry.ts) };
    if (typeof d.workspace === 'string') p.workspace = d.workspace;
    state.pending[request] = p;
    return;
  }
  // Exactly once: an answer to a request that is not pending (a duplicate delivery) is ignored.
  const p = state.pending[request];
  if (!p) return;
  delete state.pending[request];
  const item: HistoryItem = { seq: entry.seq, code: p.code, result: '', request, ts: iso(entry.ts) };
  if (p.workspace !== undefined) item.workspace = p.workspace;
  if (entry.type === 'eval.completed') {
    const c = d as Partial<EventData['eval.completed']>;
    item.result = typeof c.result === 'string' ? c.result : '';
    if (typeof c.className === 'string') item.className = c.className;
    if (typeof c.oid === 'number') item.oid = c.oid;
    if (typeof c.durationMs === 'number') item.durationMs = c.durationMs;
    if (c.variables && typeof c.variables === 'object') {
      // The evaluation reports every variable the session has now, so it replaces the old set.
      const vars = dict<string>();
      for (const [name, printString] of Object.entries(c.variables)) {
        if (typeof printString === 'string') vars[name] = printString;
      }
      state.variables = vars;
    }
  } else {
    const f = d as Partial<EventData['eval.failed']>;
    const errorClass = typeof f.errorClass === 'string' ? f.errorClass : 'Error';
    const messageText = typeof f.messageText === 'string' ? f.messageText : '';
    item.result = smalltalkErrorText(errorClass, messageText);
    item.error = true;
    item.errorClass = errorClass;
    item.messageText = messageText;
    if (f.kind === 'smalltalk' || f.kind === 'protocol' || f.kind === 'cancelled') item.kind = f.kind;
  }
  state.history.push(item);
  state.historyCount++;
  if (state.history.length > keep.history) state.history.splice(0, state.history.length - keep.history);
}

function onInspector(state: SessionState, entry: Entry): void {
  const d = dataOf<Record<string, unknown>>(entry);
  if (!d || typeof d.inspector !== 'string') return;
  const id = d.inspector;
  if (entry.type === 'inspector.closed') {
    delete state.inspectors[id];
    return;
  }
  if (entry.type === 'inspector.opened') {
    const level = levelOf(d, null);
    if (level) state.inspectors[id] = { id, path: [level], openedSeq: entry.seq };
    return;
  }
  const insp = state.inspectors[id];
  if (!insp) return;
  if (d.back === true) {
    // Back from the inspected object itself stays there: the path is never empty.
    if (insp.path.length > 1) insp.path.pop();
    return;
  }
  const via = typeof d.via === 'string' || typeof d.via === 'number' ? d.via : null;
  const level = levelOf(d, via);
  if (level) insp.path.push(level);
}

function levelOf(d: Record<string, unknown>, via: string | number | null): InspectorLevel | null {
  if (typeof d.oid !== 'number') return null;
  return {
    oid: d.oid,
    className: typeof d.className === 'string' ? d.className : '',
    printString: typeof d.printString === 'string' ? d.printString : '',
    via,
  };
}
