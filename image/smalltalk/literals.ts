/** Turns parsed literals into objects. Literal strings and arrays are read-only, as in Pharo. */
import type { LitValue } from './ast.js';
import { K, char, fraction, scaled, sym } from './kernel.js';
import { StArray, StByteArray, StString, type StValue } from './objects.js';

export function materialize(lit: LitValue): StValue {
  switch (lit.t) {
    case 'int':
      return lit.v;
    case 'float':
      return lit.v;
    case 'frac':
      return fraction(lit.n, lit.d);
    case 'scaled':
      return scaled(lit.n, lit.d, lit.scale);
    case 'str':
      return new StString(K.ByteString, lit.v, true);
    case 'sym':
      return sym(lit.v);
    case 'char':
      return char(lit.v);
    case 'array':
      return new StArray(K.Array, lit.v.map(materialize), true);
    case 'bytes':
      return new StByteArray(K.ByteArray, [...lit.v], true);
    case 'true':
      return true;
    case 'false':
      return false;
    case 'nil':
      return null;
  }
}
