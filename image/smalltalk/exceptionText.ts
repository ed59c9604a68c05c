/**
 * messageText and description of exceptions, following Pharo's overrides (MessageNotUnderstood,
 * SubscriptOutOfBounds, KeyNotFound ...). Texts that are computed are computed on demand.
 *
 * The values inside a text are printed by the printer passed in: printing.ts, which prints an
 * exception with its description, passes printString and offers these texts bound to it, so the
 * two modules do not import each other.
 */
import { K } from './kernel.js';
import { StClass, StInstance, StString, StSymbol, type StValue } from './objects.js';

/** printString with a character limit. */
export type Printer = (v: StValue, limit: number) => string;

const SHORT = 200;

function className(e: StInstance): string {
  return e.cls.name;
}

/** The class-specific standard text, used when no messageText was given. */
function standardText(e: StInstance, print: Printer): string | null {
  const p = (v: StValue): string => print(v, SHORT);
  switch (className(e)) {
    case 'MessageNotUnderstood': {
      const msg = e.get('message');
      if (!(msg instanceof StInstance)) return null;
      const sel = msg.get('selector');
      const selName = sel instanceof StSymbol ? sel.chars : '';
      const lookup = msg.get('lookupClass');
      if (lookup === K.UndefinedObject) return `receiver of "${selName}" is nil`;
      return `Message not understood: ${lookup instanceof StClass ? lookup.name : p(lookup)} >> #${selName}`;
    }
    case 'SubscriptOutOfBounds': {
      let text = e.vars.has('subscript') ? p(e.get('subscript')) : 'subscript';
      const lo = e.get('lowerBound');
      const hi = e.get('upperBound');
      if (lo !== null && hi !== null) text += ` is not between ${p(lo)} and ${p(hi)}`;
      const signaler = e.get('signaler');
      if (signaler !== null) text += ` in ${p(signaler)}`;
      return text;
    }
    case 'KeyNotFound': {
      const c = e.get('collection');
      const where = c === null ? 'collection' : c instanceof StInstance && c.cls === K.SystemDictionary ? 'Smalltalk' : (c as { cls: StClass }).cls.name;
      return `key ${p(e.get('key'))} not found in ${where}`;
    }
    case 'NotFound':
    case 'ValueNotFound': {
      const where = e.get('signaler') ?? e.get('collection');
      return `${p(e.get('object'))} not found in ${where === null ? 'UndefinedObject' : (where as { cls: StClass }).cls.name}`;
    }
    case 'CollectionIsEmpty':
      return `${p(e.get('collection'))} is empty`;
    case 'ArgumentsCountMismatch': {
      const expected = Number(e.get('expectedArgumentsCount') ?? 0n);
      const called = Number(e.get('calledArgumentsCount') ?? 0n);
      const plural = (n: number): string => `${n} argument${n === 1 ? '' : 's'}`;
      return `This block accepts ${plural(expected)}, but was called with ${plural(called)}.`;
    }
    case 'NonBooleanReceiver':
      return 'proceed for truth.';
    case 'ModificationForbidden': {
      // Pharo's text starts with a space.
      const field = e.get('fieldIndex');
      if (field === null) {
        const sel = e.get('retrySelector');
        return ` ${p(e.get('object'))} is read-only, hence its selector ${sel instanceof StSymbol ? sel.chars : p(sel)} cannot be executed with ${p(e.get('newValue'))}`;
      }
      return ` ${p(e.get('object'))} is read-only, hence its field ${p(field)} cannot be modified with ${p(e.get('newValue'))}`;
    }
    case 'EvaluationTimeout':
      return `Evaluation interrupted: it exceeded the time limit of ${p(e.get('limitMs'))} ms`;
    default:
      return null;
  }
}

/** Pharo's `messageText`: the given text, else the class's standard text, else empty. */
export function messageText(e: StInstance, print: Printer): string {
  const given = e.get('messageText');
  if (given instanceof StString || given instanceof StSymbol) return given.chars;
  if (given !== null) return print(given, SHORT);
  return standardText(e, print) ?? '';
}

/** Pharo's `description`. */
export function describeException(e: StInstance, print: Printer): string {
  const p = (v: StValue): string => print(v, SHORT);
  if (className(e) === 'MessageNotUnderstood' && e.get('messageText') === null) {
    const msg = e.get('message');
    if (msg instanceof StInstance) {
      const sel = msg.get('selector');
      const lookup = msg.get('lookupClass');
      if (lookup === K.UndefinedObject) return `${p(sel)} was sent to nil`;
      return `Instance of ${lookup instanceof StClass ? lookup.name : p(lookup)} did not understand ${p(sel)}`;
    }
  }
  const mt = messageText(e, print);
  return mt === '' ? className(e) : `${className(e)}: ${mt}`;
}

/** What an error outcome reports: the messageText, or the description when there is none. */
export function outcomeText(e: StInstance, print: Printer): string {
  const mt = messageText(e, print);
  return mt === '' ? describeException(e, print) : mt;
}
