import { buildModel } from "./model";
import { asList, type PlannedProgram, statementsOf } from "./plan";

/**
 * What each principal of a plan is granted, one line per action/resource pair of an Allow (or
 * Deny) statement of its identity policies and per Lake Formation grant: the unit a reviewer reads
 * in "this change lets X do Y on Z".
 */
export function accessGrants(programs: PlannedProgram[]): Map<string, string> {
  const out = new Map<string, string>();
  const model = buildModel(programs);
  for (const p of model.principals.values()) {
    for (const policy of p.identityPolicies) {
      for (const st of statementsOf(policy.policy)) {
        const verb = st.Effect === "Deny" ? "is denied" : "may";
        const cond = st.Condition ? ` when ${JSON.stringify(st.Condition)}` : "";
        const res = st.NotResource
          ? `everything but ${asList(st.NotResource).join(", ")}`
          : asList(st.Resource).join(", ");
        for (const action of asList(st.Action ?? st.NotAction)) {
          const line = `${p.name} ${verb} ${st.NotAction ? `everything but ${action}` : action} on ${res}${cond}`;
          out.set(line, line);
        }
      }
    }
  }
  for (const prog of programs) {
    for (const r of prog.resources) {
      if (r.type !== "aws:lakeformation/permissions:Permissions") continue;
      const i = r.inputs;
      const who = String(i.principal).split("/").pop();
      const target = JSON.stringify(
        i.table ??
          i.tableWithColumns ??
          i.database ??
          i.lfTagPolicy ??
          i.dataLocation ??
          i.lfTag ??
          i.catalogResource ??
          {},
      );
      const grantable = asList(i.permissionsWithGrantOption);
      const line = `${who} has Lake Formation ${asList(i.permissions).join(", ")}${grantable.length ? ` (grantable: ${grantable.join(", ")})` : ""} on ${target}`;
      out.set(line, line);
    }
  }
  return out;
}

/** Access gained and lost between two plans of a stack, as Markdown lines. */
export function diffAccess(
  base: PlannedProgram[],
  target: PlannedProgram[],
): { gained: string[]; lost: string[] } {
  const before = accessGrants(base);
  const after = accessGrants(target);
  return {
    gained: [...after.keys()].filter((k) => !before.has(k)).sort(),
    lost: [...before.keys()].filter((k) => !after.has(k)).sort(),
  };
}

export function renderAccessDiff(diff: { gained: string[]; lost: string[] }): string {
  if (diff.gained.length === 0 && diff.lost.length === 0)
    return "### Access changes\n\nNone: no principal gains or loses a permission.\n";
  const lines = ["### Access changes", ""];
  if (diff.gained.length)
    lines.push(
      `**Gained** (${diff.gained.length}): this change lets`,
      "",
      ...diff.gained.map((g) => `- ${g}`),
      "",
    );
  if (diff.lost.length)
    lines.push(`**Lost** (${diff.lost.length})`, "", ...diff.lost.map((g) => `- ${g}`), "");
  return `${lines.join("\n")}\n`;
}
