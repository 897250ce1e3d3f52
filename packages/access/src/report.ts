import type { AccessProof } from "./prove";

const roleName = (arn: string) => (arn.includes(":role/") ? (arn.split("/").pop() as string) : arn);
const cell = (s: string) => s.replace(/\|/g, "\\|");

/** summary.md's access table: per principal, each declared capability and whether the plan gives it. */
export function renderAccessTable(proof: AccessProof): string {
  const required = proof.checks.filter((c) => c.expectation === "required");
  const forbidden = proof.checks.filter((c) => c.expectation === "forbidden");
  const lines = [
    "## Access (proven on this plan)",
    "",
    `${required.filter((c) => c.ok).length}/${required.length} required accesses allowed, ${forbidden.filter((c) => c.ok).length}/${forbidden.length} forbidden accesses denied, ${proof.lint.length} policy lint finding(s).`,
    "",
    "| principal | capability | actions | resource | expected | result |",
    "|---|---|---|---|---|---|",
  ];
  const rows = new Map<
    string,
    { principal: string; why: string; actions: string[]; resource: string; expectation: string; ok: boolean }
  >();
  for (const c of proof.checks) {
    // a deploy role's thousands of calls for its plan: one row per role
    const plan = c.expectation === "required" && c.file.includes("from its plan");
    const why = plan ? "deploys its layer's plan" : c.why;
    const resource = plan ? "its layer's resources" : c.resource;
    const key = `${c.principal}\u0000${why}\u0000${resource}\u0000${c.expectation}`;
    const row = rows.get(key) ?? {
      principal: roleName(c.principal),
      why,
      actions: [],
      resource,
      expectation: c.expectation,
      ok: true,
    };
    if (!row.actions.includes(c.action)) row.actions.push(c.action);
    row.ok &&= c.ok;
    rows.set(key, row);
  }
  for (const r of [...rows.values()].sort((a, b) => a.principal.localeCompare(b.principal))) {
    const result = r.ok
      ? r.expectation === "required"
        ? "allowed"
        : "denied"
      : r.expectation === "required"
        ? "**DENIED**"
        : "**ALLOWED**";
    lines.push(
      `| ${cell(r.principal)} | ${cell(r.why)} | ${cell(shortList(r.actions))} | \`${cell(r.resource)}\` | ${r.expectation === "required" ? "allow" : "deny"} | ${result} |`,
    );
  }
  return `${lines.join("\n")}\n`;
}

function shortList(actions: string[]): string {
  return actions.length > 6
    ? `${actions.slice(0, 6).join(", ")} and ${actions.length - 6} more`
    : actions.join(", ");
}
