/** One VM's shared state: globals, the Smalltalk and Transcript objects, the sessions. */
import { K } from './kernel.js';
import { StInstance, type StValue } from './objects.js';
import { Registry } from './registry.js';
import type { WorldState } from './runtime.js';

export class Session {
  readonly workspace = new Map<string, StValue>();
  readonly registry = new Registry();
}

export class World implements WorldState {
  readonly globals = new Map<string, StValue>();
  readonly smalltalk = new StInstance(K.SystemDictionary);
  readonly transcriptObject = new StInstance(K.ThreadSafeTranscript);
  readonly sessions = new Map<string, Session>();

  session(id: string): Session {
    let s = this.sessions.get(id);
    if (!s) {
      s = new Session();
      this.sessions.set(id, s);
    }
    return s;
  }
}
