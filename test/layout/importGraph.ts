/**
 * The repository's import graph, read with TypeScript's own parser: every static import and
 * export-from (type-only ones too: a circle of types is still a circle of files) and every
 * dynamic import() of a string literal, between the source files of the repository.
 */
import ts from 'typescript';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';

export interface ImportEdge {
  /** Repository-relative paths with '/' separators, e.g. 'engine/errors.ts'. */
  from: string;
  to: string;
  line: number;
  typeOnly: boolean;
  dynamic: boolean;
}

export interface ImportGraph {
  files: string[];
  edges: ImportEdge[];
  /** Relative imports that name no source file (a parser that misses files would hide circles). */
  unresolved: Array<{ from: string; specifier: string; line: number }>;
}

/** Every .ts source under `root`, leaving out node_modules, hidden folders, declaration files and `skip`. */
export function sourceFiles(root: string, skip: string[] = []): string[] {
  const skipped = new Set(skip.map((s) => resolve(root, s)));
  const out: string[] = [];
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir).sort()) {
      const path = join(dir, name);
      if (name === 'node_modules' || name.startsWith('.') || skipped.has(path)) continue;
      if (statSync(path).isDirectory()) walk(path);
      else if (name.endsWith('.ts') && !name.endsWith('.d.ts')) out.push(relative(root, path).split(sep).join('/'));
    }
  };
  walk(root);
  return out;
}

function typeOnlyImport(node: ts.ImportDeclaration): boolean {
  const clause = node.importClause;
  if (!clause) return false; // `import './x.js'` runs the module
  if (clause.isTypeOnly) return true;
  const named = clause.namedBindings;
  return !clause.name && !!named && ts.isNamedImports(named) && named.elements.length > 0 && named.elements.every((e) => e.isTypeOnly);
}

function typeOnlyExport(node: ts.ExportDeclaration): boolean {
  if (node.isTypeOnly) return true;
  const clause = node.exportClause;
  return !!clause && ts.isNamedExports(clause) && clause.elements.length > 0 && clause.elements.every((e) => e.isTypeOnly);
}

/** The module specifiers one file imports, with the line each is on. */
export function importsOf(fileName: string, text: string): Array<{ specifier: string; line: number; typeOnly: boolean; dynamic: boolean }> {
  const source = ts.createSourceFile(fileName, text, ts.ScriptTarget.ES2022, true, ts.ScriptKind.TS);
  const found: Array<{ specifier: string; line: number; typeOnly: boolean; dynamic: boolean }> = [];
  const add = (literal: ts.Expression, typeOnly: boolean, dynamic: boolean): void => {
    if (!ts.isStringLiteralLike(literal)) return;
    const line = source.getLineAndCharacterOfPosition(literal.getStart(source)).line + 1;
    found.push({ specifier: literal.text, line, typeOnly, dynamic });
  };
  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node)) add(node.moduleSpecifier, typeOnlyImport(node), false);
    else if (ts.isExportDeclaration(node) && node.moduleSpecifier) add(node.moduleSpecifier, typeOnlyExport(node), false);
    else if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword && node.arguments[0]) {
      add(node.arguments[0], false, true);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

/** The graph of relative imports between the files `sourceFiles` finds. */
export function importGraph(root: string, skip: string[] = []): ImportGraph {
  const files = sourceFiles(root, skip);
  const known = new Set(files);
  const edges: ImportEdge[] = [];
  const unresolved: ImportGraph['unresolved'] = [];
  for (const from of files) {
    for (const imp of importsOf(from, readFileSync(join(root, from), 'utf8'))) {
      if (!imp.specifier.startsWith('.')) continue; // packages and node: builtins
      const target = relative(root, resolve(root, dirname(from), imp.specifier)).split(sep).join('/');
      const to = target.replace(/\.js$/, '.ts');
      if (known.has(to)) edges.push({ from, to, line: imp.line, typeOnly: imp.typeOnly, dynamic: imp.dynamic });
      else if (!existsSync(join(root, target)) || statSync(join(root, target)).isDirectory()) unresolved.push({ from, specifier: imp.specifier, line: imp.line });
    }
  }
  return { files, edges, unresolved };
}

/** Each import circle as a path that comes back to its start: ['a.ts', 'b.ts', 'a.ts']. */
export function importCircles(graph: Pick<ImportGraph, 'files' | 'edges'>): string[][] {
  const next = new Map<string, string[]>();
  for (const f of graph.files) next.set(f, []);
  for (const e of graph.edges) if (!next.get(e.from)!.includes(e.to)) next.get(e.from)!.push(e.to);
  // Tarjan's strongly connected components; each one with a circle yields one named path.
  let counter = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const components: string[][] = [];
  const connect = (v: string): void => {
    index.set(v, counter);
    low.set(v, counter++);
    stack.push(v);
    onStack.add(v);
    for (const w of next.get(v)!) {
      if (!index.has(w)) {
        connect(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) !== index.get(v)) return;
    const component: string[] = [];
    let w: string;
    do {
      w = stack.pop()!;
      onStack.delete(w);
      component.push(w);
    } while (w !== v);
    if (component.length > 1 || next.get(v)!.includes(v)) components.push(component.sort());
  };
  for (const f of graph.files) if (!index.has(f)) connect(f);
  return components.map((c) => shortestCircle(c[0]!, new Set(c), next));
}

/** The shortest way from `start` back to itself inside one component (breadth first). */
function shortestCircle(start: string, inside: Set<string>, next: Map<string, string[]>): string[] {
  const cameFrom = new Map<string, string>();
  const queue = [start];
  while (queue.length > 0) {
    const v = queue.shift()!;
    for (const w of next.get(v)!) {
      if (!inside.has(w)) continue;
      if (w === start) {
        const path: string[] = [];
        for (let u = v; u !== start; u = cameFrom.get(u)!) path.unshift(u);
        return [start, ...path, start];
      }
      if (!cameFrom.has(w)) {
        cameFrom.set(w, v);
        queue.push(w);
      }
    }
  }
  return [start, start];
}

/** The top-level folder a repository path lies in ('engine/log/log.ts' → 'engine'). */
export function topFolder(path: string): string {
  return path.includes('/') ? path.slice(0, path.indexOf('/')) : '';
}

/**
 * The public face a file lies behind: the index.ts of the innermost folder holding it that has
 * one, or null when no folder of it has an index.ts.
 */
export function faceOf(path: string, files: Set<string>): string | null {
  const parts = path.split('/');
  for (let n = parts.length - 1; n >= 1; n--) {
    const index = [...parts.slice(0, n), 'index.ts'].join('/');
    if (files.has(index)) return index;
  }
  return null;
}
