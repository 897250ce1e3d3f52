import { DataLocations, LakeFormationSettings, type LayerContext } from "@lakehouse/components";
import { otherStackConfig, projectName, stacksInScope } from "@lakehouse/contracts";
import type * as pulumi from "@pulumi/pulumi";
import type { LakeStorageConfig } from "./config";
import { deployRoleArn } from "./deploy-role-grants";

/**
 * The Lake Formation admins of the account and region: for every stack there (`stacks/accounts.yaml`),
 * its lake-storage deploy role and the `lakeFormationAdmins` of its stack file. The settings are one
 * per account and region and replace the whole list, so the owner sets the union, or the other
 * stacks' deploy roles would stop being admins.
 */
export function accountLakeFormationAdmins(ctx: LayerContext, config: LakeStorageConfig, accountId: string) {
  const ns = projectName("lake-storage");
  const admins = stacksInScope(ctx.stack, "account-region").flatMap(({ stack }) => {
    if (stack === ctx.stack)
      return [...config.lakeFormationAdmins, deployRoleArn(accountId, ctx.namePrefix, "lake-storage")];
    const other = otherStackConfig("lake-storage", stack);
    const environment = String(other[`${ns}:environment`] ?? stack);
    const configured = (other[`${ns}:lakeFormationAdmins`] ?? []) as string[];
    return [...configured, deployRoleArn(accountId, `lakehouse-${environment}`, "lake-storage")];
  });
  return [...new Set(admins)];
}

/**
 * Lake Formation as the only access gate. Created first: it makes the deployer an admin and
 * clears the IAM_ALLOWED_PRINCIPALS defaults before any database exists (`gate` is what
 * databases and tags wait for); `locations` registers buckets with its data-access role.
 */
export function lakeFormationGate(ctx: LayerContext, config: LakeStorageConfig, accountId: string) {
  // The layer's CI deploy role administers Lake Formation (settings, LF-tags, locations, grants to
  // the other deploy roles); it must stay in the list the settings overwrite. Where another stack
  // of the account and region owns the settings, that stack's lake-storage sets them for both.
  const gate: pulumi.Resource[] = ctx.owns("lakeFormationSettings")
    ? [
        new LakeFormationSettings("lake-formation", {
          admins: accountLakeFormationAdmins(ctx, config, accountId),
          retain: ctx.retainData,
        }).settings,
      ]
    : [];
  const locations = new DataLocations("lake-locations", {
    roleName: `${ctx.namePrefix}-lf-data-access`,
    dependsOn: gate,
  });
  return { gate, locations };
}

export type LakeFormationGate = ReturnType<typeof lakeFormationGate>;
