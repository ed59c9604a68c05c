/**
 * Inspectors: what the image shows is asked first (a read, no write-ahead needed), then what the
 * user saw is recorded (inspector.opened / inspector.navigated), so a restore shows the same path.
 */
import { StuiError } from '../errors.js';
import { newRequestId, type Inspection, type ObjectRef } from '../../protocol/index.js';
import { newId, type SessionEngine } from './engine.js';
import type { ObjectView } from './state.js';
import { smalltalkErrorText } from '../events.js';

function view(o: ObjectRef): ObjectView {
  return { oid: o.oid, className: o.className, printString: o.printString };
}

/** Asks the session's image to inspect `oid` (an object it handed to this session). */
export async function inspectObject(engine: SessionEngine, session: string, oid: number): Promise<Inspection> {
  const s = engine.state.sessions.get(session);
  if (!s) throw new StuiError('E_SESSION_UNKNOWN', `no session "${session}"; see stui sessions`, { session });
  const rt = engine.runtimeOf(s.image);
  if (!rt || !rt.online) throw new StuiError('E_IMAGE_OFFLINE', `image "${s.image}" is unreachable; inspect again once it reconnects`, { image: s.image });
  const reply = await rt.link.request({ type: 'inspect', id: newRequestId(), session, oid });
  if (!reply.ok) throw new StuiError('E_SMALLTALK', smalltalkErrorText(reply.error.errorClass, reply.error.messageText), { session, oid });
  return reply.inspection;
}

/** Opens an inspector on `oid`. */
export async function openInspector(
  engine: SessionEngine,
  session: string,
  oid: number,
): Promise<{ inspector: string; seq: number; inspection: Inspection }> {
  const inspection = await inspectObject(engine, session, oid);
  const inspector = newId('i');
  const [entry] = await engine.execute({ cmd: 'inspector.open', session, inspector, object: view(inspection.object) });
  return { inspector, seq: entry!.seq, inspection };
}

/** Follows a slot (a name, or a 1-based index) of the object the inspector shows. */
export async function navigate(engine: SessionEngine, inspector: string, via: string | number): Promise<{ seq: number; inspection: Inspection }> {
  const insp = engine.state.inspectors.get(inspector);
  if (!insp) throw new StuiError('E_FAILED', `no open inspector "${inspector}"`, { inspector });
  const current = insp.stack[insp.stack.length - 1]!;
  const here = await inspectObject(engine, insp.session, current.oid);
  const slot = typeof via === 'number' ? here.indexed.find((s) => s.index === via) : here.named.find((s) => s.name === via);
  if (!slot) throw new StuiError('E_FAILED', `${current.className} has no slot ${JSON.stringify(via)}`, { inspector, via });
  const inspection = await inspectObject(engine, insp.session, slot.value.oid);
  const [entry] = await engine.execute({ cmd: 'inspector.navigate', inspector, via, object: view(inspection.object) });
  return { seq: entry!.seq, inspection };
}
