/**
 * What the CLI knows of each command before running it: the words that select it, its summary,
 * usage, help text, options and whether it takes positional arguments. Cheap to import (nothing
 * here loads a command's implementation, ZeroMQ, LevelDB, the TUI or the Smalltalk VM), so that
 * `stui --version`, `stui help` and `stui <command> --help` start as fast as Node does.
 */
import type { CommandSpec } from '../command.js';
import { DEFAULT_EVAL_TIMEOUT_MS, DEFAULT_HEARTBEAT_MS, DEFAULT_MAX_MESSAGE_BYTES, DEFAULT_PORT } from '../../protocol/defaults.js';

/** `stui eval` waits this long for an offline image before it exits 5. */
export const EVAL_TIMEOUT_S = 10;

/** `stui rehydrate` waits this long for the re-run evaluations. */
export const REHYDRATE_WAIT_MS = 30_000;

export const tui: CommandSpec = {
  name: ['tui'],
  summary: 'the terminal UI (what `stui` with no command opens)',
  usage: 'tui',
  help: [
    'Opens the workspace as it was left: layout, workspaces, cursor, inspectors, focused pane.',
    'With no image registered it starts an embedded reference image (state in <home>/images/local)',
    'and registers it as "local". Ctrl-Q detaches; the engine and the image connections keep running.',
    'F1 inside lists every key; docs/tui.md has screenshots.',
  ].join('\n'),
  options: {},
};

export const imageServe: CommandSpec = {
  name: ['image', 'serve'],
  summary: 'run a reference Smalltalk image in the foreground, serving the STUI protocol',
  usage:
    'image serve --name N [--host H] [--port P] [--state DIR] [--curve] [--max-message-bytes B] [--eval-timeout MS] [--heartbeat-ms MS]',
  help: [
    `Listens on tcp://H:P (default host 127.0.0.1, default port ${DEFAULT_PORT}; --port 0 picks a free port).`,
    'The first line on stdout is exactly: listening tcp://H:P image=<imageId>',
    'With --curve the next line is: curve-public-key <z85 key> (clients need it to connect).',
    '--state DIR keeps identity, globals, workspaces, reply records and the CURVE key across restarts;',
    'without it every start is a fresh image with a new imageId.',
    `Limits: --max-message-bytes (default ${DEFAULT_MAX_MESSAGE_BYTES}), --eval-timeout in ms (default ${DEFAULT_EVAL_TIMEOUT_MS}),`,
    `--heartbeat-ms (default ${DEFAULT_HEARTBEAT_MS}). SIGTERM or SIGINT stops the image cleanly.`,
  ].join('\n'),
  options: {
    name: { type: 'string' },
    host: { type: 'string' },
    port: { type: 'string' },
    state: { type: 'string' },
    curve: { type: 'boolean' },
    'max-message-bytes': { type: 'string' },
    'eval-timeout': { type: 'string' },
    'heartbeat-ms': { type: 'string' },
  },
};

export const imageAdd: CommandSpec = {
  name: ['image', 'add'],
  summary: 'register an image; the engine connects to it now and after every restart',
  usage: 'image add NAME tcp://HOST:PORT [--server-key KEY]',
  help: '--server-key KEY: the image serves CURVE-encrypted (stui image serve --curve); KEY is the\npublic key it printed on its curve-public-key line. The engine\'s own key pair is kept in the home.',
  options: { 'server-key': { type: 'string' } },
  positionals: true,
};

export const imageRemove: CommandSpec = {
  name: ['image', 'remove'],
  summary: 'unregister an image; its sessions become orphaned (history kept)',
  usage: 'image remove NAME',
  options: {},
  positionals: true,
};

export const imageList: CommandSpec = {
  name: ['image', 'list'],
  summary: 'registered images: name, address, imageId, state, latencyMs, sessions',
  usage: 'image list [--json]',
  options: { json: { type: 'boolean' } },
};

export const evaluate: CommandSpec = {
  name: ['eval'],
  summary: "evaluate Smalltalk in an image's session and print the result's printString",
  usage: 'eval [--image N] [--session ID] [--timeout S] [--json] CODE',
  help: [
    'Runs CODE in the session (default: the image\'s default session, created on first use).',
    '--image may be left out when exactly one image is registered. --session ID picks another',
    'session, creating it on that image when new. The request is recorded before it is sent; if the',
    'image is unreachable it stays queued and runs once when the image is back, and this command',
    `exits 5 after --timeout seconds (default ${EVAL_TIMEOUT_S}). --json prints {result, class, seq}, seq being`,
    'the log position of the completed evaluation (what restore --at takes). Smalltalk errors exit 1.',
  ].join('\n'),
  options: {
    image: { type: 'string' },
    session: { type: 'string' },
    timeout: { type: 'string' },
    json: { type: 'boolean' },
  },
  positionals: true,
};

export const sessions: CommandSpec = {
  name: ['sessions'],
  summary: 'sessions with id, image, imageId, state, createdAt, lastSeq',
  usage: 'sessions [--json]',
  help: 'state is active, disconnected, orphaned (image unreachable longer than STUI_ORPHAN_AFTER seconds, or removed) or archived.',
  options: { json: { type: 'boolean' } },
};

export const restore: CommandSpec = {
  name: ['restore'],
  summary: 'a session\'s state at a point: workspaces, variables, history, inspectors, transcript, prefs',
  usage: 'restore --session ID [--at SEQ|ISO-TIME] [--history N|all] [--json]',
  help:
    'Without --at, the latest state. --at SEQ is the state right after that log position; --at TIME right\n' +
    'after the last entry at or before that time. --history N shows the last N finished evaluations\n' +
    '(default 200); --history all shows every one and the whole transcript (otherwise its last 32 KiB).\n' +
    'Older history is read from the log only when asked for. --json prints one object.',
  options: { session: { type: 'string' }, at: { type: 'string' }, history: { type: 'string' }, json: { type: 'boolean' } },
};

export const audit: CommandSpec = {
  name: ['audit'],
  summary: 'connection history per image: seq, ts, image, event, detail; downtime per outage',
  usage: 'audit [--image N] [--json]',
  help:
    'One row per image and connection event, oldest first, then each outage (from connection.lost to\n' +
    'the reconnection that healed it) with its downtime. --image N keeps one image. --json prints a\n' +
    'JSON array of {seq, ts, image, event, detail}; the row that ends an outage also has downtimeMs.',
  options: { image: { type: 'string' }, json: { type: 'boolean' } },
};

export const orphans: CommandSpec = {
  name: ['orphans'],
  summary: 'orphaned sessions; --cleanup archives them (history kept)',
  usage: 'orphans [--cleanup] [--json]',
  help:
    'A session is orphaned when its image was removed, answers with another identity, or has been\n' +
    'unreachable for longer than STUI_ORPHAN_AFTER seconds (default 3600). --json prints a JSON array of\n' +
    '{session, image, imageId, reason, since, recorded}. --cleanup records them as archived (with\n' +
    '--json: the archived rows, each with the seq of its session.archived entry); their history stays\n' +
    'in the log (stui log, stui restore). A running engine does the archiving itself.',
  options: { cleanup: { type: 'boolean' }, json: { type: 'boolean' } },
};

export const replay: CommandSpec = {
  name: ['replay'],
  summary: 'steps through a session\'s events with the state after each; --crash picks the last unclean shutdown',
  usage: 'replay --session ID [--from SEQ] [--until SEQ] [--crash] [--json] [--rerun tcp://H:P]',
  help:
    'Prints each entry of the session (and of its image and the engine) with a summary of the session\'s\n' +
    'state right after it. --crash replays the last engine run that ended without engine.stopped, up\n' +
    'to its last entry. --json prints a JSON array of {seq, ts, stream, type, data, state}.\n' +
    '--rerun tcp://H:P, instead of stepping, evaluates the code recorded in that window again, in order,\n' +
    'in a fresh session on the image at that address, and reports each recorded and new result (to\n' +
    'reproduce a failure); with --json a JSON array of {seq, code, recorded, result, same}.',
  options: {
    session: { type: 'string' },
    from: { type: 'string' },
    until: { type: 'string' },
    crash: { type: 'boolean' },
    json: { type: 'boolean' },
    rerun: { type: 'string' },
  },
};

export const rehydrate: CommandSpec = {
  name: ['rehydrate'],
  summary: "re-run an orphaned session's variable-defining evaluations in a new session on its image",
  usage: 'rehydrate --session ID [--image N] [--json]',
  help: [
    'For a session orphaned because another image now answers at its address (e.g. the image was',
    'restarted without its --state): creates a new session on the image (or on --image N) and re-runs,',
    'in their original order, the recorded evaluations whose code assigned workspace variables. They',
    'are recorded as ordinary evaluations of the new session. Nothing is re-run unless you ask.',
    '--json prints {session, image, from, evaluations: [{request, rehydrates, code, outcome, result?, error?, seq?}], seq};',
    `evaluations not finished within ${REHYDRATE_WAIT_MS / 1000} s show outcome "pending" and still run once.`,
  ].join('\n'),
  options: { session: { type: 'string' }, image: { type: 'string' }, json: { type: 'boolean' } },
};

export const log: CommandSpec = {
  name: ['log'],
  summary: 'print the decrypted entries of the log',
  usage: 'log [--from SEQ] [--to SEQ] [--type PREFIX] [--json]',
  help:
    'Prints one line per entry: seq, time, type, stream and data as JSON. --type keeps entries whose\n' +
    'type starts with PREFIX (e.g. --type connection.). --json prints a JSON array of\n' +
    '{seq, ts, type, v, stream, data, prev}. Old event versions are shown upcast to the current one.\n' +
    'The key comes from <home>/key or, when set, from STUI_PASSPHRASE.',
  options: {
    from: { type: 'string' },
    to: { type: 'string' },
    type: { type: 'string' },
    json: { type: 'boolean' },
  },
};

export const verify: CommandSpec = {
  name: ['verify'],
  summary: 'check the log: seals, chain and head record',
  usage: 'verify',
  help:
    'Opens every entry and follows the hash chain from the first to the newest entry. Prints\n' +
    '"ok <n> entries head <hash>" and exits 0, or names the first bad entry and exits 4.',
  options: {},
};

export const engineStart: CommandSpec = {
  name: ['engine', 'start'],
  summary: 'start the background engine for this home',
  usage: 'engine start [--json]',
  help:
    'Starts the engine that owns the log and the image connections, and reconnects every registered\n' +
    'image. Other commands start it on their own when needed; a second engine for the same home is refused.',
  options: { json: { type: 'boolean' } },
};

export const engineStop: CommandSpec = {
  name: ['engine', 'stop'],
  summary: 'stop the background engine (records engine.stopped; connections close)',
  usage: 'engine stop [--json]',
  options: { json: { type: 'boolean' } },
};

export const engineStatus: CommandSpec = {
  name: ['engine', 'status'],
  summary: 'whether the engine runs, its pid, its home and its images',
  usage: 'engine status [--json]',
  help: 'Never starts the engine. --json prints {running, pid, home, images: [{name, address, state}]}.',
  options: { json: { type: 'boolean' } },
};
