/** `stui restore`: a session's state as one JSON object, or as readable sections. */
import { StuiError } from '../engine/errors.js';
import { iso, oneLine, show } from './format.js';
import { sessionRecord, type HistoryItem, type InspectorLevel, type PendingEval, type SessionState } from './sessionState.js';
import { sessionStatus, type Clock, type SessionRecord, type SessionStateName } from './sessions.js';
import { openWorkspaces } from './workspaces.js';
import type { ImageConnState } from './images.js';

export interface RestoreJson {
  session: string;
  image: string;
  imageId: string | null;
  state: SessionStateName;
  /** The log position restored: the last entry folded. */
  at: number;
  ts: string | null;
  createdAt: string;
  /** The last entry of the session's own stream. */
  lastSeq: number;
  /** The image's connection at that point; 'removed' once the image is no longer registered. */
  connection: { state: ImageConnState | 'removed'; latencyMs: number | null };
  workspaces: { id: string; title: string; text: string; cursor: number; scroll: number }[];
  variables: Record<string, string>;
  history: HistoryItem[];
  pending: PendingEval[];
  inspectors: { id: string; path: InspectorLevel[] }[];
  transcript: string;
  prefs: Record<string, unknown>;
}

/** The session's record, or E_SESSION_UNKNOWN when it did not exist at that point. */
export function requireSession(state: SessionState): SessionRecord {
  const rec = sessionRecord(state);
  if (rec) return rec;
  throw new StuiError(
    'E_SESSION_UNKNOWN',
    `no session "${state.session}" at log position ${state.atSeq}; list sessions with: stui sessions`,
    { session: state.session, at: state.atSeq },
  );
}

/**
 * The `stui restore --json` object. It shares the history array and strings with the state
 * instead of copying them (restoring must stay fast on long sessions); serialise it before
 * folding further.
 */
export function toRestoreJson(state: SessionState, clock?: Clock): RestoreJson {
  const rec = requireSession(state);
  const img = state.images[rec.image];
  return {
    session: rec.id,
    image: rec.image,
    imageId: rec.imageId,
    state: sessionStatus(rec, state.images, clock).state,
    at: state.atSeq,
    ts: state.atTs === null ? null : iso(state.atTs),
    createdAt: iso(rec.createdTs),
    lastSeq: rec.lastSeq,
    connection: img ? { state: img.state, latencyMs: img.latencyMs } : { state: 'removed', latencyMs: null },
    workspaces: openWorkspaces(state.workspaces).map((w) => ({
      id: w.id,
      title: w.title,
      text: w.text,
      cursor: w.cursor,
      scroll: w.scroll,
    })),
    variables: { ...state.variables },
    history: state.history,
    pending: Object.values(state.pending).sort((a, b) => a.seq - b.seq),
    inspectors: Object.values(state.inspectors)
      .sort((a, b) => a.openedSeq - b.openedSeq)
      .map((i) => ({ id: i.id, path: i.path })),
    transcript: state.transcript.join(''),
    prefs: { ...state.prefs },
  };
}

/** `stui restore` without --json: the same facts as readable sections. */
export function renderRestore(state: SessionState, clock?: Clock): string {
  const r = toRestoreJson(state, clock);
  const out: string[] = [
    `session ${r.session} on image ${r.image} (${r.imageId ?? 'identity not yet known'}): ${r.state}`,
    `at seq ${r.at}${r.ts ? `, ${r.ts}` : ''}; created ${r.createdAt}; connection ${r.connection.state}` +
      (r.connection.latencyMs === null ? '' : ` (${r.connection.latencyMs} ms)`),
  ];
  section(out, 'Workspaces', r.workspaces, (w) => [
    `${w.title} [${w.id}] cursor ${w.cursor}, scroll ${w.scroll}`,
    ...(w.text === '' ? ['  (empty)'] : w.text.split('\n').map((l) => `  | ${l}`)),
  ]);
  section(out, 'Variables', Object.entries(r.variables), ([name, value]) => [`${name} = ${oneLine(value, 100)}`]);
  section(out, 'History', r.history, (h) => [
    `#${h.seq} ${oneLine(h.code)}  ->  ${oneLine(h.result)}${h.error ? '  (error)' : ''}`,
  ]);
  section(out, 'Pending', r.pending, (p) => [`#${p.seq} ${oneLine(p.code)}  (waiting since ${p.ts})`]);
  section(out, 'Inspectors', r.inspectors, (i) => [
    `${i.id}: ` +
      i.path
        .map((l) => `${l.via === null ? '' : `${l.via} -> `}${oneLine(l.printString, 40)} (${l.className})`)
        .join('  /  '),
  ]);
  section(out, 'Prefs', Object.entries(r.prefs), ([k, v]) => [`${k} = ${show(v)}`]);
  out.push('', 'Transcript');
  out.push(r.transcript === '' ? '  (empty)' : r.transcript.replace(/\n$/, '').split('\n').map((l) => `  ${l}`).join('\n'));
  return out.join('\n');
}

function section<T>(out: string[], title: string, items: readonly T[], lines: (item: T) => string[]): void {
  out.push('', `${title} (${items.length})`);
  if (items.length === 0) out.push('  (none)');
  for (const item of items) for (const l of lines(item)) out.push(`  ${l}`);
}
