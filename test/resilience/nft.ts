/**
 * Packet loss on demand: an nftables table (in the test's private namespace) that silently drops
 * every TCP packet to or from the ports in its `blocked` set — no RST, no ICMP, exactly what a
 * pulled cable or a Wi-Fi hand-over looks like to both ends. Ports are added and removed as set
 * elements, so each change is one atomic nft call.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const exec = promisify(execFile);
const TABLE = 'stui_faults';

async function nft(...args: string[]): Promise<void> {
  try {
    await exec('nft', args);
  } catch (err) {
    const e = err as { stderr?: string; message: string };
    throw new Error(`nft ${args.join(' ')} failed: ${e.stderr?.trim() || e.message}`);
  }
}

export class Firewall {
  private readonly blocked = new Set<number>();

  private constructor() {}

  static async create(): Promise<Firewall> {
    // Loopback traffic passes the output hook once per packet, in each direction: matching the
    // image's port as destination (to it) and as source (from it) drops both ways.
    const ruleset = [
      `table inet ${TABLE} {`,
      '  set blocked { type inet_service; }',
      '  chain out { type filter hook output priority 0; policy accept;',
      '    tcp dport @blocked drop',
      '    tcp sport @blocked drop',
      '  }',
      '}',
    ].join('\n');
    await new Promise<void>((resolve, reject) => {
      const child = execFile('nft', ['-f', '-'], (err, _out, stderr) => (err ? reject(new Error(`nft -f failed: ${stderr || err.message}`)) : resolve()));
      child.stdin!.end(ruleset);
    });
    return new Firewall();
  }

  /** Drops all packets to and from these ports from now on. */
  async block(...ports: number[]): Promise<void> {
    const fresh = ports.filter((p) => !this.blocked.has(p));
    if (fresh.length === 0) return;
    await nft('add', 'element', 'inet', TABLE, 'blocked', `{ ${fresh.join(', ')} }`);
    for (const p of fresh) this.blocked.add(p);
  }

  /** Lets packets of these ports through again. */
  async unblock(...ports: number[]): Promise<void> {
    const known = ports.filter((p) => this.blocked.has(p));
    if (known.length === 0) return;
    await nft('delete', 'element', 'inet', TABLE, 'blocked', `{ ${known.join(', ')} }`);
    for (const p of known) this.blocked.delete(p);
  }

  get blockedPorts(): number[] {
    return [...this.blocked];
  }

  async destroy(): Promise<void> {
    await nft('delete', 'table', 'inet', TABLE).catch(() => undefined);
  }
}
