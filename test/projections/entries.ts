/** Builds log entries for projection specifications: seq from 1, ts one second apart by default. */
import type { Entry } from '../../engine/log/types.js';
import type { EventData, EventType } from '../../engine/events.js';

export const T0 = Date.parse('2026-11-25T12:00:00.000Z');
const ZERO = new Uint8Array(32);

export class LogBuilder {
  readonly entries: Entry[] = [];
  /** Timestamp of the next entry. */
  ts = T0;
  step = 1000;

  add<T extends EventType>(type: T, stream: string, data: EventData[T]): Entry {
    return this.raw(type, stream, data);
  }

  /** Any entry, including types and shapes the catalogue does not know. */
  raw(type: string, stream: string, data: unknown, v = 1): Entry {
    const entry: Entry = { seq: this.entries.length + 1, ts: this.ts, type, v, stream, data, prev: ZERO };
    this.entries.push(entry);
    this.ts += this.step;
    return entry;
  }

  /** Lets time pass before the next entry. */
  wait(ms: number): this {
    this.ts += ms;
    return this;
  }

  get seq(): number {
    return this.entries.length;
  }

  // Common sequences, so specifications read as stories.

  register(name: string, address = `tcp://127.0.0.1:${5550 + this.entries.length}`): Entry {
    return this.add('image.registered', `image:${name}`, { name, address });
  }

  connect(name: string, imageId: string, latencyMs = 3, address = 'tcp://127.0.0.1:5555'): Entry {
    this.add('connection.connecting', `image:${name}`, { name, address, attempt: 1 });
    return this.add('connection.connected', `image:${name}`, {
      name,
      address,
      imageId,
      imageName: name,
      dialect: 'STUI reference',
      version: '0.1.0',
      protocol: 1,
      latencyMs,
    });
  }

  lose(name: string, reason: EventData['connection.lost']['reason'] = 'silent'): Entry {
    return this.add('connection.lost', `image:${name}`, { name, reason });
  }

  restore(name: string, imageId: string, downtimeMs = 0, attempts = 1): Entry {
    return this.add('connection.restored', `image:${name}`, { name, imageId, downtimeMs, attempts });
  }

  session(id: string, image: string, imageId: string | null): Entry {
    return this.add('session.created', id, { session: id, image, imageId });
  }

  evalOk(session: string, request: string, code: string, result: string, variables: Record<string, string> = {}): Entry {
    this.add('eval.requested', session, { request, image: 'dev', code });
    return this.add('eval.completed', session, {
      request,
      result,
      className: 'SmallInteger',
      oid: 1,
      durationMs: 1,
      variables,
    });
  }
}

export async function* stream(entries: readonly Entry[]): AsyncGenerator<Entry> {
  for (const e of entries) yield e;
}

/** States compared as their JSON: what a snapshot or `--json` would show. */
export const json = (value: unknown): unknown => JSON.parse(JSON.stringify(value)) as unknown;
