import {
  ConfigError,
  type CostUsage,
  costUsageSchema,
  monthlyBudgetSchema,
  projectName,
  stackFile,
} from "@lakehouse/contracts";
import { readStackConfig } from "@lakehouse/testing";

/** The program whose stack config holds the budget and the usage assumptions (it deploys the Budget). */
export const COST_PROGRAM = "lake-storage" as const;

export interface StackCostConfig {
  region: string;
  usage: CostUsage;
  /** Undefined when the stack sets no budget (the plan then checks none). */
  monthlyBudgetUsd?: number;
  /** The stack file to change. */
  file: string;
}

/**
 * `lakehouse-lake-storage:costUsage` (every key defaulted) and `:monthlyBudgetUsd` of a stack,
 * validated by the schemas the lake-storage program deploys the Budget with.
 */
export function readStackCostConfig(repoRoot: string, stack: string): StackCostConfig {
  const { config } = readStackConfig(repoRoot, COST_PROGRAM, stack);
  const ns = projectName(COST_PROGRAM);
  const file = stackFile(COST_PROGRAM, stack);
  const problems: string[] = [];
  const parse = <T>(
    key: string,
    schema: {
      safeParse: (v: unknown) => {
        success: boolean;
        data?: T;
        error?: { issues: { path: PropertyKey[]; message: string }[] };
      };
    },
  ) => {
    const raw = config[`${ns}:${key}`];
    if (raw === undefined) return undefined;
    const result = schema.safeParse(JSON.parse(raw));
    if (!result.success) {
      const issue = result.error?.issues[0];
      const where = issue && issue.path.length > 0 ? `.${issue.path.join(".")}` : "";
      problems.push(`${ns}:${key}${where}: ${issue?.message ?? "invalid"}`);
    }
    return result.data;
  };
  const usage = parse<CostUsage>("costUsage", costUsageSchema) ?? costUsageSchema.parse(undefined);
  const monthlyBudgetUsd = parse<number>("monthlyBudgetUsd", monthlyBudgetSchema);
  const region = config["aws:region"];
  if (!region) problems.push("aws:region: missing (the region whose prices apply)");
  if (problems.length > 0 || !region) throw new ConfigError(file, problems);
  return { region, usage, monthlyBudgetUsd, file };
}
