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
 * The input naming a resource whose physical id the offline plan derives from its logical name, so
 * that a logical rename changes the id too (packages/testing/src/provider-resources.ts): a secret's
 * id is its ARN, `<name>-<6 characters>`; a KMS key has no name, its id is a UUID, and what tells
 * the same key is its description.
 */
const IDENTITY_INPUT: Record<string, string> = {
  "aws:secretsmanager/secret:Secret": "name",
  "aws:kms/key:Key": "description",
};

/** The identity of a resource of an IDENTITY_INPUT type: its type and that input, when set. */
function identity(r: PlanResource): string | undefined {
  const input = IDENTITY_INPUT[r.type];
  const value = input === undefined ? undefined : r.inputs[input];
  return typeof value === "string" && value !== "" ? `${r.type}\u0000${value}` : undefined;
}

/**
 * Stateful resources whose URN would change without an alias: a base resource gone from the head
 * while a head resource of the same type has its physical id (the provider's id, from its
 * name inputs), or, for secrets and KMS keys (IDENTITY_INPUT), the same name or description and
 * the only one of its type with it. The engine matches resources by URN only, so an `up` would
 * delete the old one and create the new one (or fail on the taken name); an `aliases` entry naming
 * the old URN keeps it.
 */
export function urnChanges(diffs: LayerDiff[]): UrnChange[] {
  const changes: UrnChange[] = [];
  for (const d of diffs) {
    for (const from of d.removed.filter((r) => isStateful(r.type, r.urn))) {
      const byId =
        from.id === null ? undefined : d.added.find((a) => a.type === from.type && a.id === from.id);
      const key = identity(from);
      const same = key === undefined ? [] : d.added.filter((a) => identity(a) === key);
      const to = byId ?? (same.length === 1 ? same[0] : undefined);
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
