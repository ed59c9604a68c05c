/**
 * Print it, do it, inspect it. The expression's text is recorded first (the batcher is flushed),
 * then the evaluation; an image that does not answer quickly leaves the evaluation queued in the
 * engine, and its answer is placed when the feed brings it — even minutes later.
 */
import { isStuiError } from '../engine/errors.js';
import type { Controller, EvalOutcome } from './controller.js';
import type { LiveEntry } from './bridge.js';
import { openInspector } from './inspecting.js';
import { currentWorkspace, type WorkspaceTab } from './state.js';

export type EvalKind = 'print' | 'do' | 'inspect';

/** How long the engine waits for the image before answering "queued" (the request stays queued). */
const QUICK_ANSWER_MS = 1_500;

interface EvalReply {
  result: string;
  class: string;
  seq: number;
  request: string;
}

export async function evaluate(c: Controller, kind: EvalKind): Promise<void> {
  const s = c.state;
  const ws = currentWorkspace(s);
  if (!ws || !s.session) return;
  const expr = ws.model.expression();
  if (expr.code.trim() === '') {
    ws.notice = { text: 'nothing to evaluate: select an expression, or put the caret on its line', level: 'info' };
    return;
  }
  ws.batcher.flush();
  const version = ws.model.version;
  ws.notice = { text: `evaluating ${short(expr.code)}`, level: 'busy' };
  let outcome: EvalOutcome;
  try {
    const r = await c.bridge.call<EvalReply>('eval', { code: expr.code, session: s.session, workspace: ws.id, timeoutMs: QUICK_ANSWER_MS }, QUICK_ANSWER_MS + 20_000);
    outcome = { ok: true, result: r.result, className: r.class, seq: r.seq };
  } catch (err) {
    if (!isStuiError(err)) throw err;
    const request = typeof err.detail.request === 'string' ? err.detail.request : null;
    if (err.code === 'E_SMALLTALK' || err.code === 'E_FAILED' || err.code === 'E_PROTOCOL') {
      outcome = { ok: false, result: err.message, seq: typeof err.detail.seq === 'number' ? err.detail.seq : 0 };
    } else if ((err.code === 'E_QUEUED' || err.code === 'E_TIMEOUT') && request) {
      const offline = err.code === 'E_QUEUED';
      ws.notice = {
        text: offline
          ? `queued: ${s.image ?? 'the image'} offline, runs once when back · F5 retry · Tab: switch image`
          : `${short(expr.code)} is still running in the image; its answer will appear here`,
        level: 'pending',
      };
      outcome = await c.answerOf(request);
    } else {
      ws.notice = { text: `${err.message}. F5 retries`, level: 'error' };
      throw err;
    }
  }
  c.noteEval(expr.code, outcome);
  if (!outcome.ok) {
    ws.notice = { text: outcome.result, level: 'error' };
    return;
  }
  ws.notice = null;
  if (kind === 'print') printResult(ws, expr, outcome.result, ws.model.version === version);
  else if (kind === 'do') ws.notice = { text: `${short(expr.code)} → ${short(outcome.result)}`, level: 'info' };
  else await inspectResult(c, ws, outcome.seq);
}

/**
 * Inserts " result" after the expression, if the expression is still there. The result is selected
 * when the user has waited for it; an answer arriving while they work elsewhere leaves their caret
 * and selection alone.
 */
function printResult(ws: WorkspaceTab, expr: { from: number; to: number; code: string }, result: string, waited: boolean): void {
  const m = ws.model;
  let end = m.text.slice(expr.from, expr.to) === expr.code ? expr.to : -1;
  if (end < 0) {
    // The text moved while the image was away: find the expression once, else leave the text alone.
    const at = m.text.indexOf(expr.code);
    if (at >= 0 && m.text.indexOf(expr.code, at + 1) < 0) end = at + expr.code.length;
  }
  if (end < 0) {
    ws.notice = { text: `${short(expr.code)} → ${short(result)} (the expression has changed; result in the transcript)`, level: 'info' };
    return;
  }
  if (!waited) {
    ws.batcher.edits(m.insertAt(end, ` ${result}`), m.cursor, m.scroll);
    return;
  }
  const edits = m.replaceAndSelect(end, end, ` ${result}`);
  m.select(end + 1, end + 1 + result.length);
  ws.batcher.edits(edits, m.cursor, m.scroll);
}

async function inspectResult(c: Controller, ws: WorkspaceTab, seq: number): Promise<void> {
  const [entry] = await c.bridge.call<LiveEntry[]>('log.read', { from: seq, to: seq });
  const oid = entry?.data.oid;
  if (typeof oid !== 'number') {
    ws.notice = { text: 'the image did not hand out an object to inspect', level: 'error' };
    return;
  }
  await openInspector(c, oid);
}

export function short(s: string, max = 40): string {
  const flat = s.replace(/\s+/g, ' ').trim();
  return flat.length > max ? flat.slice(0, max - 1) + '…' : flat;
}
