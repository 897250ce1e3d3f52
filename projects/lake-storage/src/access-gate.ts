import { DataLocations, LakeFormationSettings, type LayerContext } from "@lakehouse/components";
import type { LakeStorageConfig } from "./config";
import { deployRoleArn } from "./deploy-role-grants";

/**
 * Lake Formation as the only access gate. Created first: it makes the deployer an admin and
 * clears the IAM_ALLOWED_PRINCIPALS defaults before any database exists (`gate` is what
 * databases and tags wait for); `locations` registers buckets with its data-access role.
 */
export function lakeFormationGate(ctx: LayerContext, config: LakeStorageConfig, accountId: string) {
  // The layer's CI deploy role administers Lake Formation (settings, LF-tags, locations, grants to
  // the other deploy roles); it must stay in the list the settings overwrite.
  const admins = [...config.lakeFormationAdmins, deployRoleArn(accountId, ctx.namePrefix, "lake-storage")];
  const lakeFormation = new LakeFormationSettings("lake-formation", { admins: [...new Set(admins)] });
  const gate = [lakeFormation.settings];
  const locations = new DataLocations("lake-locations", {
    roleName: `${ctx.namePrefix}-lf-data-access`,
    dependsOn: gate,
  });
  return { gate, locations };
}

export type LakeFormationGate = ReturnType<typeof lakeFormationGate>;
