// The few members of hypercore (an append-only log, used as a reference in bench/log.ts) that the
// benchmark touches; the package ships no type declarations.
declare module 'hypercore' {
  export default class Hypercore {
    constructor(storage: string, options?: Record<string, unknown>);
    readonly length: number;
    ready(): Promise<void>;
    append(block: Uint8Array | Uint8Array[]): Promise<{ length: number; byteLength: number }>;
    close(): Promise<void>;
  }
}
