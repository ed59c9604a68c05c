/**
 * Real network faults need a network of their own: a resilience test (or bench) re-executes itself
 * under `unshare -n`, in a private network namespace with only a loopback interface, which it brings
 * up. Everything it starts (images, the engine) inherits that namespace, and nftables rules made
 * there touch nothing outside. No namespace means no test: the run fails and says why.
 */
import { spawn, spawnSync } from 'node:child_process';
import { readlinkSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const INSIDE = 'STUI_NETNS_INSIDE';
const PARENT_NS = 'STUI_NETNS_PARENT';

function netnsId(): string {
  return readlinkSync('/proc/self/ns/net');
}

function fail(message: string): never {
  process.stderr.write(`\nresilience: ${message}\n`);
  process.exit(1);
}

function run(cmd: string, args: string[]): { ok: boolean; out: string } {
  const r = spawnSync(cmd, args, { encoding: 'utf8' });
  if (r.error) return { ok: false, out: r.error.message };
  return { ok: r.status === 0, out: `${r.stdout ?? ''}${r.stderr ?? ''}`.trim() };
}

/** True in a process started by runInPrivateNetwork / enterPrivateNetwork. */
export function insidePrivateNetwork(): boolean {
  return process.env[INSIDE] === '1';
}

/** In the re-executed child: checks it really is in a fresh namespace and brings `lo` up. */
export function setUpPrivateNetwork(): void {
  if (process.env[PARENT_NS] === netnsId()) fail('re-executed, but still in the parent network namespace');
  const up = run('ip', ['link', 'set', 'lo', 'up']);
  if (!up.ok) fail(`cannot bring up loopback in the private namespace (ip link set lo up): ${up.out}`);
  const nft = run('nft', ['list', 'ruleset']);
  if (!nft.ok) fail(`nftables is not usable in the private namespace (nft list ruleset): ${nft.out}; install nftables`);
}

/** Why no private network namespace can be made here, or null when one can. */
export function privateNetworkProblem(): string | null {
  const probe = run('unshare', ['-n', 'true']);
  if (probe.ok) return null;
  return (
    `cannot create a private network namespace (unshare -n): ${probe.out || 'unshare failed'}.\n` +
    'Resilience tests and benches inject real packet loss with nftables and must run as root\n' +
    '(CAP_SYS_ADMIN + CAP_NET_ADMIN) with util-linux `unshare`, iproute2 `ip` and `nft` installed;\n' +
    'they never touch the host network.'
  );
}

/** Runs `script` under `unshare -n` (stdio shared) and resolves with its exit code. */
export function runInPrivateNetwork(script: string, args: string[]): Promise<number> {
  const problem = privateNetworkProblem();
  if (problem) fail(problem);
  const child = spawn('unshare', ['-n', process.execPath, script, ...args], {
    stdio: 'inherit',
    env: { ...process.env, [INSIDE]: '1', [PARENT_NS]: netnsId() },
  });
  const forward = (sig: NodeJS.Signals): void => void child.kill(sig);
  process.on('SIGINT', forward);
  process.on('SIGTERM', forward);
  return new Promise((resolve) => {
    child.on('error', (err) => fail(`could not start unshare: ${err.message}`));
    child.on('exit', (code, signal) => {
      process.off('SIGINT', forward);
      process.off('SIGTERM', forward);
      resolve(code ?? (signal ? 1 : 0));
    });
  });
}

/**
 * For a test file: in the parent, runs this same script (`metaUrl`, i.e. `import.meta.url`) in a
 * private network namespace and exits with its exit code — the returned promise never settles
 * there. In the re-executed child: sets the namespace up and resolves.
 */
export function enterPrivateNetwork(metaUrl: string, args: string[] = process.argv.slice(2)): Promise<void> {
  if (insidePrivateNetwork()) {
    setUpPrivateNetwork();
    return Promise.resolve();
  }
  void runInPrivateNetwork(fileURLToPath(metaUrl), args).then((code) => process.exit(code));
  return new Promise<void>(() => undefined);
}

/**
 * For a bench that starts an engine on a generated log: re-runs the script in a private network
 * namespace with only loopback up, when one can be made here, so that whatever the log names, the
 * engine's dials cannot leave the machine. Resolves with where it runs: 'private' in the
 * re-executed child, 'host' when no namespace can be made (the reason is printed); in the parent
 * it exits with the child's code and never resolves.
 */
export function preferPrivateNetwork(metaUrl: string, args: string[] = process.argv.slice(2)): Promise<'private' | 'host'> {
  if (insidePrivateNetwork()) {
    if (process.env[PARENT_NS] === netnsId()) fail('re-executed, but still in the parent network namespace');
    const up = run('ip', ['link', 'set', 'lo', 'up']);
    if (!up.ok) fail(`cannot bring up loopback in the private namespace (ip link set lo up): ${up.out}`);
    return Promise.resolve('private');
  }
  const problem = privateNetworkProblem();
  if (problem) {
    process.stderr.write(`note: running in the host network (${problem.split('\n')[0]}); the engine dials only what the log names\n`);
    return Promise.resolve('host');
  }
  void runInPrivateNetwork(fileURLToPath(metaUrl), args).then((code) => process.exit(code));
  return new Promise<'private' | 'host'>(() => undefined);
}

