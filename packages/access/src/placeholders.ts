import type { PlannedProgram } from "./plan";

export interface PlaceholderValues {
  account: string;
  region: string;
  stack: string;
  programs: PlannedProgram[];
}

/**
 * Fills `{account}`, `{region}`, `{env}`, `{prefix}`, `{underscored}` and `{<program>.<output>[.<key>]}`
 * from the plan. Throws naming the placeholder and the missing output.
 */
export function fillPlaceholders(text: string, v: PlaceholderValues): string {
  return text.replace(/\{([a-zA-Z0-9_.-]+)\}/g, (whole, name: string) => {
    switch (name) {
      case "account":
        return v.account;
      case "region":
        return v.region;
      case "env":
        return v.stack;
      case "prefix":
        return `lakehouse-${v.stack}`;
      case "underscored":
        return `lakehouse_${v.stack}`;
    }
    const [program, ...path] = name.split(".");
    const plan = v.programs.find((p) => p.layer === program);
    if (!plan) throw new Error(`${whole}: no program ${program} in this plan`);
    let value: unknown = plan.outputs;
    for (const key of path)
      value = value && typeof value === "object" ? (value as Record<string, unknown>)[key] : undefined;
    if (typeof value !== "string")
      throw new Error(`${whole}: ${program} exports no string output ${path.join(".")}`);
    return value;
  });
}

/**
 * A role name (`{prefix}-glue-jobs`), `role:<layer>/<logical name>` for a role the plan names
 * without a physical name, or an ARN, as an ARN.
 */
export function principalArn(principal: string, v: PlaceholderValues): string {
  const logical = /^role:([a-z-]+)\/(.+)$/.exec(principal);
  if (logical) {
    const [, layer, name] = logical;
    const role = v.programs
      .find((p) => p.layer === layer)
      ?.resources.find((r) => r.type === "aws:iam/role:Role" && r.name === name);
    if (!role?.arn)
      throw new Error(`${principal}: no IAM role with logical name ${name} in the ${layer} plan`);
    return role.arn;
  }
  const filled = fillPlaceholders(principal, v);
  return filled.startsWith("arn:") ? filled : `arn:aws:iam::${v.account}:role/${filled}`;
}
