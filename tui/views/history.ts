/**
 * Time travel: a slider over every entry of the session, showing the workspace, the variables and
 * the evaluations as they were at that point (the engine's `restore {session, at}`), and the old
 * text ready to copy into the present. Moving fast only asks for the point it stops on.
 */
import type { RestoreJson } from '../../projections/index.js';
import type { EngineBridge, LiveEntry } from '../bridge.js';
import { tagged } from '../panes/text.js';
import { oneLine } from '../restore.js';

export interface HistoryPoint {
  seq: number;
  ts: number;
  type: string;
}

/** How long the slider rests before the state at its point is fetched. */
const SETTLE_MS = 60;

export class HistoryView {
  points: HistoryPoint[] = [];
  index = 0;
  at: RestoreJson | null = null;
  error: string | null = null;
  private timer: NodeJS.Timeout | null = null;
  private asked = -1;

  constructor(
    private readonly bridge: EngineBridge,
    readonly session: string,
    private readonly workspace: string | null,
    private readonly changed: () => void,
  ) {}

  async open(): Promise<void> {
    const rows = await this.bridge.call<LiveEntry[]>('log.read', { stream: this.session }, 60_000);
    this.points = rows.map((r) => ({ seq: r.seq, ts: r.ts, type: r.type }));
    this.index = Math.max(0, this.points.length - 1);
    await this.load();
  }

  /** Moves by `delta` steps (clamped) and fetches the state there once the slider rests. */
  move(delta: number): void {
    this.goTo(this.index + delta);
  }

  goTo(i: number): void {
    const next = Math.max(0, Math.min(this.points.length - 1, i));
    if (next === this.index && this.at) return;
    this.index = next;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.load(), SETTLE_MS);
    this.changed();
  }

  /** A tenth of the way, at least one step. */
  get jump(): number {
    return Math.max(1, Math.round(this.points.length / 10));
  }

  close(): void {
    if (this.timer) clearTimeout(this.timer);
  }

  /** The workspace as it was at this point: the same workspace as now, else the first one open then. */
  oldWorkspace(): RestoreJson['workspaces'][number] | null {
    const ws = this.at?.workspaces ?? [];
    return ws.find((w) => w.id === this.workspace) ?? ws[0] ?? null;
  }

  lines(width: number, height: number): string[] {
    const out: string[] = [];
    const n = this.points.length;
    const p = this.points[this.index];
    const barWidth = Math.max(10, width - 2);
    const knob = n <= 1 ? barWidth - 1 : Math.round((this.index / (n - 1)) * (barWidth - 1));
    out.push(tagged([{ text: '├' }, { text: '─'.repeat(knob) }, { text: '●', style: ['cyan-fg', 'bold'] }, { text: '─'.repeat(barWidth - 1 - knob) }, { text: '┤' }], width));
    const when = p ? new Date(p.ts).toISOString().replace('T', ' ').slice(0, 19) : '';
    out.push(tagged([{ text: `step ${this.index + 1}/${n}  seq ${p?.seq ?? 0}  ${when}  `, style: ['bold'] }, { text: p?.type ?? 'no history yet', style: ['gray-fg'] }], width));
    if (this.error) out.push(tagged([{ text: `✗ ${this.error}  (F5 retries)`, style: ['red-fg'] }], width));
    out.push('');
    const at = this.at;
    if (!at || this.asked !== this.index) out.push(tagged([{ text: 'loading that point…', style: ['gray-fg'] }], width));
    if (!at) return out;
    const ws = this.oldWorkspace();
    const vars = Object.entries(at.variables);
    const evals = at.history.slice(-4);
    const textRoom = Math.max(1, height - out.length - 4 - Math.min(vars.length, 3) - evals.length);
    out.push(tagged([{ text: ws ? `Workspace "${ws.title}" then (${ws.text.length} chars, cursor ${ws.cursor})` : 'No workspace open then', style: ['bold'] }], width));
    const text = ws ? ws.text.split('\n') : [];
    for (const l of text.slice(0, textRoom)) out.push(tagged([{ text: '│ ', style: ['gray-fg'] }, { text: l }], width));
    if (text.length > textRoom) out.push(tagged([{ text: `│ … ${text.length - textRoom} more line(s)`, style: ['gray-fg'] }], width));
    out.push(tagged([{ text: 'Variables then: ', style: ['bold'] }, { text: vars.length ? vars.map(([k, v]) => `${k} = ${oneLine(v, 40)}`).join(', ') : 'none' }], width));
    out.push(tagged([{ text: 'Evaluated by then:', style: ['bold'] }, { text: evals.length ? '' : ' nothing' }], width));
    for (const h of evals) out.push(tagged([{ text: `  ${h.error ? '✗' : '→'} ${oneLine(h.code, 60)}  ` }, { text: oneLine(h.result, 60), style: [h.error ? 'red-fg' : 'green-fg'] }], width));
    return out;
  }

  private async load(): Promise<void> {
    this.timer = null;
    const p = this.points[this.index];
    if (!p) return;
    const index = this.index;
    try {
      const r = await this.bridge.call<RestoreJson>('restore', { session: this.session, at: String(p.seq) });
      if (index !== this.index) return;
      this.at = r;
      this.asked = index;
      this.error = null;
    } catch (err) {
      this.error = (err as Error).message;
    }
    this.changed();
  }

  /** Fetches the current point again (after an error). */
  retry(): void {
    void this.load();
  }
}
