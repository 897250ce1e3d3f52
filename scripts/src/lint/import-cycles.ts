import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import ts from "typescript";

/**
 * Import cycles among the workspace's source files: a file that imports, directly or through
 * others, a file that imports it back. Type-only imports count (a cycle of types is still a
 * cycle a reader has to untangle), and so do imports of a sibling package by name
 * (`@lakehouse/x`, `@lakehouse/x/src/y`), resolved through its package.json.
 */

const SOURCE = /\.(ts|mts|cts|tsx|js|mjs|cjs)$/;
const SKIPPED_DIRS = new Set(["node_modules", "dist", ".test-results", ".turbo", ".plan", ".pulumi-state"]);
/** What a specifier without an extension may name, in the order TypeScript tries them. */
const EXTENSIONS = [".ts", ".tsx", ".mts", ".cts", ".js", ".mjs", ".cjs", ".json"];
const INDEXES = EXTENSIONS.map((ext) => `index${ext}`);

function sourceFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return SKIPPED_DIRS.has(entry.name) ? [] : sourceFiles(path);
    return SOURCE.test(entry.name) ? [path] : [];
  });
}

const isFile = (path: string) => existsSync(path) && statSync(path).isFile();

/** The file a path names as TypeScript resolves it: exact, with an extension, `.js` for `.ts`, or an index. */
function resolveFile(path: string): string | undefined {
  if (isFile(path)) return path;
  for (const ext of EXTENSIONS) if (isFile(path + ext)) return path + ext;
  const js = /\.(m|c)?js$/.exec(path);
  if (js) {
    const ts = path.replace(/\.(m|c)?js$/, `.${js[1] ?? ""}ts`);
    if (isFile(ts)) return ts;
  }
  if (existsSync(path) && statSync(path).isDirectory()) {
    for (const index of INDEXES) if (isFile(join(path, index))) return join(path, index);
  }
  return undefined;
}

interface WorkspacePackage {
  dir: string;
  /** The file the package name alone resolves to (`exports["."]`, else `main`, else index). */
  entry: string | undefined;
}

function workspacePackages(root: string, dirs: string[]): Map<string, WorkspacePackage> {
  const packages = new Map<string, WorkspacePackage>();
  for (const group of dirs) {
    const groupDir = join(root, group);
    if (!existsSync(groupDir)) continue;
    const candidates = isFile(join(groupDir, "package.json"))
      ? [groupDir]
      : readdirSync(groupDir, { withFileTypes: true })
          .filter((e) => e.isDirectory())
          .map((e) => join(groupDir, e.name));
    for (const dir of candidates) {
      const manifestPath = join(dir, "package.json");
      if (!isFile(manifestPath)) continue;
      const manifest = JSON.parse(readFileSync(manifestPath, "utf8")) as {
        name?: string;
        main?: string;
        exports?: Record<string, unknown>;
      };
      if (!manifest.name) continue;
      const exported = manifest.exports?.["."];
      const main = typeof exported === "string" ? exported : manifest.main;
      packages.set(manifest.name, { dir, entry: resolveFile(join(dir, main ?? "index")) });
    }
  }
  return packages;
}

/** Every import, re-export, dynamic `import()` and `require()` specifier of one file. */
export function importSpecifiers(text: string): string[] {
  return ts.preProcessFile(text, true, true).importedFiles.map((f) => f.fileName);
}

/** The workspace file a specifier in `from` resolves to, or undefined for a third-party module. */
function resolveSpecifier(
  specifier: string,
  from: string,
  packages: Map<string, WorkspacePackage>,
): string | undefined {
  if (specifier.startsWith(".")) return resolveFile(resolve(dirname(from), specifier));
  const parts = specifier.split("/");
  const name = specifier.startsWith("@") ? parts.slice(0, 2).join("/") : (parts[0] as string);
  const pkg = packages.get(name);
  if (!pkg) return undefined;
  const subpath = parts.slice(specifier.startsWith("@") ? 2 : 1).join("/");
  return subpath === "" ? pkg.entry : resolveFile(join(pkg.dir, subpath));
}

/** The import graph of every source file under `dirs` (relative to `root`), by relative path. */
export function importGraph(root: string, dirs: string[]): Map<string, string[]> {
  const packages = workspacePackages(root, dirs);
  const graph = new Map<string, string[]>();
  for (const dir of dirs) {
    for (const file of sourceFiles(join(root, dir))) {
      const targets = importSpecifiers(readFileSync(file, "utf8"))
        .map((specifier) => resolveSpecifier(specifier, file, packages))
        .filter((target): target is string => target !== undefined && SOURCE.test(target))
        .map((target) => relative(root, target));
      graph.set(relative(root, file), [...new Set(targets)].sort());
    }
  }
  return graph;
}

/**
 * Each cycle of the graph, as the path from its first file (alphabetically) back to itself:
 * one per strongly connected component of more than one file (Tarjan's algorithm). A file
 * importing itself is not reported.
 */
export function importCycles(graph: Map<string, string[]>): string[][] {
  let counter = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const components: string[][] = [];

  const visit = (node: string) => {
    index.set(node, counter);
    low.set(node, counter);
    counter++;
    stack.push(node);
    onStack.add(node);
    for (const next of graph.get(node) ?? []) {
      if (!index.has(next)) {
        visit(next);
        low.set(node, Math.min(low.get(node)!, low.get(next)!));
      } else if (onStack.has(next)) {
        low.set(node, Math.min(low.get(node)!, index.get(next)!));
      }
    }
    if (low.get(node) === index.get(node)) {
      const component: string[] = [];
      let member: string;
      do {
        member = stack.pop()!;
        onStack.delete(member);
        component.push(member);
      } while (member !== node);
      if (component.length > 1) components.push(component);
    }
  };
  for (const node of [...graph.keys()].sort()) if (!index.has(node)) visit(node);

  return components
    .map((component) => cyclePath(graph, new Set(component)))
    .sort((a, b) => (a[0] ?? "").localeCompare(b[0] ?? ""));
}

/** A shortest path from the component's first file through its imports back to that file. */
function cyclePath(graph: Map<string, string[]>, members: Set<string>): string[] {
  const start = [...members].sort()[0]!;
  const previous = new Map<string, string>();
  const queue = [start];
  while (queue.length > 0) {
    const node = queue.shift()!;
    for (const next of graph.get(node) ?? []) {
      if (!members.has(next)) continue;
      if (next === start) {
        const path = [start];
        for (let at: string | undefined = node; at !== start && at !== undefined; at = previous.get(at)) {
          path.splice(1, 0, at);
        }
        return [...path, start];
      }
      if (!previous.has(next)) {
        previous.set(next, node);
        queue.push(next);
      }
    }
  }
  return [start, start];
}
