/**
 * The TUI's side of the engine: the current session and its workspaces, preferences, the image and
 * session lists, and the live feed folded into what the panes show. Keys call into it; it calls the
 * engine and asks for a redraw.
 */
import type { ImageRow, RestoreJson, SessionRow } from '../projections/index.js';
import type { EngineBridge, LiveEntry } from './bridge.js';
import { EditBatcher, type RecordedEdit } from './editor/batcher.js';
import { EditorModel } from './editor/model.js';
import { PREF, oneLine, prefsOf, transcriptOf } from './restore.js';
import type { AppState, InspectorView, WorkspaceTab } from './state.js';
import type { ConnState, ImageView } from './status.js';

export interface EvalOutcome {
  ok: boolean;
  result: string;
  className?: string;
  seq: number;
}

const TRANSCRIPT_KEEP = 500;
/** An engine that does not answer a list within this long counts as not answering. */
const POLL_MS = 3_000;

export class Controller {
  /** Requests recorded and not answered: which image and session they belong to. */
  private readonly owed = new Map<string, { image: string; session: string }>();
  /** Callers waiting for an answer that the feed will bring. */
  private readonly waiters = new Map<string, (o: EvalOutcome) => void>();
  /** Edit calls on their way, so quitting can wait for them. */
  private readonly sending = new Set<Promise<unknown>>();
  /** Whether the transcript's last line is output still waiting for its newline. */
  private openLine = false;
  onError: (where: WorkspaceTab | null, text: string) => void = () => undefined;

  constructor(readonly state: AppState, readonly bridge: EngineBridge, private readonly redraw: () => void) {}

  // ---- sessions and restore ----

  /** Shows `r` (a restore of the session) as the present: workspaces, inspectors, prefs, transcript. */
  adopt(r: RestoreJson): InspectorView[] {
    const s = this.state;
    for (const ws of s.workspaces) ws.batcher.flush();
    const prefs = prefsOf(r);
    s.session = r.session;
    s.image = r.image;
    s.layout = prefs.layout;
    s.focus = prefs.focus;
    s.workspaces = r.workspaces.map((w) => this.tab(w.id, w.title, new EditorModel(w.text, w.cursor, w.scroll)));
    s.current = Math.max(0, s.workspaces.findIndex((w) => w.id === prefs.workspace));
    s.inspectors = r.inspectors.map((i) => ({ id: i.id, path: i.path.map((l) => ({ ...l })), slots: null, selected: 0, notice: null }));
    s.currentInspector = Math.max(0, s.inspectors.findIndex((i) => i.id === prefs.inspector));
    s.transcript = transcriptOf(r, TRANSCRIPT_KEEP);
    for (const p of r.pending) this.owed.set(p.request, { image: r.image, session: r.session });
    s.pending = this.pendingOfSession(r.session);
    return s.inspectors;
  }

  tab(id: string, title: string, model: EditorModel): WorkspaceTab {
    const batcher = new EditBatcher((e) => this.sendEdit(id, e));
    return { id, title, model, batcher, notice: null };
  }

  /** Records a TUI preference of the current session (layout, focus …). */
  pref(key: string, value: unknown): void {
    const session = this.state.session;
    if (!session) return;
    this.track(this.bridge.call('pref.set', { session, key, value }).catch((err: unknown) => this.onError(null, `could not record ${key}: ${(err as Error).message}`)));
  }

  async newWorkspace(): Promise<void> {
    const s = this.state;
    if (!s.session) return;
    const title = `Workspace ${s.workspaces.length + 1}`;
    const r = await this.bridge.call<{ workspace: string }>('workspace.open', { session: s.session, title });
    s.workspaces.push(this.tab(r.workspace, title, new EditorModel()));
    this.selectWorkspace(s.workspaces.length - 1);
  }

  selectWorkspace(i: number): void {
    const s = this.state;
    if (s.workspaces.length === 0) return;
    s.workspaces[s.current]?.batcher.flush();
    s.current = ((i % s.workspaces.length) + s.workspaces.length) % s.workspaces.length;
    this.pref(PREF.workspace, s.workspaces[s.current]!.id);
  }

  async closeWorkspace(): Promise<void> {
    const s = this.state;
    const ws = s.workspaces[s.current];
    if (!ws || !s.session) return;
    ws.batcher.flush();
    await this.bridge.call('workspace.close', { session: s.session, workspace: ws.id });
    s.workspaces.splice(s.current, 1);
    if (s.workspaces.length === 0) await this.newWorkspace();
    else this.selectWorkspace(Math.min(s.current, s.workspaces.length - 1));
  }

  // ---- lists ----

  /** "Retry now" for an image that is not connected: the engine dials it again at once. */
  async retryImage(name: string): Promise<void> {
    await this.bridge.call('image.retry', { name });
  }

  /** Images and sessions as the engine sees them now; the feed's reconnect schedule is kept. */
  async refresh(): Promise<void> {
    const [images, sessions, status] = await Promise.all([
      this.bridge.poll<ImageRow[]>('image.list', {}, POLL_MS),
      this.bridge.poll<SessionRow[]>('sessions', {}, POLL_MS),
      this.bridge.poll<{ headSeq: number }>('engine.status', {}, POLL_MS),
    ]);
    this.bridge.headSeq = Math.max(this.bridge.headSeq, status.headSeq);
    const s = this.state;
    s.images = images.map((row) => {
      const known = s.images.find((i) => i.name === row.name);
      const reconnecting = known && known.state === 'reconnecting' && row.state !== 'connected';
      return {
        name: row.name,
        address: row.address,
        state: reconnecting ? 'reconnecting' : (row.state as ConnState),
        latencyMs: row.latencyMs,
        attempt: reconnecting ? known.attempt : null,
        retryAt: reconnecting ? known.retryAt : null,
        pending: this.pendingFor(row.name),
      };
    });
    s.sessions = sessions;
    this.redraw();
  }

  private pendingFor(image: string): number {
    let n = 0;
    for (const o of this.owed.values()) if (o.image === image) n++;
    return n;
  }

  // ---- evaluations ----

  /** Resolves when the feed brings the answer to `request`. */
  answerOf(request: string): Promise<EvalOutcome> {
    return new Promise((resolve) => this.waiters.set(request, resolve));
  }

  // ---- the live feed ----

  onEntry(e: LiveEntry): void {
    const s = this.state;
    const d = e.data;
    if (e.stream.startsWith('image:')) this.onImageEntry(e.stream.slice('image:'.length), e);
    switch (e.type) {
      case 'eval.requested':
        this.owed.set(String(d.request), { image: String(d.image), session: e.stream });
        break;
      case 'eval.completed':
      case 'eval.failed': {
        const request = String(d.request);
        this.owed.delete(request);
        const ok = e.type === 'eval.completed';
        const result = ok ? String(d.result) : `${String(d.errorClass)}: ${String(d.messageText)}`;
        const outcome: EvalOutcome = ok ? { ok, result, className: String(d.className), seq: e.seq } : { ok, result, seq: e.seq };
        const waiter = this.waiters.get(request);
        this.waiters.delete(request);
        waiter?.(outcome);
        break;
      }
      case 'transcript.appended':
        if (e.stream === s.session) this.appendTranscript(String(d.text ?? ''));
        break;
      case 'session.created':
      case 'session.orphaned':
      case 'session.archived':
      case 'image.registered':
      case 'image.removed':
        void this.refresh().catch(() => undefined);
        break;
      default:
        break;
    }
    for (const img of s.images) img.pending = this.pendingFor(img.name);
    s.pending = this.pendingOfSession(s.session);
    this.redraw();
  }

  private pendingOfSession(session: string | null): number {
    let n = 0;
    for (const o of this.owed.values()) if (o.session === session) n++;
    return n;
  }

  private onImageEntry(name: string, e: LiveEntry): void {
    const img: ImageView | undefined = this.state.images.find((i) => i.name === name);
    if (!img) return;
    const d = e.data;
    const to = (state: ConnState): void => {
      img.state = state;
      img.attempt = null;
      img.retryAt = null;
    };
    switch (e.type) {
      case 'connection.connecting':
        if (img.state !== 'reconnecting') to('connecting');
        break;
      case 'connection.connected':
      case 'connection.restored':
        to('connected');
        if (typeof d.latencyMs === 'number') img.latencyMs = d.latencyMs;
        break;
      case 'connection.heartbeat_missed':
        img.state = 'unresponsive';
        break;
      case 'connection.lost':
        to('lost');
        break;
      case 'connection.reconnect_scheduled':
        img.state = 'reconnecting';
        img.attempt = typeof d.attempt === 'number' ? d.attempt : null;
        img.retryAt = typeof d.delayMs === 'number' ? e.ts + d.delayMs : null;
        break;
      default:
        break;
    }
  }

  appendTranscript(text: string): void {
    const lines = this.state.transcript;
    const parts = text.split('\n');
    // Output continues its own unfinished line, never a line the TUI wrote about an evaluation.
    if (this.openLine && lines.length > 0) lines[lines.length - 1] += parts.shift() ?? '';
    // A trailing newline ends the line; it does not start an empty one.
    if (parts.length > 0 && parts[parts.length - 1] === '') parts.pop();
    lines.push(...parts);
    this.openLine = !text.endsWith('\n');
    if (lines.length > TRANSCRIPT_KEEP) lines.splice(0, lines.length - TRANSCRIPT_KEEP);
  }

  /** A line in the transcript for an evaluation this TUI made. */
  noteEval(code: string, o: EvalOutcome): void {
    this.openLine = false;
    this.state.transcript.push(`${o.ok ? '→' : '✗'} ${oneLine(code, 120)}  ${oneLine(o.result, 200)}`);
  }

  // ---- recording edits ----

  private sendEdit(workspace: string, e: RecordedEdit): void {
    const session = this.state.session;
    if (!session) return;
    const ws = this.state.workspaces.find((w) => w.id === workspace) ?? null;
    this.track(
      this.bridge.call('workspace.edit', { session, workspace, ...e }, 60_000).catch((err: unknown) => {
        this.onError(ws, `this edit was not recorded: ${(err as Error).message}`);
      }),
    );
  }

  private track(p: Promise<unknown>): void {
    this.sending.add(p);
    void p.finally(() => this.sending.delete(p));
  }

  /** Sends what is batched and waits (up to `ms`) until the engine has recorded it. */
  async settle(ms = 3_000): Promise<void> {
    for (const ws of this.state.workspaces) ws.batcher.flush();
    await Promise.race([Promise.allSettled([...this.sending]), new Promise((r) => setTimeout(r, ms))]);
  }
}
