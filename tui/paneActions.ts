/**
 * What the keys do in the images pane (move, switch session, new session) and in the inspector
 * (move, drill down, back, close, switch inspector).
 */
import { randomBytes } from 'node:crypto';
import type { Controller } from './controller.js';
import { back, close as closeInspector, drill, show } from './inspecting.js';
import type { Action } from './keymap.js';
import { listRows } from './panes/images.js';
import { PREF } from './restore.js';
import { restoreSession } from './startup.js';
import { currentInspector } from './state.js';
import type { Views } from './views/manager.js';

export interface PaneEnv {
  ctl: Controller;
  views: Views;
  /** Runs an engine call, showing a failure where it happened (F5 runs it again). */
  task(fn: () => Promise<void>): void;
  render(): void;
}

export function imagesAction(env: PaneEnv, action: Action): void {
  const { ctl } = env;
  const s = ctl.state;
  const rows = listRows(s);
  if (action === 'listUp') s.listCursor = Math.max(0, s.listCursor - 1);
  if (action === 'listDown') s.listCursor = Math.min(rows.length - 1, s.listCursor + 1);
  const row = rows[s.listCursor];
  if (!row) return;
  if (action === 'newSession') {
    const session = `s-${randomBytes(6).toString('hex')}`;
    return env.task(() => switchTo(env, { image: row.image, session }));
  }
  if (action !== 'open') return;
  if (row.kind === 'image') return env.task(() => switchTo(env, { image: row.image }));
  const rec = s.sessions.find((r) => r.id === row.session);
  // A session without its image can still be looked at: its history is kept.
  if (rec && (rec.state === 'orphaned' || rec.state === 'archived')) return env.views.historyOf(ctl, row.session);
  env.task(() => switchTo(env, { session: row.session }));
}

/** Continues another session (or a new one): what is batched is recorded first. */
async function switchTo(env: PaneEnv, target: { image?: string; session?: string }): Promise<void> {
  const { ctl } = env;
  await ctl.settle();
  const r = await ctl.bridge.call<{ session: string }>('session.open', target);
  const inspectors = ctl.adopt(await restoreSession(ctl.bridge, r.session));
  ctl.state.focus = 'workspace';
  ctl.pref(PREF.focus, 'workspace');
  await ctl.refresh();
  for (const insp of inspectors) void show(ctl, insp).then(() => env.render());
}

export function inspectorAction(env: PaneEnv, action: Action): void {
  const { ctl } = env;
  const s = ctl.state;
  const n = s.inspectors.length;
  if (action === 'prevInspector' || action === 'nextInspector') {
    if (n === 0) return;
    s.currentInspector = (s.currentInspector + (action === 'nextInspector' ? 1 : n - 1)) % n;
    ctl.pref(PREF.inspector, s.inspectors[s.currentInspector]!.id);
    const next = currentInspector(s)!;
    if (next.slots === null) void show(ctl, next).then(() => env.render());
    return;
  }
  const insp = currentInspector(s);
  if (!insp) return;
  const slots = insp.slots?.length ?? 0;
  if (action === 'listUp') insp.selected = Math.max(0, insp.selected - 1);
  if (action === 'listDown') insp.selected = Math.max(0, Math.min(slots - 1, insp.selected + 1));
  if (action === 'open') env.task(() => drill(ctl));
  if (action === 'back') env.task(() => back(ctl));
  if (action === 'close') env.task(() => closeInspector(ctl));
}
