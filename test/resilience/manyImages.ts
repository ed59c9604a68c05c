/**
 * Serves several reference images from one process (one ZeroMQ ROUTER and one evaluator thread
 * each), so a test can have dozens of images without paying for dozens of Node processes on a
 * small machine. Usage: node manyImages.js COUNT [NAME-PREFIX]. Prints one
 * `listening tcp://H:P image=<id>` line per image, then `ready`; SIGTERM closes them all.
 */
import { ImageServer } from '../../image/server/server.js';

async function main(): Promise<void> {
  const count = Number(process.argv[2] ?? '1');
  const prefix = process.argv[3] ?? 'img';
  const servers: ImageServer[] = [];
  // A few at a time: each start loads a world into a new evaluator thread.
  for (let i = 0; i < count; i += 8) {
    const batch = Array.from({ length: Math.min(8, count - i) }, (_, k) =>
      ImageServer.start({ name: `${prefix}-${i + k}`, host: '127.0.0.1', port: 0 }),
    );
    for (const s of await Promise.all(batch)) {
      servers.push(s);
      process.stdout.write(`listening ${s.address} image=${s.identity.imageId}\n`);
    }
  }
  process.stdout.write('ready\n');
  const stop = (): void => {
    void Promise.allSettled(servers.map((s) => s.close())).then(() => process.exit(0));
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

main().catch((err: unknown) => {
  process.stderr.write(`manyImages: ${String(err)}\n`);
  process.exit(1);
});
