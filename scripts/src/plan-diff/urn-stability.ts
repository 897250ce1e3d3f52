import { isStateful } from "@lakehouse/policy";
import type { PlanResource } from "../plan/plan-file";
import type { LayerDiff } from "./diff-plans";

export interface UrnChange {
  layer: string;
  type: string;
  from: PlanResource;
  to: PlanResource;
}

/**
 * Stateful resources whose URN would change without an alias: a base resource gone from the head
 * while a head resource of the same type has its physical id (the provider's id, from its
 * name inputs). The engine matches resources by URN only, so an `up` would delete the old one and
 * create the new one (or fail on the taken name); an `aliases` entry naming the old URN keeps it.
 */
export function urnChanges(diffs: LayerDiff[]): UrnChange[] {
  const changes: UrnChange[] = [];
  for (const d of diffs) {
    for (const from of d.removed.filter((r) => r.id !== null && isStateful(r.type, r.urn))) {
      const to = d.added.find((a) => a.type === from.type && a.id === from.id);
      if (to) changes.push({ layer: d.layer, type: from.type, from, to });
    }
  }
  return changes;
}

/** One line per URN change, saying which alias keeps it. */
export function describeUrnChange(c: UrnChange): string {
  const parent = c.from.parent
    ? `parent: <the resource of ${c.from.parent}>`
    : "parent: pulumi.rootStackResource";
  return `${c.layer}: \`${c.type}\` ${c.from.urn} would become ${c.to.urn} without an alias (delete and create); add to its options aliases: [{ name: "${c.from.name}", ${parent} }] or aliases: ["${c.from.urn}"]`;
}
