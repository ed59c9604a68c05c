/** A crafted log for the history commands, written through the real log. */
import { openLog, type NewEvent } from '../../engine/log/index.js';
import { tempDir } from '../support/cli.js';
import { freePort } from '../support/ports.js';

export const connected = (name: string, imageId: string, address: string): NewEvent => ({
  type: 'connection.connected',
  stream: `image:${name}`,
  data: { name, address, imageId, imageName: name, dialect: 'stui-reference', version: '0.1.0', protocol: 1, latencyMs: 3 },
});
export const started = (pid: number): NewEvent => ({ type: 'engine.started', stream: 'engine', data: { pid, version: '0.1.0' } });
const evalPair = (session: string, request: string, code: string, result: string): NewEvent[] => [
  { type: 'eval.requested', stream: session, data: { request, image: 'dev', code } },
  { type: 'eval.completed', stream: session, data: { request, result, className: 'SmallInteger', oid: 1, durationMs: 1, variables: { x: result } } },
];

/**
 * Four engine runs: the first stops cleanly, the second and third end without engine.stopped
 * (crashes), the fourth is still going. An outage of `dev` heals in the third run. `dev` is
 * registered at a loopback port nothing listens on: an engine opened on this home dials it in vain.
 */
export async function craftedHome(): Promise<{ dir: string; cleanup: () => void; seqs: Record<string, number> }> {
  const home = tempDir('stui-replay-cli-');
  const address = `tcp://127.0.0.1:${await freePort()}`;
  const log = await openLog({ home: home.dir });
  const seqs: Record<string, number> = {};
  const mark = async (name: string, events: NewEvent[]): Promise<void> => {
    const written = await log.append(events);
    seqs[name] = written[0]!.seq;
  };
  try {
    await mark('run1', [started(101)]);
    await log.append([
      { type: 'image.registered', stream: 'image:dev', data: { name: 'dev', address } },
      { type: 'connection.connecting', stream: 'image:dev', data: { name: 'dev', address, attempt: 1 } },
      connected('dev', 'id-dev', address),
      { type: 'session.created', stream: 's1', data: { session: 's1', image: 'dev', imageId: 'id-dev' } },
      { type: 'workspace.opened', stream: 's1', data: { workspace: 'w1', title: 'Workspace' } },
      { type: 'workspace.edited', stream: 's1', data: { workspace: 'w1', from: 0, to: null, insert: '3 + 4' } },
      ...evalPair('s1', 'r1', '3 + 4', '7'),
      { type: 'engine.stopped', stream: 'engine', data: { pid: 101, reason: 'command' } },
    ]);
    await mark('run2', [started(102), connected('dev', 'id-dev', address), { type: 'session.resumed', stream: 's1', data: { session: 's1', image: 'dev', imageId: 'id-dev' } }]);
    await log.append(evalPair('s1', 'r2', '6 * 7', '42'));
    await mark('run3', [started(103), connected('dev', 'id-dev', address)]);
    await log.append([{ type: 'connection.heartbeat_missed', stream: 'image:dev', data: { name: 'dev', missed: 2, silentMs: 2000 } }]);
    await mark('lost', [{ type: 'connection.lost', stream: 'image:dev', data: { name: 'dev', reason: 'silent', detail: 'no heartbeat' } }]);
    await new Promise((r) => setTimeout(r, 30));
    await log.append([
      { type: 'connection.reconnect_scheduled', stream: 'image:dev', data: { name: 'dev', attempt: 1, delayMs: 100, reason: 'silent' } },
      { type: 'connection.connecting', stream: 'image:dev', data: { name: 'dev', address, attempt: 1 } },
    ]);
    await mark('restored', [{ type: 'connection.restored', stream: 'image:dev', data: { name: 'dev', imageId: 'id-dev', downtimeMs: 30, attempts: 1 } }]);
    await mark('crashEval', [{ type: 'eval.requested', stream: 's1', data: { request: 'r3', image: 'dev', code: 'Smalltalk crash' } }]);
    await mark('run4', [started(104), connected('dev', 'id-dev', address)]);
    await log.append(evalPair('s1', 'r4', '1 + 1', '2'));
    seqs.head = log.headSeq;
  } finally {
    await log.close();
  }
  return { ...home, seqs };
}

