import { readFileSync } from 'node:fs';

/** How the reference image names itself in `welcome`. */
export const DIALECT = 'stui-reference';

let cached: string | undefined;

/** The package version (the reference Smalltalk ships with STUI Sessions). */
export function imageVersion(): string {
  if (cached === undefined) {
    try {
      // Compiled to <outDir>/image/server/identity.js; package.json sits next to <outDir>.
      const pkg = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { version?: string };
      cached = pkg.version ?? 'unknown';
    } catch {
      cached = 'unknown';
    }
  }
  return cached;
}
