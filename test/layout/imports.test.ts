/**
 * The layout as the imports show it. Given every source file of the repository (not node_modules,
 * not the compiled tree), parsed for its imports: there is no import circle between files; the
 * reference image and the wire protocol stand apart from the engine and its clients; the engine
 * and the projections never reach into a client; and a folder with an index.ts is entered only
 * through it. The checker itself is tried first on small trees made for the purpose.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdirSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { distRoot, repoRoot, tempDir } from '../support/cli.js';
import { faceOf, importCircles, importGraph, topFolder, type ImportEdge, type ImportGraph } from './importGraph.js';

/** Folders that may import from no other top-level folder but these. */
const STANDS_ALONE: Record<string, string[]> = {
  protocol: [],
  image: ['protocol'],
};

/** The clients: nothing below the line they stand on may import them. */
const CLIENTS = ['cli', 'tui'];
const NOT_CLIENTS = ['engine', 'projections', 'migrations', 'protocol', 'image'];

/** Tests and benchmarks reach into a folder's parts on purpose: they try and measure the parts. */
const REACH_INSIDE = ['test', 'bench'];

/**
 * Imports that pass a folder's index.ts by design; each says why. Every one must still exist, so
 * the list shrinks when the reason goes away.
 */
const THROUGH_THE_SIDE: Array<{ from: string; to: string; why: string }> = [
  {
    from: 'engine/errors.ts',
    to: 'protocol/errors.ts',
    why: 'every client loads engine/errors.ts (stui --version too); protocol/index.ts would load ZeroMQ',
  },
  {
    from: 'cli/commands/specs.ts',
    to: 'protocol/defaults.ts',
    why: '`stui image serve --help` shows the defaults; protocol/index.ts would load ZeroMQ',
  },
  {
    from: 'engine/client/client.ts',
    to: 'protocol/sendQueue.ts',
    why: 'the engine client that every command loads needs the send queue, not the image link',
  },
  {
    from: 'engine/session/decide.ts',
    to: 'protocol/curve.ts',
    why: '`stui image add` checks a key with it; protocol/index.ts would load the image link too',
  },
  ...['engine/log/errors.ts', 'engine/log/store.ts', 'engine/log/types.ts'].map((to) => ({
    from: 'migrations/storeFormat.ts',
    to,
    why: 'engine/log/index.ts imports migrations/index.ts: through it would close a circle',
  })),
  ...['migrations/streamIndex.ts', 'migrations/typeIndex.ts'].map((from) => ({
    from,
    to: 'engine/log/store.ts',
    why: 'engine/log/index.ts imports migrations/index.ts: through it would close a circle',
  })),
  {
    from: 'migrations/upcasters.ts',
    to: 'engine/log/types.ts',
    why: 'engine/log/index.ts imports migrations/index.ts: through it would close a circle',
  },
  ...['projections/audit.ts', 'projections/projection.ts'].map((to) => ({
    from: 'tui/views/audit.ts',
    to,
    why: 'the TUI folds only the audit itself; projections/index.ts would load every projection at start',
  })),
];

const at = (e: ImportEdge): string => `${e.from}:${e.line} imports ${e.to}`;

function circlesOf(graph: ImportGraph): string[] {
  return importCircles(graph).map((c) => c.join(' → '));
}

function standingAlone(graph: ImportGraph): string[] {
  return graph.edges
    .filter((e) => {
      const allowed = STANDS_ALONE[topFolder(e.from)];
      const to = topFolder(e.to);
      return allowed !== undefined && to !== topFolder(e.from) && !allowed.includes(to);
    })
    .map(at);
}

function reachingClients(graph: ImportGraph): string[] {
  return graph.edges.filter((e) => NOT_CLIENTS.includes(topFolder(e.from)) && CLIENTS.includes(topFolder(e.to))).map(at);
}

/** Imports from another top-level folder that pass the index.ts of the folder they enter. */
function pastTheFace(graph: ImportGraph): ImportEdge[] {
  const files = new Set(graph.files);
  return graph.edges.filter((e) => {
    if (topFolder(e.from) === topFolder(e.to) || REACH_INSIDE.includes(topFolder(e.from))) return false;
    const face = faceOf(e.to, files);
    return face !== null && face !== e.to;
  });
}

function unexplained(graph: ImportGraph): string[] {
  const allowed = new Set(THROUGH_THE_SIDE.map((a) => `${a.from} ${a.to}`));
  return pastTheFace(graph)
    .filter((e) => !allowed.has(`${e.from} ${e.to}`))
    .map((e) => `${at(e)}, not ${faceOf(e.to, new Set(graph.files))}`);
}

/** Writes a small tree of .ts files: { 'a/x.ts': "import './y.js';" }. */
function tree(files: Record<string, string>): { dir: string; cleanup: () => void } {
  const t = tempDir('stui-layout-');
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(t.dir, path)), { recursive: true });
    writeFileSync(join(t.dir, path), text);
  }
  return t;
}

test('the checker names a circle, type-only and dynamic imports included', () => {
  const t = tree({
    'a/one.ts': "import { two } from './two.js';\nexport const one = two;\n",
    'a/two.ts': "import type { Three } from '../b/three.js';\nexport const two = 2;\nexport type T = Three;\n",
    'b/three.ts': "export type Three = number;\nexport const load = () => import('../a/one.js');\n",
    'b/alone.ts': "import { two } from '../a/two.js';\nexport const alone = two;\n",
  });
  try {
    assert.equal(circlesOf(importGraph(t.dir)), ['a/one.ts → a/two.ts → b/three.ts → a/one.ts']);
  } finally {
    t.cleanup();
  }
});

test('the checker reads multi-line and export-from imports, and ignores imports inside comments and strings', () => {
  const t = tree({
    'x/index.ts': "export {\n  inner,\n} from './inner.js';\n// import { y } from '../y/y.js';\nexport const s = \"import('../y/y.js')\";\n",
    'x/inner.ts': 'export const inner = 1;\n',
    'y/y.ts': "import {\n  inner,\n} from '../x/inner.js';\nexport const y = inner;\n",
  });
  try {
    const g = importGraph(t.dir);
    assert.equal(
      g.edges.map((e) => `${e.from}:${e.line} ${e.to}`),
      ['x/index.ts:3 x/inner.ts', 'y/y.ts:3 x/inner.ts'],
    );
    assert.equal(circlesOf(g), []);
    assert.equal(pastTheFace(g).map(at), ['y/y.ts:3 imports x/inner.ts']);
  } finally {
    t.cleanup();
  }
});

const graph = importGraph(repoRoot, [basename(distRoot), 'dist', 'test/fixtures']);

test('the repository is read whole: every relative import names a source file', () => {
  for (const top of ['cli', 'engine', 'image', 'migrations', 'projections', 'protocol', 'tui', 'bench', 'test']) {
    assert.ok(graph.files.some((f) => topFolder(f) === top), `no source files found under ${top}/`);
  }
  assert.ok(graph.edges.length > 500, `only ${graph.edges.length} imports found`);
  assert.equal(graph.unresolved, [], 'imports that name no source file');
});

test('no import circle between files', () => {
  assert.equal(circlesOf(graph), [], 'import circles');
});

test('image/ imports only protocol/, and protocol/ imports nothing of the other folders', () => {
  assert.equal(standingAlone(graph), []);
});

test('engine/, projections/, migrations/, protocol/ and image/ never import cli/ or tui/', () => {
  assert.equal(reachingClients(graph), []);
});

test('a folder with an index.ts is entered through it from other top-level folders', () => {
  assert.equal(unexplained(graph), []);
});

test('every import listed as passing an index.ts still exists', () => {
  const present = new Set(pastTheFace(graph).map((e) => `${e.from} ${e.to}`));
  const gone = THROUGH_THE_SIDE.filter((a) => !present.has(`${a.from} ${a.to}`)).map((a) => `${a.from} → ${a.to}`);
  assert.equal(gone, [], 'remove these from THROUGH_THE_SIDE');
});

test.run();
