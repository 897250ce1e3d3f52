import { existsSync, readdirSync, readFileSync } from "node:fs";
import { builtinModules } from "node:module";
import { join, relative, resolve } from "node:path";
import { parse } from "yaml";

/** A dependency a workspace package declares but nothing in it uses. */
export interface UnusedDependency {
  /** The package.json that declares it, relative to the repository root. */
  manifest: string;
  dependency: string;
  field: "dependencies" | "devDependencies";
}

interface Manifest {
  scripts?: Record<string, string>;
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  bin?: string | Record<string, string>;
  name?: string;
}

const SOURCE = /\.(ts|mts|cts|tsx|js|mjs|cjs)$/;
const SKIPPED_DIRS = new Set(["node_modules", "dist", ".test-results", ".turbo", ".plan", ".pulumi-state"]);
const IMPORT_PATTERNS = [
  /\bfrom\s+["']([^"']+)["']/g,
  /\bimport\s*\(\s*["']([^"']+)["']\s*\)/g,
  /\bimport\s+["']([^"']+)["']/g,
  /\brequire(?:\.resolve)?\s*\(\s*["']([^"']+)["']\s*\)/g,
];
const NODE_BUILTINS = new Set(builtinModules);

const readJson = <T>(file: string): T => JSON.parse(readFileSync(file, "utf8")) as T;

/** The package a bare import specifier names: `@scope/name` or `name`, without a subpath. */
export function packageOf(specifier: string): string | undefined {
  if (specifier.startsWith(".") || specifier.startsWith("/")) return undefined;
  if (specifier.startsWith("node:")) return "node:";
  const parts = specifier.split("/");
  const name = specifier.startsWith("@") ? parts.slice(0, 2).join("/") : (parts[0] as string);
  return NODE_BUILTINS.has(name) ? "node:" : name;
}

/** `@types/x` for `x`, `@types/scope__name` for `@scope/name`, `@types/node` for Node built-ins. */
const typesPackageOf = (name: string) =>
  name === "node:"
    ? "@types/node"
    : `@types/${name.startsWith("@") ? name.slice(1).replace("/", "__") : name}`;

function sourceFiles(dir: string, exclude: Set<string>): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      return SKIPPED_DIRS.has(entry.name) || exclude.has(path) ? [] : sourceFiles(path, exclude);
    }
    return SOURCE.test(entry.name) ? [path] : [];
  });
}

/** Packages the files import (`node:` standing for every Node built-in). */
function importedPackages(files: string[]): Set<string> {
  const found = new Set<string>();
  for (const file of files) {
    const text = readFileSync(file, "utf8");
    for (const pattern of IMPORT_PATTERNS) {
      for (const match of text.matchAll(pattern)) {
        const name = packageOf(match[1] as string);
        if (name) found.add(name);
      }
    }
  }
  return found;
}

/** `compilerOptions.types` of a tsconfig and of the configs it extends (comments allowed, as tsc allows). */
function tsconfigTypes(file: string): string[] {
  if (!existsSync(file)) return [];
  const text = readFileSync(file, "utf8").replace(/^\s*\/\/.*$/gm, "");
  const config = JSON.parse(text) as { extends?: string; compilerOptions?: { types?: string[] } };
  const inherited = config.extends ? tsconfigTypes(resolve(file, "..", config.extends)) : [];
  return [...inherited, ...(config.compilerOptions?.types ?? [])];
}

/** Directories of the workspace packages `pnpm-workspace.yaml` lists (`dir/*` or `dir`). */
export function workspacePackageDirs(root: string): string[] {
  const { packages = [] } = parse(readFileSync(join(root, "pnpm-workspace.yaml"), "utf8")) as {
    packages?: string[];
  };
  return packages.flatMap((pattern) => {
    if (!pattern.endsWith("/*"))
      return existsSync(join(root, pattern, "package.json")) ? [join(root, pattern)] : [];
    const parent = join(root, pattern.slice(0, -2));
    return readdirSync(parent, { withFileTypes: true })
      .filter((e) => e.isDirectory() && existsSync(join(parent, e.name, "package.json")))
      .map((e) => join(parent, e.name));
  });
}

/**
 * Directories a Pulumi Node.js runtime starts in: a project's program directory (Pulumi.yaml, or
 * its `main`) and a policy pack's directory (PulumiPolicy.yaml). The runtime there is that
 * directory's own @pulumi/pulumi: the language host resolves `@pulumi/pulumi/cmd/run` from the
 * program directory (pulumi-language-host.md §1.2), the policy analyzer
 * `@pulumi/pulumi/cmd/run-policy-pack` from the pack directory (pulumi/pulumi
 * pkg/resource/plugin/analyzer_plugin.go, NewPolicyAnalyzer).
 */
function pulumiRuntimeDirs(dirs: string[]): Set<string> {
  const found = new Set<string>();
  for (const dir of dirs) {
    for (const file of ["Pulumi.yaml", "PulumiPolicy.yaml"]) {
      const path = join(dir, file);
      if (!existsSync(path)) continue;
      const project = parse(readFileSync(path, "utf8")) as {
        runtime?: string | { name?: string };
        main?: string;
      };
      const runtime = typeof project.runtime === "string" ? project.runtime : project.runtime?.name;
      if (runtime === "nodejs") found.add(resolve(dir, project.main ?? "."));
    }
  }
  return found;
}

/** The installed manifest of a dependency as the package resolves it, if installed. */
function installedManifest(dir: string, dependency: string): Manifest | undefined {
  const file = join(dir, "node_modules", dependency, "package.json");
  return existsSync(file) ? readJson<Manifest>(file) : undefined;
}

const binNames = (dependency: string, manifest: Manifest | undefined): string[] =>
  manifest?.bin === undefined
    ? []
    : typeof manifest.bin === "string"
      ? [dependency.replace(/^@[^/]+\//, "")]
      : Object.keys(manifest.bin);

/**
 * Dependencies of one package that nothing uses. A dependency is used when a source file imports
 * it (or, for `@types/x`, imports `x`; `@types/node`: a Node built-in or tsconfig `types`), when
 * one of the package's scripts runs its binary, when it is the @pulumi/pulumi a Pulumi runtime
 * starts the package with, or when it is a peer dependency of a used one (ts-node and typescript
 * for @pulumi/pulumi, which compiles TypeScript programs with them).
 */
function unusedIn(
  root: string,
  dir: string,
  exclude: Set<string>,
  runtimeDirs: Set<string>,
): UnusedDependency[] {
  const manifest = readJson<Manifest>(join(dir, "package.json"));
  const declared = (["dependencies", "devDependencies"] as const).flatMap((field) =>
    Object.keys(manifest[field] ?? {}).map((dependency) => ({ dependency, field })),
  );
  const imported = importedPackages(sourceFiles(dir, exclude));
  const tsTypes = tsconfigTypes(join(dir, "tsconfig.json"));
  const scriptWords = new Set(Object.values(manifest.scripts ?? {}).flatMap((s) => s.split(/[\s;&|()]+/)));

  const used = new Set<string>(runtimeDirs.has(resolve(dir)) ? ["@pulumi/pulumi"] : []);
  for (const { dependency } of declared) {
    const installed = installedManifest(dir, dependency);
    const isImported =
      imported.has(dependency) ||
      [...imported].some((name) => typesPackageOf(name) === dependency) ||
      tsTypes.some((t) => `@types/${t}` === dependency);
    if (isImported || binNames(dependency, installed).some((bin) => scriptWords.has(bin)))
      used.add(dependency);
  }
  // Peers of used dependencies, until nothing new is found.
  for (let grew = true; grew; ) {
    grew = false;
    for (const name of [...used]) {
      for (const peer of Object.keys(installedManifest(dir, name)?.peerDependencies ?? {})) {
        if (!used.has(peer) && declared.some((d) => d.dependency === peer)) {
          used.add(peer);
          grew = true;
        }
      }
    }
  }
  const manifestPath = relative(root, join(dir, "package.json"));
  return declared
    .filter(({ dependency }) => !used.has(dependency))
    .map(({ dependency, field }) => ({ manifest: manifestPath, dependency, field }));
}

/** Every declared but unused dependency of the root package and of each workspace package. */
export function unusedDependencies(root: string): UnusedDependency[] {
  const packages = workspacePackageDirs(root);
  const runtimeDirs = pulumiRuntimeDirs([root, ...packages]);
  return [
    // The root package's own files: everything outside the workspace packages.
    ...unusedIn(root, root, new Set(packages), runtimeDirs),
    ...packages.flatMap((dir) => unusedIn(root, dir, new Set(), runtimeDirs)),
  ];
}

/** Versions in the `catalog:` of pnpm-workspace.yaml that no package.json refers to. */
export function unusedCatalogEntries(root: string): string[] {
  const { catalog = {} } = parse(readFileSync(join(root, "pnpm-workspace.yaml"), "utf8")) as {
    catalog?: Record<string, string>;
  };
  const referenced = new Set(
    [root, ...workspacePackageDirs(root)].flatMap((dir) => {
      const manifest = readJson<Manifest>(join(dir, "package.json"));
      return Object.entries({ ...manifest.dependencies, ...manifest.devDependencies })
        .filter(([, version]) => version === "catalog:")
        .map(([name]) => name);
    }),
  );
  return Object.keys(catalog).filter((name) => !referenced.has(name));
}
