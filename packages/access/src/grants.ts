import { asList, type PlannedProgram, parsePolicy, statementsOf } from "./plan";

const MAX_LINES = 60;

/**
 * What each principal of a plan is granted: one line per action of a statement of a role's
 * identity policies, and one per Lake Formation grant. The unit a reviewer reads in "this change
 * lets X do Y on Z". Keyed by role name, so plans written before ARNs were recorded compare too.
 */
export function accessGrants(programs: PlannedProgram[]): Set<string> {
  const out = new Set<string>();
  const describe = (role: string, value: unknown, managed?: string) => {
    if (managed) {
      out.add(`${role} has the managed policy ${managed}`);
      return;
    }
    const doc = parsePolicy(value);
    if (!doc) return;
    for (const st of statementsOf(doc)) {
      const verb = st.Effect === "Deny" ? "is denied" : "may";
      const cond = st.Condition ? ` when ${JSON.stringify(st.Condition)}` : "";
      const res = st.NotResource
        ? `everything but ${asList(st.NotResource).join(", ")}`
        : asList(st.Resource).join(", ");
      for (const action of asList(st.Action ?? st.NotAction)) {
        out.add(
          `${role} ${verb} ${st.NotAction ? `everything but ${action}` : `\`${action}\``} on \`${res}\`${cond}`,
        );
      }
    }
  };
  for (const p of programs) {
    for (const r of p.resources) {
      const i = r.inputs;
      switch (r.type) {
        case "aws:iam/rolePolicy:RolePolicy":
          describe(String(i.role), i.policy);
          break;
        case "aws:iam/rolePolicyAttachment:RolePolicyAttachment":
          describe(String(i.role), undefined, String(i.policyArn));
          break;
        case "aws:iam/role:Role":
          if (typeof i.permissionsBoundary === "string")
            out.add(`${i.name ?? r.name} is bounded by ${i.permissionsBoundary}`);
          break;
        case "aws:lakeformation/permissions:Permissions": {
          const who = String(i.principal).split("/").pop();
          const target = JSON.stringify(
            i.table ?? i.tableWithColumns ?? i.database ?? i.lfTagPolicy ?? i.dataLocation ?? i.lfTag ?? {},
          );
          const grantable = asList(i.permissionsWithGrantOptions);
          out.add(
            `${who} has Lake Formation ${asList(i.permissions).join(", ")}${grantable.length ? ` (grantable: ${grantable.join(", ")})` : ""} on \`${target}\``,
          );
          break;
        }
        case "aws:lakeformation/dataLakeSettings:DataLakeSettings":
          for (const admin of asList(i.admins))
            out.add(`${admin.split("/").pop()} is a Lake Formation administrator`);
          break;
      }
    }
  }
  return out;
}

/** Access gained and lost between two plans of a stack. */
export function diffAccess(
  base: PlannedProgram[],
  target: PlannedProgram[],
): { gained: string[]; lost: string[] } {
  const before = accessGrants(base);
  const after = accessGrants(target);
  return {
    gained: [...after].filter((k) => !before.has(k)).sort(),
    lost: [...before].filter((k) => !after.has(k)).sort(),
  };
}

/** The access section of the plan diff (and so of the pull request comment). */
export function renderAccessDiff(diff: { gained: string[]; lost: string[] }): string {
  const lines = ["### Access changes", ""];
  if (diff.gained.length === 0 && diff.lost.length === 0) {
    lines.push("No principal gains or loses a permission.");
    return `${lines.join("\n")}\n`;
  }
  const list = (items: string[]) => [
    ...items.slice(0, MAX_LINES).map((g) => `- ${g}`),
    ...(items.length > MAX_LINES ? [`- ... and ${items.length - MAX_LINES} more`] : []),
  ];
  if (diff.gained.length)
    lines.push(`**This change lets** (${diff.gained.length})`, "", ...list(diff.gained), "");
  if (diff.lost.length) lines.push(`**Taken away** (${diff.lost.length})`, "", ...list(diff.lost), "");
  return `${lines.join("\n")}\n`;
}
