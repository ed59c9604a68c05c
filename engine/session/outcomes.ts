/**
 * Callers waiting for the recorded outcome of an evaluation (its eval.completed or eval.failed
 * entry), and what `stui eval` answers from that entry. The wait is on the log, not on the image:
 * an answer counts once it is durable, and one that comes after the caller gave up is still
 * recorded.
 */
import { StuiError } from '../errors.js';
import { smalltalkErrorText, type EventData } from '../events.js';
import type { Entry } from '../log/types.js';

export interface EvalResult {
  result: string;
  class: string;
  seq: number;
  session: string;
  image: string;
  request: string;
}

interface Waiter {
  resolve(entry: Entry): void;
  reject(err: Error): void;
}

export class Outcomes {
  private readonly waiters = new Map<string, Waiter[]>();

  /**
   * The outcome entries of requests about to be recorded: register before recording, so an
   * answer that arrives at once is not missed. forget() when done waiting.
   */
  expect(requests: string[]): Promise<Entry>[] {
    return requests.map((request) => {
      const p = new Promise<Entry>((resolve, reject) => this.waiters.set(request, [...(this.waiters.get(request) ?? []), { resolve, reject }]));
      p.catch(() => undefined);
      return p;
    });
  }

  forget(requests: string[]): void {
    for (const r of requests) this.waiters.delete(r);
  }

  /** Hands a durable eval.completed / eval.failed entry to whoever waits for its request. */
  settle(entry: Entry): void {
    const request = (entry.data as { request: string }).request;
    const ws = this.waiters.get(request);
    this.waiters.delete(request);
    for (const w of ws ?? []) w.resolve(entry);
  }

  /** Every caller still waiting gets `errorFor(request)` instead of an outcome. */
  rejectAll(errorFor: (request: string) => Error): void {
    for (const [request, ws] of this.waiters) {
      const err = errorFor(request);
      for (const w of ws) w.reject(err);
    }
    this.waiters.clear();
  }
}

/** What an evaluation's outcome entry answers: its result, or the error it records, thrown. */
export function answerOf(entry: Entry, image: string, request: string): EvalResult {
  if (entry.type === 'eval.completed') {
    const d = entry.data as EventData['eval.completed'];
    return { result: d.result, class: d.className, seq: entry.seq, session: entry.stream, image, request };
  }
  const f = entry.data as EventData['eval.failed'];
  const detail = { seq: entry.seq, request, session: entry.stream, errorClass: f.errorClass, stack: f.stack };
  if (f.kind === 'smalltalk') throw new StuiError('E_SMALLTALK', smalltalkErrorText(f.errorClass, f.messageText), detail);
  throw new StuiError(f.kind === 'protocol' ? 'E_PROTOCOL' : 'E_FAILED', `evaluation not run: ${f.messageText}`, detail);
}

/** No outcome within the caller's wait: still running on a reachable image, or queued. */
export function stillWaiting(requested: Entry, image: string, request: string, online: boolean, timeoutMs: number): StuiError {
  const secs = timeoutMs / 1000;
  return new StuiError(
    online ? 'E_TIMEOUT' : 'E_QUEUED',
    online
      ? `no answer from image "${image}" within ${secs} s; the evaluation (request ${request}, seq ${requested.seq}) is still running and its result will be recorded`
      : `image "${image}" is unreachable; the evaluation is queued (request ${request}, seq ${requested.seq}) and will run once when it reconnects`,
    { image, request, seq: requested.seq, session: requested.stream },
  );
}
