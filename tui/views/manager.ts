/**
 * The full-window views (help, history, audit, orphans): which one is open, its keys, and what it
 * shows. Only one is open at a time; Esc goes back to the panes exactly as they were.
 */
import type { AuditState, OrphanRow } from '../../projections/index.js';
import type { Controller } from '../controller.js';
import { helpLines, lookup, type Action } from '../keymap.js';
import { tagged } from '../panes/text.js';
import { currentWorkspace } from '../state.js';
import { auditLines, loadAudit } from './audit.js';
import { HistoryView } from './history.js';
import { orphanLines } from './orphans.js';
import type { Overlay, OverlayContent } from './overlay.js';

type View =
  | { kind: 'help' }
  | { kind: 'history'; h: HistoryView }
  | { kind: 'audit'; state: AuditState | null; error: string | null }
  | { kind: 'orphans'; rows: OrphanRow[] | null; confirming: boolean; done: string | null; error: string | null };

export class Views {
  private view: View | null = null;

  constructor(private readonly overlay: Overlay, private readonly redraw: () => void) {}

  get open(): boolean {
    return this.view !== null;
  }

  get kind(): View['kind'] | null {
    return this.view?.kind ?? null;
  }

  help(): void {
    this.view = this.view?.kind === 'help' ? null : { kind: 'help' };
    this.overlay.scroll = 0;
  }

  history(c: Controller): void {
    const s = c.state;
    if (!s.session) return;
    this.historyOf(c, s.session);
  }

  /** The history of any session (an orphaned or archived one too: its history is kept). */
  historyOf(c: Controller, session: string): void {
    const h = new HistoryView(c.bridge, session, currentWorkspace(c.state)?.id ?? null, this.redraw);
    this.view = { kind: 'history', h };
    h.open().catch((err: unknown) => {
      h.error = (err as Error).message;
      this.redraw();
    });
  }

  audit(c: Controller): void {
    const v: View = { kind: 'audit', state: null, error: null };
    this.view = v;
    this.overlay.scroll = 0;
    loadAudit(c.bridge).then(
      (state) => {
        v.state = state;
        // Newest events at the bottom: start there.
        this.overlay.scroll = Number.MAX_SAFE_INTEGER;
        this.redraw();
      },
      (err: unknown) => {
        v.error = (err as Error).message;
        this.redraw();
      },
    );
  }

  orphans(c: Controller): void {
    const v: View = { kind: 'orphans', rows: null, confirming: false, done: null, error: null };
    this.view = v;
    this.overlay.scroll = 0;
    this.loadOrphans(c, v);
  }

  private loadOrphans(c: Controller, v: Extract<View, { kind: 'orphans' }>): void {
    c.bridge.call<OrphanRow[]>('orphans').then(
      (rows) => {
        v.rows = rows;
        this.redraw();
      },
      (err: unknown) => {
        v.error = (err as Error).message;
        this.redraw();
      },
    );
  }

  close(): void {
    if (this.view?.kind === 'history') this.view.h.close();
    this.view = null;
    this.overlay.hide();
  }

  /**
   * A key while a view is open. Returns text to copy into the present workspace (history's copy),
   * else null.
   */
  key(c: Controller | null, full: string): string | null {
    const v = this.view;
    if (!v) return null;
    const scope = v.kind === 'orphans' && v.confirming ? 'confirm' : v.kind;
    const action: Action | undefined = lookup(scope, full);
    if (action === 'close' || (scope === 'help' && full === 'f1')) {
      this.close();
      return null;
    }
    if (action === 'listUp') this.overlay.scroll = Math.max(0, this.overlay.scroll - 1);
    if (action === 'listDown') this.overlay.scroll += 1;
    if (v.kind === 'history') {
      const h = v.h;
      if (action === 'stepBack') h.move(-1);
      if (action === 'stepForward') h.move(1);
      if (action === 'jumpBack') h.move(-h.jump);
      if (action === 'jumpForward') h.move(h.jump);
      if (action === 'oldest') h.goTo(0);
      if (action === 'newest') h.goTo(h.points.length - 1);
      if (action === 'copyOld') {
        const text = h.oldWorkspace()?.text ?? null;
        if (text !== null) this.close();
        return text;
      }
    }
    if (v.kind === 'orphans' && c) {
      if (action === 'archive' && v.rows && v.rows.length > 0) v.confirming = true;
      if (action === 'no') v.confirming = false;
      if (action === 'yes') {
        v.confirming = false;
        v.done = 'archiving…';
        c.bridge.call<{ archived: string[] }>('orphans.cleanup').then(
          (r) => {
            v.done = `archived ${r.archived.length} session(s); their history stays readable`;
            this.loadOrphans(c, v);
            void c.refresh().catch(() => undefined);
          },
          (err: unknown) => {
            v.error = `${(err as Error).message}. F5 retries`;
            v.done = null;
            this.redraw();
          },
        );
      }
    }
    return null;
  }

  /** F5 inside a view: load it again. */
  retry(c: Controller): void {
    const v = this.view;
    if (v?.kind === 'history') v.h.retry();
    if (v?.kind === 'audit') this.audit(c);
    if (v?.kind === 'orphans') this.orphans(c);
  }

  render(nowMs: number): void {
    const v = this.view;
    if (!v) {
      this.overlay.hide();
      return;
    }
    this.overlay.show(this.content(v, nowMs));
  }

  private content(v: View, nowMs: number): OverlayContent {
    const { width, height } = this.overlay.inner();
    const plain = (lines: string[]): string[] => lines.map((l) => tagged([{ text: l }], width));
    switch (v.kind) {
      case 'help':
        return { title: 'Help — every key', lines: plain(helpLines()), footer: '↑↓ scroll · Esc or F1 closes' };
      case 'history':
        return {
          title: `History of session ${v.h.session}`,
          lines: v.h.lines(width, height),
          footer: '←→ step · PgUp/PgDn 10% · Home/End · c copies the old text into the present · Esc back to now',
        };
      case 'audit': {
        const lines = v.error ? plain([`✗ ${v.error}. F5 retries`]) : v.state ? auditLines(v.state, width, nowMs) : plain(['reading the connection history…']);
        return { title: 'Audit — connection history of every image', lines, footer: '↑↓ scroll · F5 reloads · Esc closes' };
      }
      case 'orphans': {
        const lines = orphanLines(v.rows, width, v.confirming, v.done);
        if (v.error) lines.push(tagged([{ text: `✗ ${v.error}`, style: ['red-fg'] }], width));
        return { title: 'Orphaned sessions', lines, footer: v.confirming ? 'y archives · n or Esc cancels' : 'a archives (asks first) · F5 reloads · Esc closes' };
      }
    }
  }
}
