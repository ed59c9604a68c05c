/**
 * decide(command, state) → events: the engine's rules, pure. It reads nothing but its arguments
 * and either returns the events that record the command or throws a StuiError saying why the
 * command cannot be done. The engine appends the events (durably) and only then acts on them.
 */
import { StuiError, UsageError } from '../errors.js';
import { imageStream, type TypedEvent } from '../events.js';
import { isZ85Key } from '../../protocol/curve.js';
import type { EngineCommand } from './commands.js';
import { defaultSessionOf, liveSessionsOf, type EngineState, type SessionInfo } from './state.js';

const ADDRESS = /^tcp:\/\/(\[[0-9a-fA-F:.]+\]|[A-Za-z0-9.-]+):(\d{1,5})$/;
const NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;

export function checkAddress(address: string): void {
  const m = ADDRESS.exec(address);
  const port = m ? Number(m[2]) : 0;
  if (!m || port < 1 || port > 65535) {
    throw new UsageError(`bad image address "${address}": expected tcp://HOST:PORT, e.g. tcp://127.0.0.1:5555`);
  }
}

function checkName(name: string): void {
  if (!NAME.test(name)) {
    throw new UsageError(`bad image name "${name}": use 1-64 letters, digits, '.', '_' or '-', starting with a letter or digit`);
  }
}

/** Picks the image a command means: the named one, else the only one registered. */
export function resolveImage(state: EngineState, name: string | undefined): string {
  if (name !== undefined) {
    if (!state.images.has(name)) {
      const known = [...state.images.keys()];
      throw new StuiError(
        'E_IMAGE_UNKNOWN',
        `no image named "${name}"` + (known.length ? `; registered: ${known.join(', ')}` : '; register one with stui image add NAME tcp://HOST:PORT'),
        { image: name },
      );
    }
    return name;
  }
  const names = [...state.images.keys()];
  if (names.length === 1) return names[0]!;
  if (names.length === 0) {
    throw new StuiError(
      'E_IMAGE_UNKNOWN',
      'no image registered: register one with stui image add NAME tcp://HOST:PORT (start a reference image with stui image serve --name NAME --port PORT)',
    );
  }
  throw new UsageError(`several images are registered (${names.join(', ')}); pick one with --image NAME`);
}

/** A live session by id, or a StuiError naming why it cannot be used. */
function liveSession(state: EngineState, id: string): SessionInfo {
  const s = state.sessions.get(id);
  if (!s) throw new StuiError('E_SESSION_UNKNOWN', `no session "${id}"; see stui sessions`, { session: id });
  if (s.archived) throw new StuiError('E_SESSION_UNKNOWN', `session "${id}" is archived; its history stays readable with stui restore`, { session: id });
  if (s.orphaned) throw new StuiError('E_SESSION_UNKNOWN', `session "${id}" is orphaned (its image is gone); see stui orphans`, { session: id });
  return s;
}

/**
 * The session a re-hydration starts from: it must exist and no longer be live (orphaned, or
 * archived after being orphaned); a live session still has its variables on its image.
 */
export function rehydrateSource(state: EngineState, id: string): SessionInfo {
  const s = state.sessions.get(id);
  if (!s) throw new StuiError('E_SESSION_UNKNOWN', `no session "${id}"; see stui sessions`, { session: id });
  if (!s.orphaned && !s.archived) {
    throw new StuiError('E_FAILED', `session "${id}" is still live on image "${s.image}"; only an orphaned session (see stui orphans) is re-hydrated`, {
      session: id,
    });
  }
  return s;
}

/**
 * Which session a session-scoped command runs in, and the session.created event when it is new:
 * an explicit id (created on the chosen image when unknown), else the image's default session.
 */
export function resolveSession(
  state: EngineState,
  image: string | undefined,
  session: string | undefined,
  newSession: string,
): { session: string; image: string; events: TypedEvent[] } {
  if (session !== undefined) {
    const known = state.sessions.get(session);
    if (known) {
      const s = liveSession(state, session);
      if (image !== undefined && image !== s.image) {
        throw new UsageError(`session "${session}" belongs to image "${s.image}", not "${image}"`);
      }
      if (!state.images.has(s.image)) resolveImage(state, s.image);
      return { session: s.id, image: s.image, events: [] };
    }
    if (session.length < 1 || session.length > 128 || /\s/.test(session)) {
      throw new UsageError('a session id is 1-128 characters without spaces');
    }
    const img = resolveImage(state, image);
    return { session, image: img, events: [created(state, session, img)] };
  }
  const img = resolveImage(state, image);
  const def = defaultSessionOf(state, img);
  if (def) return { session: def.id, image: img, events: [] };
  return { session: newSession, image: img, events: [created(state, newSession, img)] };
}

function created(state: EngineState, session: string, image: string): TypedEvent<'session.created'> {
  return { type: 'session.created', stream: session, data: { session, image, imageId: state.images.get(image)?.imageId ?? null } };
}

function openWorkspace(state: EngineState, session: string, workspace: string): void {
  liveSession(state, session);
  if (!state.workspaces.get(session)?.has(workspace)) {
    throw new StuiError('E_FAILED', `no open workspace "${workspace}" in session "${session}"`, { session, workspace });
  }
}

function inspectorOf(state: EngineState, inspector: string): string {
  const insp = state.inspectors.get(inspector);
  if (!insp) throw new StuiError('E_FAILED', `no open inspector "${inspector}"`, { inspector });
  return insp.session;
}

export function decide(command: EngineCommand, state: EngineState): TypedEvent[] {
  switch (command.cmd) {
    case 'image.add': {
      checkName(command.name);
      checkAddress(command.address);
      const existing = state.images.get(command.name);
      if (existing) {
        throw new StuiError('E_IMAGE_EXISTS', `an image named "${command.name}" is already registered (${existing.address}); remove it first with stui image remove ${command.name}`, { image: command.name });
      }
      if (command.serverKey !== undefined && !isZ85Key(command.serverKey)) {
        throw new UsageError('--server-key takes the 40-character CURVE public key the image printed (curve-public-key …)');
      }
      const data: TypedEvent<'image.registered'>['data'] = { name: command.name, address: command.address };
      if (command.serverKey !== undefined) data.serverKey = command.serverKey;
      return [{ type: 'image.registered', stream: imageStream(command.name), data }];
    }
    case 'image.remove': {
      resolveImage(state, command.name);
      const events: TypedEvent[] = [];
      const sessions = liveSessionsOf(state, command.name);
      // Evaluations still owed to a removed image can never run: close them so nothing waits forever.
      for (const p of state.pending.values()) {
        if (p.image !== command.name) continue;
        events.push({
          type: 'eval.failed',
          stream: p.session,
          data: { request: p.request, errorClass: 'Cancelled', messageText: `image "${command.name}" was removed`, stack: [], kind: 'cancelled' },
        });
      }
      for (const s of sessions) {
        events.push({ type: 'session.orphaned', stream: s.id, data: { session: s.id, image: command.name, reason: 'removed' } });
      }
      events.push({ type: 'image.removed', stream: imageStream(command.name), data: { name: command.name } });
      return events;
    }
    case 'eval': {
      if (command.code.trim() === '') throw new UsageError('nothing to evaluate: pass Smalltalk code, e.g. stui eval "3 + 4"');
      const r = resolveSession(state, command.image, command.session, command.newSession);
      const data: TypedEvent<'eval.requested'>['data'] = { request: command.request, image: r.image, code: command.code };
      if (command.workspace !== undefined) data.workspace = command.workspace;
      return [...r.events, { type: 'eval.requested', stream: r.session, data }];
    }
    case 'session.open':
      return resolveSession(state, command.image, command.session, command.newSession).events;
    case 'session.archive': {
      const s = state.sessions.get(command.session);
      if (!s) throw new StuiError('E_SESSION_UNKNOWN', `no session "${command.session}"; see stui sessions`, { session: command.session });
      if (s.archived) return [];
      return [{ type: 'session.archived', stream: s.id, data: { session: s.id, image: s.image } }];
    }
    case 'session.rehydrate': {
      rehydrateSource(state, command.from);
      const image = resolveImage(state, command.image);
      const events: TypedEvent[] = [
        {
          type: 'session.created',
          stream: command.newSession,
          data: { session: command.newSession, image, imageId: state.images.get(image)?.imageId ?? null, rehydratedFrom: command.from },
        },
      ];
      for (const e of command.evals) {
        events.push({ type: 'eval.requested', stream: command.newSession, data: { request: e.request, image, code: e.code, rehydrates: e.rehydrates } });
      }
      return events;
    }
    case 'workspace.open':
      liveSession(state, command.session);
      if (state.workspaces.get(command.session)?.has(command.workspace)) {
        throw new StuiError('E_FAILED', `workspace "${command.workspace}" is already open`, { workspace: command.workspace });
      }
      return [{ type: 'workspace.opened', stream: command.session, data: { workspace: command.workspace, title: command.title } }];
    case 'workspace.edit': {
      openWorkspace(state, command.session, command.workspace);
      if (command.from < 0 || (command.to !== null && command.to < command.from)) {
        throw new UsageError(`bad edit range [${command.from}, ${command.to ?? 'end'})`);
      }
      const data: TypedEvent<'workspace.edited'>['data'] = {
        workspace: command.workspace, from: command.from, to: command.to, insert: command.insert,
      };
      if (command.cursor !== undefined) data.cursor = command.cursor;
      if (command.scroll !== undefined) data.scroll = command.scroll;
      return [{ type: 'workspace.edited', v: 2, stream: command.session, data }];
    }
    case 'workspace.close':
      openWorkspace(state, command.session, command.workspace);
      return [{ type: 'workspace.closed', stream: command.session, data: { workspace: command.workspace } }];
    case 'pref.set':
      liveSession(state, command.session);
      if (command.key.length === 0) throw new UsageError('a preference needs a key');
      return [{ type: 'pref.set', stream: command.session, data: { key: command.key, value: command.value } }];
    case 'inspector.open':
      liveSession(state, command.session);
      return [{ type: 'inspector.opened', stream: command.session, data: { inspector: command.inspector, ...command.object } }];
    case 'inspector.navigate': {
      const session = inspectorOf(state, command.inspector);
      return [{ type: 'inspector.navigated', stream: session, data: { inspector: command.inspector, via: command.via, ...command.object } }];
    }
    case 'inspector.back': {
      const session = inspectorOf(state, command.inspector);
      return [{ type: 'inspector.navigated', stream: session, data: { inspector: command.inspector, back: true } }];
    }
    case 'inspector.close': {
      const session = inspectorOf(state, command.inspector);
      return [{ type: 'inspector.closed', stream: session, data: { inspector: command.inspector } }];
    }
  }
}

/**
 * Another image now answers at a registered image's address (image.identity_changed): the
 * sessions that lived on the old image cannot continue there. They are orphaned (history kept)
 * and their unanswered evaluations closed, since running them on a different image would be wrong.
 */
export function onIdentityChanged(state: EngineState, image: string, imageId: string): TypedEvent[] {
  const events: TypedEvent[] = [];
  const gone = liveSessionsOf(state, image).filter((s) => s.imageId !== null && s.imageId !== imageId);
  const ids = new Set(gone.map((s) => s.id));
  for (const p of state.pending.values()) {
    if (!ids.has(p.session)) continue;
    events.push({
      type: 'eval.failed',
      stream: p.session,
      data: { request: p.request, errorClass: 'Cancelled', messageText: `image "${image}" was replaced by another image (${imageId})`, stack: [], kind: 'cancelled' },
    });
  }
  for (const s of gone) events.push({ type: 'session.orphaned', stream: s.id, data: { session: s.id, image, reason: 'identity_changed' } });
  return events;
}
