import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";

export interface WorkspacePackage {
  name: string;
  /** Folder relative to the repository root, `/`-separated. */
  dir: string;
  /** Names of the workspace packages it depends on (any dependency field). */
  dependsOn: string[];
}

const DEPENDENCY_FIELDS = ["dependencies", "devDependencies", "peerDependencies", "optionalDependencies"];

/** The workspace's packages and their dependencies on each other, read from pnpm-workspace.yaml and each package.json. */
export function readWorkspace(repoRoot: string): WorkspacePackage[] {
  const config = parse(readFileSync(join(repoRoot, "pnpm-workspace.yaml"), "utf8")) as {
    packages?: string[];
  };
  const patterns = config.packages ?? [];
  const excluded = patterns.filter((p) => p.startsWith("!")).map((p) => p.slice(1));
  const dirs = patterns
    .filter((p) => !p.startsWith("!"))
    .flatMap((p) => expand(repoRoot, p))
    .filter((d) => !excluded.some((x) => expand(repoRoot, x).includes(d)));
  const manifests = [...new Set(dirs)]
    .filter((d) => existsSync(join(repoRoot, d, "package.json")))
    .map((dir) => ({ dir, json: JSON.parse(readFileSync(join(repoRoot, dir, "package.json"), "utf8")) }));
  const names = new Set(manifests.map((m) => m.json.name as string));
  return manifests.map(({ dir, json }) => ({
    name: json.name,
    dir,
    dependsOn: DEPENDENCY_FIELDS.flatMap((f) => Object.keys(json[f] ?? {})).filter((n) => names.has(n)),
  }));
}

/** Expands a workspace glob of plain segments, `*` (one folder level) and `**` (any depth). */
function expand(repoRoot: string, pattern: string): string[] {
  let found = [""];
  for (const segment of pattern.replace(/\/+$/, "").split("/")) {
    found = found.flatMap((dir) => {
      if (segment === "**") return [dir, ...subdirs(repoRoot, dir, true)];
      if (segment.includes("*")) {
        const re = new RegExp(`^${segment.split("*").map(escapeRe).join("[^/]*")}$`);
        return subdirs(repoRoot, dir, false).filter((d) => re.test(d.split("/").pop() as string));
      }
      return existsSync(join(repoRoot, dir, segment)) ? [dir ? `${dir}/${segment}` : segment] : [];
    });
  }
  return found.filter(Boolean);
}

function subdirs(repoRoot: string, dir: string, recursive: boolean): string[] {
  const entries = readdirSync(join(repoRoot, dir), { withFileTypes: true }).filter(
    (e) => e.isDirectory() && e.name !== "node_modules" && !e.name.startsWith("."),
  );
  return entries.flatMap((e) => {
    const path = dir ? `${dir}/${e.name}` : e.name;
    return recursive ? [path, ...subdirs(repoRoot, path, true)] : [path];
  });
}

const escapeRe = (s: string) => s.replace(/[.+?^${}()|[\]\\]/g, "\\$&");

/** Names of the packages `name` depends on, directly or through other workspace packages (itself included). */
export function dependencyClosure(packages: WorkspacePackage[], name: string): Set<string> {
  const byName = new Map(packages.map((p) => [p.name, p]));
  const seen = new Set<string>();
  const visit = (n: string) => {
    if (seen.has(n)) return;
    seen.add(n);
    for (const d of byName.get(n)?.dependsOn ?? []) visit(d);
  };
  visit(name);
  return seen;
}
