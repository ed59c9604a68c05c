/** The reference image's Smalltalk. The server uses `smalltalk.create()` / `smalltalk.load(bytes)`. */
export { smalltalk, ReferenceVM, type StErrorInfo } from './vm.js';
export type { SmalltalkVM, SmalltalkVMFactory, EvalOutcome, EvalOptions, Inspection, ObjectRef, Slot, SmalltalkErrorInfo } from '../vm/api.js';

/**
 * Stack size (MB) to give a worker thread that runs the VM: Smalltalk recursion is JavaScript
 * recursion, and Node's default stack allows only about 900 levels of block recursion.
 */
export const RECOMMENDED_WORKER_STACK_MB = 64;
