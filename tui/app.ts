/**
 * The TUI: a client of the engine, like the CLI. The screen comes up at once; the engine, the
 * image and the last session arrive behind it (keys typed meanwhile wait, then apply in order).
 * Ctrl-Q detaches: the engine, the image connections and the embedded image keep running.
 */
import * as blessed from './term.js';
import type { Element, KeyEvent, Screen } from 'neo-blessed';
import { ensureEngine } from '../engine/client/index.js';
import type { EngineBridge } from './bridge.js';
import { Controller } from './controller.js';
import { EDIT_DELAY_MS } from './editor/batcher.js';
import { typeText } from './editor/keys.js';
import { show } from './inspecting.js';
import { imagesAction, inspectorAction, type PaneEnv } from './paneActions.js';
import { pasteIntoPresent, record, workspaceAction } from './workspaceActions.js';
import { PANES, lookup, typedText, type Action, type PaneId } from './keymap.js';
import { computeLayout, nextMode } from './layout.js';
import { Frame } from './panes/frame.js';
import { renderImages } from './panes/images.js';
import { renderInspector } from './panes/inspector.js';
import { statusLine } from './panes/statusbar.js';
import { renderTranscript } from './panes/transcript.js';
import { renderWorkspace } from './panes/workspace.js';
import { PREF } from './restore.js';
import { chooseSession, connect, ensureImage, restoreSession } from './startup.js';
import { currentInspector, currentWorkspace, emptyState, type AppState, type WorkspaceTab } from './state.js';
import { Overlay } from './views/overlay.js';
import { Views } from './views/manager.js';

export interface TuiOptions {
  home: string;
  env: NodeJS.ProcessEnv;
}

const TICK_MS = 250;
const ENGINE_DOWN = 'the engine is not answering';
const REFRESH_MS = 1_000;

export function runTui(opts: TuiOptions): Promise<number> {
  return new App(opts).run();
}

class App {
  private readonly state: AppState;
  private readonly screen: Screen;
  private readonly frames: Record<PaneId, Frame>;
  private readonly statusBox: Element;
  private readonly views: Views;
  private bridge: EngineBridge | null = null;
  private ctl: Controller | null = null;
  private queued: Array<[string | undefined, KeyEvent]> = [];
  private lastFailed: (() => Promise<void>) | null = null;
  private readonly clipboard = { text: '' };
  private timers: NodeJS.Timeout[] = [];
  private quitting = false;
  private engineDown = false;
  private keyRender: NodeJS.Timeout | null = null;
  private finish: (code: number) => void = () => undefined;

  constructor(private readonly opts: TuiOptions) {
    this.state = emptyState(opts.home);
    this.screen = blessed.screen({ smartCSR: true, forceUnicode: true, warnings: false, title: 'STUI' });
    // Every terminal STUI runs in speaks UTF-8; the VT100 line set only garbles copies and captures.
    this.screen.tput.brokenACS = true;
    this.frames = {
      images: new Frame(this.screen, 'Images'),
      workspace: new Frame(this.screen, 'Workspace'),
      inspector: new Frame(this.screen, 'Inspector'),
      transcript: new Frame(this.screen, 'Transcript'),
    };
    this.statusBox = blessed.box({ parent: this.screen, height: 1, tags: true, wrap: false });
    this.views = new Views(new Overlay(this.screen), () => this.render());
  }

  run(): Promise<number> {
    const done = new Promise<number>((resolve) => (this.finish = resolve));
    this.screen.program.hideCursor();
    this.screen.on('keypress', (ch, key) => this.onKey(ch, key));
    this.screen.on('resize', () => this.render());
    for (const sig of ['SIGHUP', 'SIGTERM'] as const) process.once(sig, () => void this.quit());
    this.render();
    this.timers.push(setInterval(() => this.render(), TICK_MS));
    void this.start();
    return done;
  }

  /** Engine, image, session, restore; on failure the workspace says why and F5 tries again. */
  private async start(): Promise<void> {
    const s = this.state;
    const report = (text: string): void => {
      s.startup = { text, level: 'busy' };
      this.render();
    };
    try {
      this.bridge ??= await connect(this.opts.home, this.opts.env, report);
      const bridge = this.bridge;
      if (!this.ctl) {
        this.ctl = new Controller(s, bridge, () => this.render());
        this.ctl.onError = (ws, text) => this.notice(ws, text);
        const ctl = this.ctl;
        bridge.subscribe((e) => ctl.onEntry(e));
      }
      const ctl = this.ctl;
      const images = await ensureImage(bridge, this.opts.home, report);
      report('restoring your session…');
      const session = await chooseSession(bridge, images);
      const inspectors = ctl.adopt(await restoreSession(bridge, session));
      s.ready = true;
      s.startup = null;
      this.render();
      for (const insp of inspectors) void show(ctl, insp).then(() => this.render());
      await ctl.refresh();
      this.timers.push(setInterval(() => this.poll(ctl), REFRESH_MS));
      const keys = this.queued;
      this.queued = [];
      for (const [ch, key] of keys) this.onKey(ch, key);
    } catch (err) {
      s.startup = { text: `${(err as Error).message}. F5 retries, Ctrl-Q quits`, level: 'error' };
      this.lastFailed = () => this.start();
    }
    this.render();
  }

  /**
   * The periodic refresh doubles as the engine's pulse: when it stops answering, the workspace
   * says so and F5 starts it again (the socket reconnects to the new engine by itself).
   */
  private poll(ctl: Controller): void {
    ctl.refresh().then(
      () => {
        if (!this.engineDown) return;
        this.engineDown = false;
        const ws = currentWorkspace(this.state);
        if (ws?.notice?.text.startsWith(ENGINE_DOWN)) ws.notice = null;
      },
      () => {
        if (this.engineDown) return;
        this.engineDown = true;
        this.notice(null, `${ENGINE_DOWN}: F5 starts it again`);
        this.lastFailed = async () => {
          (await ensureEngine(this.opts.home, this.opts.env)).close();
          await ctl.refresh();
        };
      },
    );
  }

  // ---- drawing ----

  private render(): void {
    if (this.quitting) return;
    const s = this.state;
    // What the screen is about to show goes to the engine first: the socket writes it once the
    // send's promise chain has run, so drawing waits for the next turn of the event loop.
    let sent = false;
    for (const ws of s.workspaces) sent = ws.batcher.flushEdits() || sent;
    if (sent) {
      setImmediate(() => this.render());
      return;
    }
    const layout = computeLayout(this.screen.width, this.screen.height, s.layout);
    if (!layout[s.focus]) s.focus = 'workspace';
    for (const p of PANES) {
      this.frames[p].place(layout[p]);
      this.frames[p].setFocused(s.focus === p);
    }
    const now = Date.now();
    if (layout.images) renderImages(this.frames.images, s, s.focus === 'images', now);
    renderWorkspace(this.frames.workspace, s, s.focus === 'workspace' && !this.views.open);
    if (layout.inspector) renderInspector(this.frames.inspector, s, s.focus === 'inspector');
    if (layout.transcript) renderTranscript(this.frames.transcript, s);
    this.statusBox.top = layout.status.top;
    this.statusBox.left = 0;
    this.statusBox.width = layout.status.width;
    const b = this.bridge;
    this.statusBox.setContent(statusLine(s, layout.status.width, now, b?.headSeq ?? 0, b?.pending ?? 0, b?.oldest() ?? null));
    this.views.render(now);
    this.screen.render();
  }

  private notice(ws: WorkspaceTab | null, text: string): void {
    const target = ws ?? currentWorkspace(this.state);
    if (target) target.notice = { text, level: 'error' };
    else this.state.startup = { text, level: 'error' };
    this.render();
  }

  // ---- keys ----

  private onKey(ch: string | undefined, key: KeyEvent): void {
    if (this.quitting) return;
    const full = key.full;
    if (full === 'C-q') return void this.quit();
    const ctl = this.ctl;
    if (!this.state.ready || !ctl) {
      if (full === 'f1') this.views.help();
      else if (this.views.kind === 'help') this.views.key(null, full);
      else if (full === 'f5') this.retry();
      else this.queued.push([ch, key]);
      return this.render();
    }
    if (this.views.open) {
      if (full === 'f5') this.views.retry(ctl);
      const copied = this.views.key(ctl, full);
      if (copied !== null) pasteIntoPresent(ctl.state, this.frames.workspace, copied);
      return this.render();
    }
    const action = lookup('global', full) ?? lookup(this.state.focus, full);
    if (action) this.act(ctl, action);
    else if (this.state.focus === 'workspace') {
      const text = typedText(ch, key);
      const ws = currentWorkspace(this.state);
      if (text !== null && ws) record(this.state, this.frames.workspace, ws, typeText(ws.model, text));
    }
    this.renderAfterKeys();
  }

  /**
   * Draws once the keys that came together are in (the batcher would send them EDIT_DELAY_MS after
   * the first); render() sends them before drawing, so the screen never shows a key a crash could
   * still lose.
   */
  private renderAfterKeys(): void {
    if (this.keyRender) return;
    this.keyRender = setTimeout(() => {
      this.keyRender = null;
      this.render();
    }, EDIT_DELAY_MS + 1);
  }

  private act(ctl: Controller, action: Action): void {
    const s = this.state;
    switch (action) {
      case 'quit':
        return void this.quit();
      case 'help':
        return this.views.help();
      case 'history':
        return this.views.history(ctl);
      case 'audit':
        return this.views.audit(ctl);
      case 'orphans':
        return this.views.orphans(ctl);
      case 'retry':
        return this.retry();
      case 'nextPane':
      case 'prevPane':
        return this.cycleFocus(ctl, action === 'nextPane' ? 1 : -1);
      case 'cycleLayout':
        s.layout = nextMode(s.layout);
        return ctl.pref(PREF.layout, s.layout);
      default:
        break;
    }
    const env: PaneEnv = { ctl, views: this.views, task: (fn) => this.task(fn), render: () => this.render() };
    if (s.focus === 'workspace') return workspaceAction(env, this.frames.workspace, this.clipboard, action);
    if (s.focus === 'images') return imagesAction(env, action);
    if (s.focus === 'inspector') return inspectorAction(env, action);
  }

  private cycleFocus(ctl: Controller, dir: number): void {
    const s = this.state;
    const layout = computeLayout(this.screen.width, this.screen.height, s.layout);
    const shown = PANES.filter((p) => layout[p]);
    s.focus = shown[(shown.indexOf(s.focus) + dir + shown.length) % shown.length]!;
    ctl.pref(PREF.focus, s.focus);
  }

  /** Runs an engine call; a failure is shown where it happened and F5 runs it again. */
  private task(fn: () => Promise<void>): void {
    fn().then(
      () => this.render(),
      (err: unknown) => {
        this.lastFailed = fn;
        const ws = currentWorkspace(this.state);
        if (ws && !ws.notice) ws.notice = { text: `${(err as Error).message}. F5 retries`, level: 'error' };
        this.render();
      },
    );
  }

  private retry(): void {
    const fn = this.lastFailed;
    this.lastFailed = null;
    const ctl = this.ctl;
    const ws = currentWorkspace(this.state);
    if (ws?.notice?.level === 'error') ws.notice = null;
    const insp = currentInspector(this.state);
    if (ctl && insp?.notice) void show(ctl, insp).then(() => this.render());
    // An offline image is dialled again at once rather than after the rest of its backoff.
    const image = this.state.images.find((i) => i.name === this.state.image);
    if (ctl && image && image.state !== 'connected') void ctl.retryImage(image.name).catch(() => undefined);
    if (ctl) void ctl.refresh().catch(() => undefined);
    if (fn) this.task(fn);
  }

  /** Detach: record what is still batched, leave the engine and the images running. */
  private async quit(): Promise<void> {
    if (this.quitting) return;
    for (const t of this.timers) clearInterval(t);
    await this.ctl?.settle(2_000);
    this.quitting = true;
    this.screen.destroy();
    this.bridge?.close();
    this.finish(0);
  }
}
