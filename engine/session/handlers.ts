/**
 * The engine's IPC commands: each name maps to a function of the engine and the request's
 * arguments. The TUI and the CLI use the same set; `stui` verbs exist for only some of them.
 *
 *   engine.status                          → {running, pid, home, headSeq, images: [{name, address, state}]}
 *   engine.stop                            → {stopping, pid}; engine.stopped is recorded, then the engine exits
 *   image.add {name, address, serverKey?}  → {name, address, seq}
 *   image.remove {name}                    → {name, seq}
 *   image.retry {name}                     → {name, state}; dials again now instead of waiting out the backoff
 *   image.list {text?}                     → rows {name, address, imageId, state, latencyMs, sessions} (or a table)
 *   eval {code, image?, session?, workspace?, timeoutMs?}
 *                                          → {result, class, seq, session, image, request}
 *   sessions {text?, orphanAfter?}         → rows {id, image, imageId, state, createdAt, lastSeq}
 *   restore {session, at?, history?, text?, orphanAfter?} → the `stui restore --json` object (or text);
 *     history is a count of evaluations or 'all' (default 200)
 *   session.open {image?, session?}        → {session, image, created, seq}
 *   session.archive {session}              → {seq}
 *   session.rehydrate {session, image?, timeoutMs?}
 *                                          → {session, image, from, evaluations: [{request, rehydrates,
 *                                            code, outcome, result?, error?, seq?}], seq}: a new session
 *                                            re-running the orphaned session's variable-defining
 *                                            evaluations, in order (never done automatically)
 *   orphans {text?, orphanAfter?}          → rows; orphans.cleanup {orphanAfter?} → {archived, seq}
 *   workspace.open {session, title?, workspace?} → {workspace, seq}
 *   workspace.edit {session, workspace, from, to|null, insert, cursor?, scroll?} → {seq}
 *   workspace.close {session, workspace}   → {seq}
 *   inspect {session, oid}                 → {inspector, seq, inspection}   (alias inspector.open)
 *   navigate {inspector, via}              → {seq, inspection}              (alias inspector.navigate)
 *   back {inspector}                       → {seq}                          (alias inspector.back)
 *   inspector.close {inspector}            → {seq}
 *   inspector.show {inspector}             → {inspector, session, path, inspection}  (a read; viewHandlers.ts)
 *   pref.set {session, key, value}         → {seq}
 *   log.read {from?, to?, type?, stream?, limit?} → entries {seq, ts, type, v, stream, data, prev (hex)}
 *   log.verify                             → {ok, entries, head (hex)} or the first violation (progress frames on the way)
 *   audit, replay.window, replay           → history reads (history.ts)
 *
 * Live entries: subscribe (ZeroMQ SUB) to ipc://<home>/events.sock; frames [type, entry JSON].
 */
import { parseHistoryShown } from '../../projections/index.js';
import { StuiError } from '../errors.js';
import type { Entry } from '../log/types.js';
import { int, optInt, optStr, slotRef, str } from './args.js';
import { resolveSession } from './decide.js';
import { newId, type SessionEngine } from './engine.js';
import type { Handler } from './handlerContext.js';
import { navigate, openInspector } from './inspect.js';
import { rehydrate } from './rehydrate.js';
import { Views } from './views.js';
import { viewHandlers } from './viewHandlers.js';
import { historyHandlers } from './history.js';

/** How often a long call tells its caller how far it has come. */
const PROGRESS_MS = 250;

export type { HandlerContext } from './handlerContext.js';

const DEFAULT_EVAL_WAIT_MS = 10_000;

/** An entry as JSON: `prev` as hex. */
export function entryJson(e: Entry): Record<string, unknown> {
  return { seq: e.seq, ts: e.ts, type: e.type, v: e.v, stream: e.stream, data: e.data, prev: Buffer.from(e.prev).toString('hex') };
}

const seqOf = (entries: Entry[]): number => entries[entries.length - 1]?.seq ?? 0;

/**
 * Under the `stui sessions` table: evaluations waiting for their image (accepted and durable,
 * sent in order once it is back), and sessions whose image was replaced, which can be re-hydrated.
 */
function sessionNotes(engine: SessionEngine): string {
  const lines: string[] = [];
  const waiting = new Map<string, number>();
  for (const p of engine.state.pending.values()) waiting.set(p.session, (waiting.get(p.session) ?? 0) + 1);
  for (const [session, n] of waiting) {
    const image = engine.state.sessions.get(session)?.image ?? '?';
    const online = engine.runtimeOf(image)?.online ?? false;
    lines.push(`pending: ${session} has ${n} evaluation(s) ${online ? 'running' : `waiting for image ${image} (sent in order once it is back)`}`);
  }
  for (const s of engine.state.sessions.values()) {
    const now = engine.state.images.get(s.image);
    if (s.orphaned && !s.archived && now && s.imageId !== null && now.imageId !== s.imageId) {
      lines.push(`orphaned (identity_changed): ${s.id} — image ${s.image} is now another image; stui rehydrate --session ${s.id} re-runs its variable definitions`);
    }
  }
  return lines.length ? `\n\n${lines.join('\n')}` : '';
}

export const handlers: Record<string, Handler> = {
  'engine.status': ({ engine, home }) => ({
    running: true,
    pid: process.pid,
    home,
    headSeq: engine.log.headSeq,
    images: engine.status().images,
  }),
  'engine.stop': ({ requestStop }) => {
    requestStop();
    return { stopping: true, pid: process.pid };
  },

  'image.add': async ({ engine }, a) => {
    const name = str(a, 'name');
    const address = str(a, 'address');
    const serverKey = optStr(a, 'serverKey');
    const cmd = serverKey === undefined ? { cmd: 'image.add' as const, name, address } : { cmd: 'image.add' as const, name, address, serverKey };
    return { name, address, seq: seqOf(await engine.execute(cmd)) };
  },
  'image.remove': async ({ engine }, a) => {
    const name = str(a, 'name');
    return { name, seq: seqOf(await engine.execute({ cmd: 'image.remove', name })) };
  },
  'image.retry': ({ engine }, a) => {
    const name = str(a, 'name');
    const rt = engine.runtimeOf(name);
    if (!rt) throw new StuiError('E_IMAGE_UNKNOWN', `no image named "${name}"; see stui image list`, { name });
    rt.retryNow();
    return { name, state: rt.state };
  },
  'image.list': ({ engine }, a) => {
    const rows = engine.imageList();
    return a.text === true ? Views.renderImages(rows) : rows;
  },

  eval: ({ engine }, a) =>
    engine.evaluate({
      code: str(a, 'code'),
      image: optStr(a, 'image'),
      session: optStr(a, 'session'),
      workspace: optStr(a, 'workspace'),
      timeoutMs: optInt(a, 'timeoutMs') ?? DEFAULT_EVAL_WAIT_MS,
    }),

  sessions: ({ engine }, a) => {
    const rows = engine.views.sessionRows(optStr(a, 'orphanAfter'));
    return a.text === true ? Views.renderSessions(rows) + sessionNotes(engine) : rows;
  },
  restore: ({ engine }, a) =>
    engine.views.restore(engine.log, str(a, 'session'), optStr(a, 'at'), a.text !== true, parseHistoryShown(a.history), optStr(a, 'orphanAfter')),
  'session.open': async ({ engine }, a) => {
    const image = optStr(a, 'image');
    const session = optStr(a, 'session');
    const newSession = newId('s');
    // Which session this is (pure); the same decision then records it if it is new.
    const r = resolveSession(engine.state, image, session, newSession);
    const entries = await engine.execute({ cmd: 'session.open', image, session, newSession });
    return { session: r.session, image: r.image, created: entries.length > 0, seq: seqOf(entries) };
  },
  'session.rehydrate': ({ engine }, a) =>
    rehydrate(engine, { session: str(a, 'session'), image: optStr(a, 'image'), timeoutMs: optInt(a, 'timeoutMs') ?? DEFAULT_EVAL_WAIT_MS }),
  'session.archive': async ({ engine }, a) => ({ seq: seqOf(await engine.execute({ cmd: 'session.archive', session: str(a, 'session') })) }),

  orphans: ({ engine }, a) => {
    const rows = engine.views.orphanRows(optStr(a, 'orphanAfter'));
    return a.text === true ? Views.renderOrphans(rows) : rows;
  },
  'orphans.cleanup': async ({ engine }, a) => {
    const events = engine.views.cleanupEvents(optStr(a, 'orphanAfter'));
    const archived = events.filter((e) => e.type === 'session.archived').map((e) => e.stream);
    // Evaluations still owed to an archived session will never run: close them too.
    const ids = new Set(archived);
    const cancelled = [...engine.state.pending.values()]
      .filter((p) => ids.has(p.session))
      .map((p) => ({
        type: 'eval.failed' as const,
        stream: p.session,
        data: { request: p.request, errorClass: 'Cancelled', messageText: 'the session was archived', stack: [], kind: 'cancelled' as const },
      }));
    const entries = await engine.commit([...cancelled, ...events]);
    return { archived, seq: seqOf(entries) };
  },

  'workspace.open': async ({ engine }, a) => {
    const workspace = optStr(a, 'workspace') ?? newId('w');
    const entries = await engine.execute({ cmd: 'workspace.open', session: str(a, 'session'), workspace, title: optStr(a, 'title') ?? 'Workspace' });
    return { workspace, seq: seqOf(entries) };
  },
  'workspace.edit': async ({ engine }, a) => {
    const to = a.to === null || a.to === undefined ? null : int(a, 'to');
    const entries = await engine.execute({
      cmd: 'workspace.edit',
      session: str(a, 'session'),
      workspace: str(a, 'workspace'),
      from: int(a, 'from'),
      to,
      insert: str(a, 'insert'),
      ...(optInt(a, 'cursor') !== undefined ? { cursor: optInt(a, 'cursor') } : {}),
      ...(optInt(a, 'scroll') !== undefined ? { scroll: optInt(a, 'scroll') } : {}),
    });
    return { seq: seqOf(entries) };
  },
  'workspace.close': async ({ engine }, a) => ({
    seq: seqOf(await engine.execute({ cmd: 'workspace.close', session: str(a, 'session'), workspace: str(a, 'workspace') })),
  }),

  'inspector.open': ({ engine }, a) => openInspector(engine, str(a, 'session'), int(a, 'oid')),
  'inspector.navigate': ({ engine }, a) => navigate(engine, str(a, 'inspector'), slotRef(a, 'via')),
  'inspector.back': async ({ engine }, a) => ({ seq: seqOf(await engine.execute({ cmd: 'inspector.back', inspector: str(a, 'inspector') })) }),
  'inspector.close': async ({ engine }, a) => ({ seq: seqOf(await engine.execute({ cmd: 'inspector.close', inspector: str(a, 'inspector') })) }),

  'pref.set': async ({ engine }, a) => {
    if (!('value' in a)) throw new StuiError('E_USAGE', 'argument "value" is required');
    return { seq: seqOf(await engine.execute({ cmd: 'pref.set', session: str(a, 'session'), key: str(a, 'key'), value: a.value })) };
  },

  'log.read': async ({ engine }, a) => {
    const opts: { from?: number; to?: number; type?: string; stream?: string } = {};
    const from = optInt(a, 'from');
    const to = optInt(a, 'to');
    const type = optStr(a, 'type');
    const stream = optStr(a, 'stream');
    if (from !== undefined) opts.from = from;
    if (to !== undefined) opts.to = to;
    if (type !== undefined) opts.type = type;
    if (stream !== undefined) opts.stream = stream;
    const limit = optInt(a, 'limit', 1);
    const out: Record<string, unknown>[] = [];
    for await (const e of engine.log.read(opts)) {
      out.push(entryJson(e));
      if (limit !== undefined && out.length >= limit) break;
    }
    return out;
  },
  'log.verify': async ({ verify, progress }) => {
    // A few notes a second are plenty for a progress line and cost nothing beside the walk.
    let last = 0;
    const r = await verify({
      onProgress: (checked, total) => {
        const now = Date.now();
        if (now - last < PROGRESS_MS) return;
        last = now;
        progress({ checked, total });
      },
    });
    return r.ok ? { ok: true, entries: r.entries, head: Buffer.from(r.head).toString('hex') } : r;
  },
};

// The names the TUI uses for the inspector verbs.
handlers.inspect = handlers['inspector.open']!;
handlers.navigate = handlers['inspector.navigate']!;
handlers.back = handlers['inspector.back']!;
Object.assign(handlers, viewHandlers, historyHandlers);
