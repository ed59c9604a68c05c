/**
 * The class hierarchy (as Pharo names and arranges it) and constructors for kernel objects.
 * Classes are immutable and shared by every VM in the process; globals are per VM.
 */
import {
  StArray,
  StAssoc,
  StChar,
  StClass,
  StFraction,
  StPoint,
  StScaled,
  StString,
  StSymbol,
  setClassClass,
  type Behavior,
  type StValue,
} from './objects.js';

/** [name, superclass, instance variable names] in definition order. */
const TREE: [string, string | null, string[]][] = [
  ['ProtoObject', null, []],
  ['Object', 'ProtoObject', []],
  ['Behavior', 'Object', ['superclass', 'methodDict', 'format']],
  ['ClassDescription', 'Behavior', []],
  ['Class', 'ClassDescription', ['name']],
  ['Metaclass', 'ClassDescription', ['thisClass']],
  ['Boolean', 'Object', []],
  ['True', 'Boolean', []],
  ['False', 'Boolean', []],
  ['UndefinedObject', 'Object', []],
  ['Magnitude', 'Object', []],
  ['Character', 'Magnitude', []],
  ['Number', 'Magnitude', []],
  ['Integer', 'Number', []],
  ['SmallInteger', 'Integer', []],
  ['LargePositiveInteger', 'Integer', []],
  ['LargeNegativeInteger', 'LargePositiveInteger', []],
  ['Float', 'Number', []],
  ['SmallFloat64', 'Float', []],
  ['BoxedFloat64', 'Float', []],
  ['Fraction', 'Number', ['numerator', 'denominator']],
  ['ScaledDecimal', 'Fraction', ['scale']],
  ['LookupKey', 'Magnitude', ['key']],
  ['Association', 'LookupKey', ['value']],
  ['Point', 'Object', ['x', 'y']],
  ['Collection', 'Object', []],
  ['SequenceableCollection', 'Collection', []],
  ['ArrayedCollection', 'SequenceableCollection', []],
  ['Array', 'ArrayedCollection', []],
  ['String', 'ArrayedCollection', []],
  ['ByteString', 'String', []],
  ['Symbol', 'String', []],
  ['ByteSymbol', 'Symbol', []],
  ['ByteArray', 'ArrayedCollection', []],
  ['OrderedCollection', 'SequenceableCollection', ['array', 'firstIndex', 'lastIndex']],
  ['SortedCollection', 'OrderedCollection', ['sortBlock']],
  ['Interval', 'SequenceableCollection', ['start', 'stop', 'step']],
  ['HashedCollection', 'Collection', ['tally', 'array']],
  ['Dictionary', 'HashedCollection', []],
  ['IdentityDictionary', 'Dictionary', []],
  ['Set', 'HashedCollection', []],
  ['IdentitySet', 'Set', []],
  ['Bag', 'Collection', ['contents']],
  ['BlockClosure', 'Object', ['outerContext', 'startpc', 'numArgs']],
  ['Message', 'Object', ['selector', 'args', 'lookupClass']],
  ['SystemDictionary', 'Object', []],
  ['ThreadSafeTranscript', 'Object', []],
  ['PositionableStream', 'Object', ['collection', 'position', 'readLimit']],
  ['ReadStream', 'PositionableStream', []],
  ['WriteStream', 'PositionableStream', ['writeLimit']],
  ['ReadWriteStream', 'WriteStream', []],
  ['ExceptionSet', 'Object', ['exceptions']],
  ['Exception', 'Object', ['messageText', 'tag', 'signaler', 'signalContext', 'handlerContext', 'outerContext']],
  ['Error', 'Exception', []],
  ['ArithmeticError', 'Error', []],
  ['ZeroDivide', 'ArithmeticError', ['dividend']],
  ['DomainError', 'ArithmeticError', ['from', 'to']],
  ['MessageNotUnderstood', 'Error', ['message', 'receiver', 'reachedDefaultHandler']],
  ['SubscriptOutOfBounds', 'Error', ['subscript', 'lowerBound', 'upperBound']],
  ['NotFound', 'Error', ['object']],
  ['KeyNotFound', 'NotFound', ['key']],
  ['ValueNotFound', 'NotFound', ['value']],
  ['CollectionIsEmpty', 'Error', ['collection']],
  ['ModificationForbidden', 'Error', ['object', 'fieldIndex', 'newValue', 'retrySelector']],
  ['CannotReturn', 'Error', ['result']],
  ['BlockCannotReturn', 'CannotReturn', ['home']],
  ['ArgumentsCountMismatch', 'Error', ['expectedArgumentsCount', 'calledArgumentsCount']],
  ['NonBooleanReceiver', 'Error', ['object']],
  ['AssertionFailure', 'Error', []],
  ['IllegalResumeAttempt', 'Error', []],
  ['SubclassResponsibility', 'Error', []],
  ['ShouldNotImplement', 'Error', []],
  ['PrimitiveFailed', 'Error', ['selector']],
  ['SyntaxErrorNotification', 'Error', ['code', 'location']],
  ['EvaluationTimeout', 'Error', ['limitMs']],
  ['StackOverflow', 'Error', []],
  ['OutOfMemory', 'Error', []],
  ['Halt', 'Exception', []],
  ['Notification', 'Exception', []],
  ['Warning', 'Exception', []],
  ['UnhandledError', 'Exception', ['exception']],
];

export const classes = new Map<string, StClass>();
let metaclassClass: StClass | null = null;
const metaOf = (): StClass => metaclassClass as StClass;
for (const [name, superName, ivars] of TREE) {
  const sup = superName ? (classes.get(superName) as StClass) : null;
  classes.set(name, new StClass(name, sup, ivars, metaOf));
}
metaclassClass = classes.get('Metaclass') as StClass;
setClassClass(classes.get('Class') as StClass);

function k(name: string): StClass {
  const c = classes.get(name);
  if (!c) throw new Error(`no class ${name}`);
  return c;
}

/** The kernel classes by name, for code that needs them directly. */
export const K = {
  Object: k('Object'),
  Boolean: k('Boolean'),
  True: k('True'),
  False: k('False'),
  UndefinedObject: k('UndefinedObject'),
  Magnitude: k('Magnitude'),
  Character: k('Character'),
  Number: k('Number'),
  Integer: k('Integer'),
  SmallInteger: k('SmallInteger'),
  LargePositiveInteger: k('LargePositiveInteger'),
  LargeNegativeInteger: k('LargeNegativeInteger'),
  Float: k('Float'),
  SmallFloat64: k('SmallFloat64'),
  BoxedFloat64: k('BoxedFloat64'),
  Fraction: k('Fraction'),
  ScaledDecimal: k('ScaledDecimal'),
  Association: k('Association'),
  Point: k('Point'),
  Collection: k('Collection'),
  SequenceableCollection: k('SequenceableCollection'),
  ArrayedCollection: k('ArrayedCollection'),
  Array: k('Array'),
  String: k('String'),
  ByteString: k('ByteString'),
  Symbol: k('Symbol'),
  ByteSymbol: k('ByteSymbol'),
  ByteArray: k('ByteArray'),
  OrderedCollection: k('OrderedCollection'),
  SortedCollection: k('SortedCollection'),
  Interval: k('Interval'),
  HashedCollection: k('HashedCollection'),
  Dictionary: k('Dictionary'),
  IdentityDictionary: k('IdentityDictionary'),
  Set: k('Set'),
  IdentitySet: k('IdentitySet'),
  Bag: k('Bag'),
  BlockClosure: k('BlockClosure'),
  Message: k('Message'),
  SystemDictionary: k('SystemDictionary'),
  ThreadSafeTranscript: k('ThreadSafeTranscript'),
  ReadStream: k('ReadStream'),
  WriteStream: k('WriteStream'),
  ReadWriteStream: k('ReadWriteStream'),
  ExceptionSet: k('ExceptionSet'),
  Exception: k('Exception'),
  Error: k('Error'),
  Behavior: k('Behavior'),
  Class: k('Class'),
  Metaclass: k('Metaclass'),
} as const;

// Pharo 64-bit: SmallIntegers are 61-bit immediates.
export const SMALL_MAX = (1n << 60n) - 1n;
export const SMALL_MIN = -(1n << 60n);

// Floats whose exponent fits the 64-bit immediate encoding are SmallFloat64 in Pharo.
const SMALLFLOAT_MIN = Math.pow(2, -126);
const SMALLFLOAT_LIMIT = Math.pow(2, 128);

export function classOf(v: StValue): Behavior {
  switch (typeof v) {
    case 'bigint':
      return v > SMALL_MAX ? K.LargePositiveInteger : v < SMALL_MIN ? K.LargeNegativeInteger : K.SmallInteger;
    case 'number': {
      const a = Math.abs(v);
      return a === 0 || (a >= SMALLFLOAT_MIN && a < SMALLFLOAT_LIMIT) ? K.SmallFloat64 : K.BoxedFloat64;
    }
    case 'boolean':
      return v ? K.True : K.False;
    default:
      return v === null ? K.UndefinedObject : v.cls;
  }
}

export function isKindOf(v: StValue, c: Behavior): boolean {
  return classOf(v).includesBehavior(c);
}

const symbols = new Map<string, StSymbol>();
export function sym(name: string): StSymbol {
  let s = symbols.get(name);
  if (!s) {
    s = new StSymbol(K.ByteSymbol, name);
    symbols.set(name, s);
  }
  return s;
}

const chars = new Map<number, StChar>();
/** Characters are immediates in Pharo, so equal characters are identical here too. */
export function char(code: number): StChar {
  let c = chars.get(code);
  if (!c) {
    c = new StChar(K.Character, code);
    chars.set(code, c);
  }
  return c;
}

export const str = (s: string): StString => new StString(K.ByteString, s);
export const arr = (items: StValue[]): StArray => new StArray(K.Array, items);
export const assoc = (key: StValue, value: StValue): StAssoc => new StAssoc(K.Association, key, value);
export const point = (x: StValue, y: StValue): StPoint => new StPoint(K.Point, x, y);

export function fraction(n: bigint, d: bigint): StValue {
  if (d < 0n) {
    n = -n;
    d = -d;
  }
  let a = n < 0n ? -n : n;
  let b = d;
  while (b !== 0n) [a, b] = [b, a % b];
  const g = a === 0n ? 1n : a;
  n /= g;
  d /= g;
  return d === 1n ? n : new StFraction(K.Fraction, n, d);
}

export function scaled(n: bigint, d: bigint, scale: number): StScaled {
  if (d < 0n) {
    n = -n;
    d = -d;
  }
  let a = n < 0n ? -n : n;
  let b = d;
  while (b !== 0n) [a, b] = [b, a % b];
  const g = a === 0n ? 1n : a;
  return new StScaled(K.ScaledDecimal, n / g, d / g, scale);
}

