/**
 * Commands the engine decides on. They are already validated for shape (see parse.ts) and carry
 * every id they need (ids are generated before deciding, so `decide` stays pure and repeatable).
 */
import type { ObjectView } from './state.js';

export type EngineCommand =
  | { cmd: 'image.add'; name: string; address: string; serverKey?: string }
  | { cmd: 'image.remove'; name: string }
  /** `newSession` is the id to use if the evaluation needs a session that does not exist yet. */
  | { cmd: 'eval'; image?: string; session?: string; code: string; request: string; newSession: string; workspace?: string }
  /** Makes sure a session exists (the TUI opens one before the first evaluation). */
  | { cmd: 'session.open'; image?: string; session?: string; newSession: string }
  | { cmd: 'session.archive'; session: string }
  /**
   * A new session on `image` re-running, in order, evaluations of the orphaned session `from`
   * (chosen from the log by rehydrate.ts); `rehydrates` names each original request.
   */
  | {
      cmd: 'session.rehydrate';
      from: string;
      image: string;
      newSession: string;
      evals: Array<{ request: string; code: string; rehydrates: string }>;
    }
  | { cmd: 'workspace.open'; session: string; workspace: string; title: string }
  | {
      cmd: 'workspace.edit';
      session: string;
      workspace: string;
      from: number;
      to: number | null;
      insert: string;
      cursor?: number;
      scroll?: number;
    }
  | { cmd: 'workspace.close'; session: string; workspace: string }
  | { cmd: 'pref.set'; session: string; key: string; value: unknown }
  /** Recorded after the image answered the inspection; `object` is what it showed. */
  | { cmd: 'inspector.open'; session: string; inspector: string; object: ObjectView }
  | { cmd: 'inspector.navigate'; inspector: string; via: string | number; object: ObjectView }
  | { cmd: 'inspector.back'; inspector: string }
  | { cmd: 'inspector.close'; inspector: string };
