import type { LayerContext } from "@lakehouse/components";
import * as aws from "@pulumi/aws";
import type * as pulumi from "@pulumi/pulumi";
import type { LakeStorageConfig } from "./config";

/** Percent of `monthlyBudgetUsd` at which the alarm topic hears: forecast over, actual near and over. */
export const BUDGET_ALERTS = [
  { notificationType: "FORECASTED", threshold: 100 },
  { notificationType: "ACTUAL", threshold: 80 },
  { notificationType: "ACTUAL", threshold: 100 },
] as const;

/**
 * The stack's monthly cost budget, alerting the alarm topic. Both stacks may share one account, so
 * the budget counts the stack's own resources: those tagged `environment=<env>` (platform tags;
 * Budgets filters user tags as `user:<key>$<value>`, @pulumi/aws budgets.Budget costFilters). AWS
 * counts a tag only once it is activated as a cost allocation tag in the account's billing
 * settings: an account-level step (README "Cost").
 */
export function stackBudget(
  ctx: LayerContext,
  config: LakeStorageConfig,
  alarmTopicArn: pulumi.Input<string>,
): aws.budgets.Budget {
  return new aws.budgets.Budget("monthly", {
    name: `${ctx.namePrefix}-monthly`,
    budgetType: "COST",
    limitAmount: String(config.monthlyBudgetUsd),
    limitUnit: "USD",
    timeUnit: "MONTHLY",
    costFilters: [{ name: "TagKeyValue", values: [`user:environment$${ctx.environment}`] }],
    notifications: BUDGET_ALERTS.map((a) => ({
      comparisonOperator: "GREATER_THAN",
      notificationType: a.notificationType,
      threshold: a.threshold,
      thresholdType: "PERCENTAGE",
      subscriberSnsTopicArns: [alarmTopicArn],
    })),
  });
}
