import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { randomInt } from 'node:crypto';
import { ImageLink, newRequestId } from '../../protocol/index.js';
import { startImage, type ImageProcess } from '../support/image.js';
import { RawDealer } from '../support/rawDealer.js';
import { prng } from '../../engine/random.js';

// Random frames for several seconds while a well-formed client checks every answer it gets.
const DURATION_MS = Number(process.env.STUI_FUZZ_MS ?? 5000);
const SEED = Number(process.env.STUI_FUZZ_SEED ?? randomInt(2 ** 31));


const rnd = prng(SEED);
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
const int = (n: number): number => Math.floor(rnd() * n);

function randomBytes(max: number): Buffer {
  const b = Buffer.alloc(int(max));
  for (let i = 0; i < b.length; i++) b[i] = int(256);
  return b;
}

function randomString(): string {
  const alphabet = ['a', 'Z', '0', ' ', '"', '\\', '\u0000', 'é', '😀', '{', ']', ':', "'", '[', '\n'];
  return Array.from({ length: int(20) }, () => pick(alphabet)).join('');
}

function randomJson(depth = 0): unknown {
  const kinds = depth > 2 ? 5 : 7;
  switch (int(kinds)) {
    case 0: return null;
    case 1: return rnd() < 0.5;
    case 2: return pick([0, -1, 1.5, 2 ** 53, -(2 ** 60), 1e308, int(1000)]);
    case 3: return randomString();
    case 4: return pick(['hello', 'evaluate', 'inspect', 'ping', 'pong', 'session.open', 'session.close', 'error', '']);
    case 5: return Array.from({ length: int(4) }, () => randomJson(depth + 1));
    default: {
      const o: Record<string, unknown> = {};
      for (let i = int(5); i > 0; i--) o[pick(['type', 'id', 'session', 'code', 'oid', 'versions', 'timeoutMs', '__proto__', 'constructor', randomString()])] = randomJson(depth + 1);
      return o;
    }
  }
}

const TEMPLATES: Array<Record<string, unknown>> = [
  { type: 'hello', id: 'f1', versions: [1] },
  { type: 'session.open', id: 'f2', session: 'fuzz' },
  { type: 'evaluate', id: 'f3', session: 'fuzz', code: '3 + 4' },
  { type: 'inspect', id: 'f4', session: 'fuzz', oid: 1 },
  { type: 'ping', id: 'f5' },
  { type: 'pong', id: 'image-ping-1' },
  { type: 'session.close', id: 'f6', session: 'fuzz' },
];

function mutated(): Buffer {
  const msg = { ...pick(TEMPLATES) };
  // Fresh ids keep the fuzzer from only hitting its own reply record.
  if (rnd() < 0.7) msg.id = `fz-${int(1e9)}`;
  const keys = Object.keys(msg);
  switch (int(4)) {
    case 0: delete msg[pick(keys)]; break;
    case 1: msg[pick(keys)] = randomJson(); break;
    case 2: msg[randomString()] = randomJson(); break;
    default: break;
  }
  const bytes = Buffer.from(JSON.stringify(msg));
  if (rnd() < 0.4 && bytes.length > 0) {
    for (let i = int(4) + 1; i > 0; i--) bytes[int(bytes.length)] = int(256);
  }
  return rnd() < 0.1 ? bytes.subarray(0, int(bytes.length)) : bytes;
}

function randomFrames(): Buffer[] {
  const one = (): Buffer => {
    switch (int(3)) {
      case 0: return randomBytes(300);
      case 1: return Buffer.from(JSON.stringify(randomJson()) ?? 'undefined');
      default: return mutated();
    }
  };
  return rnd() < 0.1 ? Array.from({ length: int(4) + 2 }, one) : [one()];
}

let image: ImageProcess;

test.before(async () => {
  image = await startImage(['--name', 'fuzz', '--eval-timeout', '2000', '--heartbeat-ms', '200']);
});

test.after(async () => {
  await image.stop();
});

test(`random frames for ${DURATION_MS} ms never stop a well-formed client's right answers (seed ${SEED})`, async () => {
  const good = ImageLink.connect(image.address, { requestTimeoutMs: 5000 });
  await good.hello();
  await good.request({ type: 'session.open', id: newRequestId(), session: 'good' });
  const stopAt = Date.now() + DURATION_MS;
  let sent = 0;

  const fuzzer = async (reconnectEvery: number): Promise<void> => {
    let raw = new RawDealer(image.address);
    let n = 0;
    try {
      while (Date.now() < stopAt) {
        await raw.send(randomFrames());
        sent++;
        if (++n % reconnectEvery === 0) {
          raw.close();
          raw = new RawDealer(image.address);
        }
        if (n % 25 === 0) await new Promise((r) => setTimeout(r, 5));
      }
    } finally {
      raw.close();
    }
  };

  const checks = { evals: 0, pings: 0 };
  const client = async (): Promise<void> => {
    while (Date.now() < stopAt) {
      const n = int(1_000_000);
      const r = await good.request({ type: 'evaluate', id: newRequestId(), session: 'good', code: `${n} + 1` });
      assert.ok(r.ok, 'a well-formed evaluation failed under fuzzing');
      if (r.ok) assert.is(r.value.printString, String(n + 1));
      checks.evals++;
      const p = await good.request({ type: 'ping', id: newRequestId() });
      assert.is(p.imageId, image.imageId);
      checks.pings++;
    }
  };

  try {
    await Promise.all([fuzzer(1_000_000), fuzzer(150), client()]);
  } finally {
    good.close();
  }
  assert.ok(sent > 500, `only ${sent} fuzz messages sent`);
  assert.ok(checks.evals > 20, `only ${checks.evals} good evaluations completed`);
  assert.is(image.child.exitCode, null, 'the image exited');
  assert.not.match(image.stderr(), /internal error/);

  // And afterwards the image still answers a fresh client.
  const after = ImageLink.connect(image.address);
  try {
    assert.is((await after.hello()).imageId, image.imageId);
  } finally {
    after.close();
  }
});

test.run();
