/**
 * Re-hydration: a session whose image was replaced (another image now answers at the address,
 * e.g. one restarted without its saved state) is orphaned, and its variables are gone with the
 * old image. On request — never automatically, since re-running code has effects — the
 * evaluations of that session which assigned workspace variables are re-run, in their original
 * order, in a new session on the image, and recorded there as ordinary evaluations.
 *
 * The choice of evaluations is pure (`variableDefiningEvals`), from the session's own log entries:
 * an evaluation qualifies when it completed and its code assigns (`name :=`) a name that the image
 * reported as a workspace variable right after it. Temporaries (`| t |`), globals and failed
 * evaluations are not re-run.
 */
import { smalltalkErrorText, type EventData } from '../events.js';
import type { Entry } from '../log/types.js';
import { rehydrateSource } from './decide.js';
import { newId, type SessionEngine } from './engine.js';

export interface RehydrateEval {
  /** The original request (in the orphaned session). */
  request: string;
  code: string;
}

export interface RehydrateResult {
  /** The new session. */
  session: string;
  image: string;
  from: string;
  evaluations: Array<{
    request: string;
    rehydrates: string;
    code: string;
    /** 'completed' | 'failed', or 'pending' when it had not finished within the wait. */
    outcome: 'completed' | 'failed' | 'pending';
    result?: string;
    error?: string;
    seq?: number;
  }>;
  seq: number;
}

/** Smalltalk source without its string literals, symbols' quotes and comments (kept as spaces). */
function codeOnly(code: string): string {
  // 'it''s' strings and "comments" (no nesting in Smalltalk); $' and $" are characters, not quotes.
  return code.replace(/\$.|'(?:[^']|'')*'?|"[^"]*"?/gs, (m) => ' '.repeat(m.length));
}

/** Names assigned with `:=` anywhere in the code (outside strings and comments). */
export function assignedNames(code: string): Set<string> {
  const names = new Set<string>();
  for (const m of codeOnly(code).matchAll(/([A-Za-z_][A-Za-z0-9_]*)\s*:=/g)) names.add(m[1]!);
  return names;
}

/** The evaluations of one session (its entries, in log order) that defined workspace variables. */
export function variableDefiningEvals(entries: Iterable<Pick<Entry, 'type' | 'data'>>): RehydrateEval[] {
  const requested = new Map<string, { code: string; order: number }>();
  const chosen: Array<RehydrateEval & { order: number }> = [];
  let order = 0;
  for (const e of entries) {
    if (e.type === 'eval.requested') {
      const d = e.data as EventData['eval.requested'];
      requested.set(d.request, { code: d.code, order: order++ });
    } else if (e.type === 'eval.completed') {
      const d = e.data as EventData['eval.completed'];
      const req = requested.get(d.request);
      if (!req) continue;
      const vars = d.variables ?? {};
      const assigned = [...assignedNames(req.code)].some((n) => Object.prototype.hasOwnProperty.call(vars, n));
      if (assigned) chosen.push({ request: d.request, code: req.code, order: req.order });
    }
  }
  // Request order is the order the user ran them in (completions follow it within a session).
  return chosen.sort((a, b) => a.order - b.order).map(({ request, code }) => ({ request, code }));
}

/** Reads the orphaned session's evaluations, records the new session and its requests, waits for them. */
export async function rehydrate(
  engine: SessionEngine,
  args: { session: string; image?: string; timeoutMs: number },
): Promise<RehydrateResult> {
  const old = rehydrateSource(engine.state, args.session);
  const entries: Entry[] = [];
  for await (const e of engine.log.read({ stream: old.id, from: old.createdSeq, type: 'eval.' })) entries.push(e);
  const evals = variableDefiningEvals(entries);
  const newSession = newId('s');
  const requests = evals.map((e) => ({ ...e, newRequest: newId('r') }));
  const ids = requests.map((r) => r.newRequest);
  const outcomes = engine.expect(ids);
  let recorded: Entry[];
  try {
    recorded = await engine.execute({
      cmd: 'session.rehydrate',
      from: old.id,
      image: args.image ?? old.image,
      newSession,
      evals: requests.map((r) => ({ request: r.newRequest, code: r.code, rehydrates: r.request })),
    });
  } catch (err) {
    engine.forget(ids);
    throw err;
  }
  const created = recorded[0]!.data as EventData['session.created'];
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<null>((resolve) => (timer = setTimeout(() => resolve(null), args.timeoutMs)));
  const settled = await Promise.all(outcomes.map((p) => Promise.race([p, deadline])));
  clearTimeout(timer);
  engine.forget(ids);
  return {
    session: newSession,
    image: created.image,
    from: old.id,
    evaluations: requests.map((r, i) => describe(r.newRequest, r.request, r.code, settled[i] ?? null)),
    seq: recorded[recorded.length - 1]!.seq,
  };
}

function describe(request: string, rehydrates: string, code: string, entry: Entry | null): RehydrateResult['evaluations'][number] {
  if (!entry) return { request, rehydrates, code, outcome: 'pending' };
  if (entry.type === 'eval.completed') {
    return { request, rehydrates, code, outcome: 'completed', result: (entry.data as EventData['eval.completed']).result, seq: entry.seq };
  }
  const f = entry.data as EventData['eval.failed'];
  return { request, rehydrates, code, outcome: 'failed', error: smalltalkErrorText(f.errorClass, f.messageText), seq: entry.seq };
}
