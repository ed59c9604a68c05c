/**
 * Reads a client needs on top of the recorded commands. `inspector.show` asks the image what the
 * inspector's current object holds now (its slots) without recording anything: a TUI that comes
 * back to an open inspector shows its slots again, while the log keeps only what the user did.
 *
 *   inspector.show {inspector} → {inspector, session, path: [{oid, className, printString}], inspection}
 */
import { StuiError } from '../errors.js';
import { str, type Args } from './args.js';
import type { HandlerContext } from './handlerContext.js';
import { inspectObject } from './inspect.js';

export const viewHandlers: Record<string, (ctx: HandlerContext, args: Args) => Promise<unknown>> = {
  'inspector.show': async ({ engine }, a) => {
    const inspector = str(a, 'inspector');
    const insp = engine.state.inspectors.get(inspector);
    if (!insp) throw new StuiError('E_FAILED', `no open inspector "${inspector}"`, { inspector });
    const top = insp.stack[insp.stack.length - 1]!;
    const inspection = await inspectObject(engine, insp.session, top.oid);
    return { inspector, session: insp.session, path: insp.stack, inspection };
  },
};
