import type { PlanResource } from "../plan/plan-file";

/**
 * Every URN a planned resource answers to besides its own: the aliases it names and those it
 * inherits from its parent's aliases, derived as the Node SDK derives them (@pulumi/pulumi
 * resource.ts `allAliases` and `inheritedChildAlias`: for each parent alias, the child under that
 * alias, its name's parent-name prefix swapped for the alias's name; and each own alias so moved).
 * Returns old URN -> the resource that now carries it.
 */
export function aliasIndex(resources: PlanResource[]): Map<string, PlanResource> {
  const byUrn = new Map(resources.map((r) => [r.urn, r]));
  const memo = new Map<string, string[]>();
  const aliasesOf = (r: PlanResource): string[] => {
    const known = memo.get(r.urn);
    if (known) return known;
    memo.set(r.urn, []); // a cycle cannot happen in a plan; this only ends one if it did
    const own = r.aliases ?? [];
    const parent = r.parent ? byUrn.get(r.parent) : undefined;
    const all = [...own];
    if (parent) {
      for (const parentAlias of aliasesOf(parent)) {
        all.push(inheritedChildAlias(r.name, parent.name, parentAlias, r.type));
        for (const alias of own) {
          const { name, type } = urnTypeAndName(alias);
          all.push(inheritedChildAlias(name, parent.name, parentAlias, type));
        }
      }
    }
    memo.set(r.urn, all);
    return all;
  };
  const index = new Map<string, PlanResource>();
  for (const r of resources) for (const alias of aliasesOf(r)) if (alias !== r.urn) index.set(alias, r);
  return index;
}

/** resource.ts `inheritedChildAlias`, with `createUrn`'s parent prefix (no prefix under the Stack). */
function inheritedChildAlias(childName: string, parentName: string, parentAlias: string, childType: string) {
  const name = childName.startsWith(parentName)
    ? urnTypeAndName(parentAlias).name + childName.slice(parentName.length)
    : childName;
  const prefix = `${parentAlias.slice(0, parentAlias.lastIndexOf("::"))}$`;
  const base = prefix.endsWith("::pulumi:pulumi:Stack$")
    ? prefix.slice(0, -"pulumi:pulumi:Stack$".length)
    : prefix;
  return `${base}${childType}::${name}`;
}

/** The resource's own type (last of the chain) and name of a URN. */
export function urnTypeAndName(urn: string): { type: string; name: string } {
  const parts = urn.split("::");
  return { type: (parts[2] ?? "").split("$").pop() ?? "", name: parts.slice(3).join("::") };
}
