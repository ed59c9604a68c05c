/**
 * Module hooks (node:module register) that write the URL of every module an ES import resolves
 * to, one per line, to the file named in their data. Registered by recordLoads.ts.
 */
import { appendFileSync } from 'node:fs';
import type { InitializeHook, ResolveHook } from 'node:module';

let out = '';

export const initialize: InitializeHook<{ out: string }> = (data) => {
  out = data.out;
};

export const resolve: ResolveHook = async (specifier, context, nextResolve) => {
  const resolved = await nextResolve(specifier, context);
  appendFileSync(out, `${resolved.url}\n`);
  return resolved;
};
