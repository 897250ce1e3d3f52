import { type LayerContext, LfPrincipalGrants, type LfTags } from "@lakehouse/components";
import type * as aws from "@pulumi/aws";
import type * as pulumi from "@pulumi/pulumi";
import type { LakeBuckets } from "./buckets";
import type { LakeStorageConfig } from "./config";

/** The CI deploy role of a layer, by the bootstrap's naming (`lakehouse-<env>-<layer>-deploy`). */
export const deployRoleArn = (accountId: string, namePrefix: string, layer: string) =>
  `arn:aws:iam::${accountId}:role/${namePrefix}-${layer}-deploy`;

/**
 * The other layers' deploy roles as Lake Formation principals, with exactly the rights their plans
 * need (proven by `lakehouse plan`): create their tables in the zones they own, point them at the
 * registered locations, tag them, and pass on what their workloads are granted. Lake-storage's own
 * deploy role is a data lake administrator (access-gate.ts). A table's creator holds every
 * permission on it with the grant option, so grants on tables a layer creates need nothing here.
 * https://docs.aws.amazon.com/lake-formation/latest/dg/lf-permissions-reference.html
 */
export function deployRoleGrants(
  ctx: LayerContext,
  config: LakeStorageConfig,
  accountId: string,
  databases: Record<"raw" | "refined" | "cdc", aws.glue.CatalogDatabase>,
  buckets: LakeBuckets,
  tags: LfTags,
  dependsOn: pulumi.Resource[],
) {
  const role = (layer: string) => deployRoleArn(accountId, ctx.namePrefix, layer);
  const allValues = (key: string) => config.lfTags[key] ?? [];
  const tagDeps = [...dependsOn, ...Object.values(tags.tags)];

  // ingestion: the events schema table in the raw database, at the raw bucket's events prefix
  const ingestion = new LfPrincipalGrants("ingestion-deploy-lf", {
    principal: role("ingestion"),
    dependsOn: tagDeps,
  });
  ingestion.onDatabase("raw-db", databases.raw.name, ["CREATE_TABLE", "DESCRIBE"]);
  ingestion.onDataLocation("raw-location", buckets.raw.arn);

  // transformation: crawlers and jobs on the raw zone, its own tables in refined and cdc, tagged
  const transformation = new LfPrincipalGrants("transformation-deploy-lf", {
    principal: role("transformation"),
    dependsOn: tagDeps,
    grantable: true,
  });
  transformation.onDatabase("raw-db", databases.raw.name, ["CREATE_TABLE", "ALTER", "DESCRIBE"]);
  transformation.onAllTables("raw-tables", databases.raw.name, ["SELECT", "ALTER", "DESCRIBE"]);
  transformation.onDatabase("refined-db", databases.refined.name, ["CREATE_TABLE", "DESCRIBE"]);
  transformation.onDatabase("cdc-db", databases.cdc.name, ["CREATE_TABLE", "DESCRIBE"]);
  // its Glue jobs' Spark sessions resolve `default` on start
  transformation.onDatabase("default-db", "default", ["DESCRIBE"]);
  transformation.onDataLocation("raw-location", buckets.raw.arn);
  transformation.onDataLocation("refined-location", buckets.refined.arn);
  for (const key of Object.keys(config.lfTags))
    transformation.onLfTag(`tag-${key}`, key, allValues(key), ["ASSOCIATE", "DESCRIBE"]);

  // analytics: passes on reads by LF-tag expression, never of confidential data, and DESCRIBE on default
  const analytics = new LfPrincipalGrants("analytics-deploy-lf", {
    principal: role("analytics"),
    dependsOn: tagDeps,
    grantable: true,
  });
  const readable = [
    { key: "domain", values: allValues("domain") },
    { key: "sensitivity", values: allValues("sensitivity").filter((v) => v !== "confidential") },
  ];
  analytics.onDatabasesTagged("databases", [{ key: "domain", values: allValues("domain") }], ["DESCRIBE"]);
  analytics.onTablesTagged("tables", readable, ["SELECT", "DESCRIBE"]);
  analytics.onDatabase("default-db", "default", ["DESCRIBE"]);
  // A principal that is not a data lake administrator grants by LF-tag expression only with
  // `Grant with LF-Tag expressions` on the tag values it names (Lake Formation developer guide,
  // TBAC-granting-tags.html and TBAC-adding-tag-creator.html#add-lf-tag-creator); without the grant
  // option, so the analytics deploy role cannot pass this right on.
  const analyticsTags = new LfPrincipalGrants("analytics-deploy-lf-tags", {
    principal: role("analytics"),
    dependsOn: tagDeps,
  });
  for (const { key, values } of readable)
    analyticsTags.onLfTag(`tag-${key}`, key, values, ["DESCRIBE", "GRANT_WITH_LF_TAG_EXPRESSION"]);
  return { ingestion, transformation, analytics, analyticsTags };
}
