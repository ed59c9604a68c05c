/**
 * Appends to the log in `argv[2]` until killed, in every way the engine does: awaited single
 * appends, bursts of concurrent ones, multi-event appends, and fire-and-forget appends. Prints
 * `seq<TAB>json-data` for each entry as soon as its append resolves (stdout to a pipe is
 * synchronous on Linux, so a printed line was acknowledged before any later kill).
 */
import { openLog, type NewEvent } from '../../engine/log/index.js';

const home = process.argv[2];
const run = Number(process.argv[3] ?? 0);
if (!home) throw new Error('usage: crash-child HOME RUN');

const log = await openLog({ home });
let n = 0;
let group = 0;
let inflight = 0;

function event(extra: Record<string, unknown> = {}): NewEvent {
  n++;
  return { type: 'eval.requested', stream: `run-${run % 3}`, data: { run, n, code: `${n} printString`, ...extra } };
}

function append(events: NewEvent[]): Promise<void> {
  inflight++;
  return log.append(events).then((entries) => {
    inflight--;
    process.stdout.write(entries.map((e) => `${e.seq}\t${JSON.stringify(e.data)}\n`).join(''));
  });
}

const rand = (k: number): number => Math.floor(Math.random() * k);
process.stdout.write(`ready ${log.headSeq}\n`);
for (;;) {
  const r = Math.random();
  if (r < 0.25) {
    await append([event()]);
  } else if (r < 0.5) {
    await Promise.all(Array.from({ length: 1 + rand(16) }, () => append([event()])));
  } else if (r < 0.75) {
    const g = ++group;
    const k = 2 + rand(6);
    await append(Array.from({ length: k }, (_, i) => event({ group: g, of: k, i })));
  } else {
    for (let i = rand(8); i >= 0; i--) void append([event()]);
    if (inflight > 200) await new Promise((res) => setTimeout(res, 1));
    else await new Promise((res) => setImmediate(res));
  }
}
