/**
 * Pharo's exception semantics: a signal runs its handler on top of the signalling code (nothing
 * unwinds until the handler finishes), so resume:, retry, pass and outer all work. Handlers of
 * the on:do: being served and of everything above it are disabled while its handler block runs.
 */
import { K, classes, str } from './kernel.js';
import { StArray, StClass, StInstance, blockArity, type StValue } from './objects.js';
import {
  HandlerReturn,
  HandlerRetry,
  Resumption,
  UnhandledSignal,
  type HandlerRecord,
  type Runtime,
} from './runtime.js';

interface SignalState {
  handler: HandlerRecord | null;
  handlerIndex: number;
  /** The call stack when first signalled, innermost first. */
  stack: string[] | null;
}

const states = new WeakMap<StInstance, SignalState>();

export function signalState(e: StInstance): SignalState {
  let s = states.get(e);
  if (!s) {
    s = { handler: null, handlerIndex: -1, stack: null };
    states.set(e, s);
  }
  return s;
}

export function makeException(className: string, messageText: string | null, fields: Record<string, StValue> = {}): StInstance {
  const cls = classes.get(className) ?? K.Error;
  const e = new StInstance(cls);
  e.set('messageText', messageText === null ? null : str(messageText));
  for (const [k, v] of Object.entries(fields)) e.set(k, v);
  return e;
}

/** Whether an on:do: selector (a class or an ExceptionSet) catches the exception. */
export function handles(selector: StValue, e: StInstance): boolean {
  if (selector instanceof StClass) return e.cls.includesBehavior(selector);
  if (selector instanceof StInstance && selector.cls === K.ExceptionSet) {
    const list = selector.get('exceptions');
    return list instanceof StArray && list.items.some((s) => handles(s, e));
  }
  return false;
}

/** Errors are not resumable, except the ones Pharo marks so (ZeroDivide, MessageNotUnderstood, CannotReturn). */
export function isResumable(e: StInstance): boolean {
  if (e.cls.includesBehavior(classes.get('ZeroDivide') as StClass)) return true;
  if (e.cls.includesBehavior(classes.get('MessageNotUnderstood') as StClass)) return true;
  if (e.cls.includesBehavior(classes.get('CannotReturn') as StClass)) return true;
  return !e.cls.includesBehavior(K.Error);
}

/** Looks for a handler from `from` down; runs it, or the default action when none takes it. */
export function signalException(rt: Runtime, e: StInstance, from: number): StValue {
  const state = signalState(e);
  if (state.stack === null) state.stack = rt.stackSnapshot();
  if (e.get('signaler') === null && !e.vars.has('signaler')) e.set('signaler', null);
  for (let i = Math.min(from, rt.handlers.length - 1); i >= 0; i--) {
    const record = rt.handlers[i] as HandlerRecord;
    if (record.disabled || !handles(record.selector, e)) continue;
    return runHandler(rt, record, i, e);
  }
  return defaultAction(e);
}

function defaultAction(e: StInstance): StValue {
  // Notifications resume with nil when nobody handles them; everything else ends the evaluation.
  if (e.cls.includesBehavior(classes.get('Notification') as StClass)) return null;
  throw new UnhandledSignal(e);
}

function runHandler(rt: Runtime, record: HandlerRecord, index: number, e: StInstance): StValue {
  const disabled: HandlerRecord[] = [];
  for (let j = index; j < rt.handlers.length; j++) {
    const h = rt.handlers[j] as HandlerRecord;
    if (!h.disabled) {
      h.disabled = true;
      disabled.push(h);
    }
  }
  const state = signalState(e);
  const previous = { handler: state.handler, handlerIndex: state.handlerIndex };
  state.handler = record;
  state.handlerIndex = index;
  const depth = rt.stackDepth();
  try {
    const block = record.block;
    const wantsArg = blockArity(block) !== 0;
    const value = rt.callBlock(block, wantsArg ? [e] : []);
    throw new HandlerReturn(record, value);
  } catch (x) {
    if (x instanceof Resumption && x.exception === e) {
      rt.truncateStack(depth);
      return x.value;
    }
    throw x;
  } finally {
    for (const h of disabled) h.disabled = false;
    state.handler = previous.handler;
    state.handlerIndex = previous.handlerIndex;
  }
}

/** `on:do:`: runs the protected block, answering the handler's value if one returns. */
export function onDo(rt: Runtime, protectedBlock: StValue, selector: StValue, handler: StValue): StValue {
  const record: HandlerRecord = { selector, block: handler, disabled: false };
  const depth = rt.handlers.length;
  const stack = rt.stackDepth();
  let body = protectedBlock;
  for (;;) {
    rt.handlers.push(record);
    try {
      return rt.callBlock(body, []);
    } catch (x) {
      if (x instanceof HandlerReturn && x.record === record) return x.value;
      if (x instanceof HandlerRetry && x.record === record) {
        if (x.replacement !== null) body = x.replacement;
        continue;
      }
      throw x;
    } finally {
      rt.handlers.length = depth;
      rt.truncateStack(stack);
    }
  }
}

function activeHandler(rt: Runtime, e: StInstance): HandlerRecord | null {
  const h = signalState(e).handler;
  return h && rt.handlers.includes(h) ? h : null;
}

export function exReturn(rt: Runtime, e: StInstance, value: StValue): StValue {
  const h = activeHandler(rt, e);
  if (!h) return rt.raise('Error', 'Exception is not being handled: cannot return');
  throw new HandlerReturn(h, value);
}

export function exRetry(rt: Runtime, e: StInstance, replacement: StValue): StValue {
  const h = activeHandler(rt, e);
  if (!h) return rt.raise('Error', 'Exception is not being handled: cannot retry');
  throw new HandlerRetry(h, replacement);
}

export function exResume(rt: Runtime, e: StInstance, value: StValue): StValue {
  if (!isResumable(e)) return rt.raise('IllegalResumeAttempt', null);
  if (!activeHandler(rt, e)) return rt.raise('Error', 'Exception is not being handled: cannot resume');
  throw new Resumption(e, value);
}

/** `pass`: the outer handler decides; if it resumes, the original signal answers its value. */
export function exPass(rt: Runtime, e: StInstance): StValue {
  const state = signalState(e);
  const value = signalException(rt, e, state.handlerIndex - 1);
  throw new Resumption(e, value);
}

/** `outer`: like pass, but a resumption answers here. */
export function exOuter(rt: Runtime, e: StInstance): StValue {
  const state = signalState(e);
  if (state.handler === null) return signalException(rt, e, rt.handlers.length - 1);
  return signalException(rt, e, state.handlerIndex - 1);
}

/** Outcome stack of an unhandled exception. */
export function stackOf(e: StInstance): string[] {
  return signalState(e).stack ?? [];
}
