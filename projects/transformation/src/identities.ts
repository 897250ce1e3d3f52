import {
  GlueSecurityConfiguration,
  GlueServiceRole,
  type LayerContext,
  PipelineKey,
} from "@lakehouse/components";
import type { TransformationConfig } from "./config";
import type { Lake } from "./lake";

/** The roles Glue runs as, the key of its bookmarks, logs and alarms, and the security configuration using both. */
export function glueIdentities(ctx: LayerContext, config: TransformationConfig, lake: Lake) {
  const p = ctx.namePrefix;
  const roleArgs = { accountId: lake.accountId, region: lake.region };
  const crawlerRole = new GlueServiceRole("crawler", {
    ...roleArgs,
    roleName: `${p}-glue-crawlers`,
    description:
      "Glue crawlers of the raw zone: create and update raw tables with Lake Formation credentials",
  });
  const jobRole = new GlueServiceRole("jobs", {
    ...roleArgs,
    roleName: `${p}-glue-jobs`,
    description: "Glue refine and CDC merge jobs: read raw, write refined Parquet and Iceberg",
  });
  const optimizerRole = new GlueServiceRole("iceberg-optimizer", {
    ...roleArgs,
    roleName: `${p}-iceberg-optimizer`,
    description: "Glue table optimizers of the Iceberg tables: compaction, snapshot retention, orphan files",
  });

  const pipelineKey = new PipelineKey("pipeline", {
    description: `lakehouse ${config.environment}: Glue job bookmarks and Glue logs`,
    aliasName: `${p}-pipeline`,
    bookmarkRoleArns: [jobRole.arn, crawlerRole.arn],
    logGroupNamePrefixes: ["/aws-glue/"],
    // The alarm topic is lake-storage's, under its own key: EventBridge needs nothing of this one.
    allowEventBridge: false,
    retain: ctx.retainData,
  });
  const security = new GlueSecurityConfiguration("glue", {
    name: `${p}-glue`,
    s3KmsKeyArn: lake.dataKeyArn,
    kmsKeyArn: pipelineKey.arn,
  });
  return { crawlerRole, jobRole, optimizerRole, pipelineKey, security };
}

export type GlueIdentities = ReturnType<typeof glueIdentities>;
