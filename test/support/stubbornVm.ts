import type { EvalOutcome, Inspection, SmalltalkErrorInfo, SmalltalkVM, SmalltalkVMFactory } from '../../image/vm/api.js';

/**
 * A VM that misbehaves on purpose, to test what the image server does when its evaluator ignores
 * the time limit or dies. It understands three sources: 'count' (adds 1 to a counter kept in the
 * saved state), 'spin' (loops forever, ignoring the limit) and 'die' (ends its thread).
 */
interface World {
  counter: number;
  sessions: string[];
}

class StubbornVM implements SmalltalkVM {
  constructor(private readonly world: World) {}

  evaluate(sessionId: string, source: string): EvalOutcome {
    if (!this.world.sessions.includes(sessionId)) this.world.sessions.push(sessionId);
    if (source === 'spin') for (;;);
    if (source === 'die') process.exit(3);
    if (source === 'count') this.world.counter++;
    return { ok: true, value: { oid: 1, className: 'SmallInteger', printString: String(this.world.counter) } };
  }

  inspect(): Inspection | { error: SmalltalkErrorInfo } {
    return { error: { errorClass: 'Error', messageText: 'nothing to inspect', stack: [] } };
  }

  variables(): Record<string, string> {
    return {};
  }

  hasSession(sessionId: string): boolean {
    return this.world.sessions.includes(sessionId);
  }

  dropSession(sessionId: string): void {
    this.world.sessions = this.world.sessions.filter((s) => s !== sessionId);
  }

  saveState(): Uint8Array {
    return new TextEncoder().encode(JSON.stringify(this.world));
  }
}

export const stubborn: SmalltalkVMFactory = {
  create: () => new StubbornVM({ counter: 0, sessions: [] }),
  load: (state) => new StubbornVM(JSON.parse(new TextDecoder().decode(state)) as World),
};
