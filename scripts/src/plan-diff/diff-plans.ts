import type { PlanFile, PlanResource } from "../plan/plan-file";
import { aliasIndex } from "./aliases";

export interface ChangedResource {
  urn: string;
  type: string;
  name: string;
  /** Input paths whose value differs, e.g. `tags.owner`, `ingress[0].cidrBlocks`; `(protect)`, `(parent)`. */
  paths: string[];
}

export interface LayerDiff {
  layer: string;
  project: string;
  added: PlanResource[];
  removed: PlanResource[];
  changed: ChangedResource[];
  /** Resources whose URN changed, kept by an alias (not deleted and created again). */
  renamed: { from: string; to: PlanResource }[];
  /** Stack outputs added, removed or with a different value. */
  outputs: string[];
}

/**
 * Compares two offline plans of one stack resource by resource, per layer: matched by URN, or by
 * an alias the head resource carries (a rename or move the engine would keep).
 */
export function diffPlans(base: PlanFile[], head: PlanFile[]): LayerDiff[] {
  const baseByProject = new Map(base.map((p) => [p.project, p]));
  const headProjects = new Set(head.map((p) => p.project));
  const empty = (p: PlanFile): PlanFile => ({ ...p, resources: [], outputs: {} });
  return [
    ...head.map((h) => diffLayer(baseByProject.get(h.project) ?? empty(h), h)),
    ...base.filter((b) => !headProjects.has(b.project)).map((b) => diffLayer(b, empty(b))),
  ];
}

function diffLayer(base: PlanFile, head: PlanFile): LayerDiff {
  const after = new Map(head.resources.map((r) => [r.urn, r]));
  const aliases = aliasIndex(head.resources);
  const changed: ChangedResource[] = [];
  const renamed: LayerDiff["renamed"] = [];
  const matched = new Set<string>();
  const removed: PlanResource[] = [];
  for (const b of base.resources) {
    const h = after.get(b.urn) ?? aliases.get(b.urn);
    if (!h || matched.has(h.urn)) {
      removed.push(b);
      continue;
    }
    matched.add(h.urn);
    if (h.urn !== b.urn) renamed.push({ from: b.urn, to: h });
    const paths = changedPaths(b.inputs, h.inputs);
    if (b.protect !== h.protect) paths.push("(protect)");
    if (h.urn === b.urn && b.parent !== h.parent) paths.push("(parent)");
    if (paths.length > 0) changed.push({ urn: h.urn, type: h.type, name: h.name, paths });
  }
  return {
    layer: head.layer,
    project: head.project,
    added: head.resources.filter((r) => !matched.has(r.urn)),
    removed,
    changed,
    renamed,
    outputs: changedPaths(base.outputs, head.outputs)
      .map((p) => p.split(/[.[]/)[0] as string)
      .filter(unique),
  };
}

const unique = <T>(v: T, i: number, all: T[]) => all.indexOf(v) === i;

/** Paths at which two JSON values differ, down to the first level where they stop being alike. */
export function changedPaths(a: unknown, b: unknown, path = ""): string[] {
  if (isObject(a) && isObject(b)) {
    const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort();
    return keys.flatMap((k) => changedPaths(a[k], b[k], path ? `${path}.${k}` : k));
  }
  if (Array.isArray(a) && Array.isArray(b)) {
    return Array.from({ length: Math.max(a.length, b.length) }, (_, i) =>
      changedPaths(a[i], b[i], `${path}[${i}]`),
    ).flat();
  }
  return JSON.stringify(a) === JSON.stringify(b) ? [] : [path || "(value)"];
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === "object" && v !== null && !Array.isArray(v);
