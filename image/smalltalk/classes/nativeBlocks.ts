/** Blocks made by primitives rather than parsed from source. */
import { K } from '../kernel.js';
import { StNativeBlock, type StValue } from '../objects.js';

export function nativeBlock(numArgs: number, fn: (args: StValue[]) => StValue): StNativeBlock {
  return new StNativeBlock(K.BlockClosure, numArgs, fn);
}
