import type { SmalltalkVMFactory } from '../vm/api.js';

/**
 * Finds the VM factory in a module: the reference image exports one from image/smalltalk/index.js.
 * Any export with `create` and `load` functions qualifies, so the server does not depend on the
 * export's name.
 */
export function findFactory(mod: Record<string, unknown>): SmalltalkVMFactory | undefined {
  const candidates = [mod.default, ...Object.values(mod)];
  for (const c of candidates) {
    if (c && typeof c === 'object' && typeof (c as SmalltalkVMFactory).create === 'function' && typeof (c as SmalltalkVMFactory).load === 'function') {
      return c as SmalltalkVMFactory;
    }
  }
  return undefined;
}

/** The reference Smalltalk, relative to this compiled file. */
export const DEFAULT_VM_MODULE = new URL('../smalltalk/index.js', import.meta.url).href;
