/**
 * Loopback ports for tests and generated logs. Every address the project writes names loopback, and
 * an address meant for an image that is down names a port nothing listens on, so an engine dialing
 * it reaches no one (never another network, never a stranger's service).
 */
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';

/** Whether this process can listen on 127.0.0.1:port right now (so nothing else does). */
function listenable(port: number): Promise<number | null> {
  return new Promise((resolve) => {
    const srv = createServer();
    srv.once('error', () => resolve(null));
    srv.listen(port, '127.0.0.1', () => {
      const bound = (srv.address() as { port: number }).port;
      srv.close(() => resolve(bound));
    });
  });
}

/** A loopback port the OS had free a moment ago (bound, read, released): for a test's short life. */
export async function freePort(): Promise<number> {
  const port = await listenable(0);
  if (port === null) throw new Error('the OS gave no free loopback port');
  return port;
}

/** The kernel's range for the local ports of outgoing connections. */
function ephemeralRange(): [number, number] {
  try {
    const [lo, hi] = readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/).map(Number);
    if (lo && hi) return [lo, hi];
  } catch {
    // not Linux: the IANA range
  }
  return [49152, 65535];
}

/**
 * `n` loopback ports that nothing listens on, for addresses that stay in a log (a generated log an
 * engine may dial for hours). They lie below the kernel's ephemeral range: a long-retrying dialer
 * to a closed ephemeral port can, one attempt in some thousands, be given that same port as its own
 * local port and connect to itself. Drawn from `from` upwards, each checked free now.
 */
export async function closedPorts(n: number, from = 20_000): Promise<number[]> {
  const [lo, hi] = ephemeralRange();
  const out: number[] = [];
  for (let port = from; out.length < n && port < 65_536; port++) {
    if (port >= lo && port <= hi) continue;
    if ((await listenable(port)) !== null) out.push(port);
  }
  if (out.length < n) throw new Error(`found only ${out.length} of ${n} closed loopback ports from ${from}`);
  return out;
}
