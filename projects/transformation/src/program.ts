import { startLayer } from "@lakehouse/components";
import type { LayerExports } from "@lakehouse/contracts";
import * as pulumi from "@pulumi/pulumi";
import { glueAlarms } from "./alarms";
import { catalogTables } from "./catalog";
import { cdcMerge } from "./cdc-merge";
import { transformationConfig } from "./config";
import { rawCrawlers } from "./crawl";
import { pipelineDashboard } from "./dashboard";
import { governance } from "./governance";
import { glueIdentities } from "./identities";
import { jobRuntime } from "./job-runtime";
import { lakeInputs } from "./lake";
import { icebergMaintenance } from "./maintenance";
import { dataQualityRulesets } from "./quality";
import { refineDatasets } from "./refine";
import { CDC_SPECS, changeCounts, REFINED_SPECS } from "./specs";

/** The transformation layer: raw zone -> catalogued, refined Parquet and CDC-current Iceberg tables. */
export async function program(): Promise<LayerExports<"transformation">> {
  const config = transformationConfig();
  const ctx = await startLayer("transformation", config);
  const lake = await lakeInputs();
  const glue = glueIdentities(ctx, config, lake);

  // 1. Catalog: refined Parquet and Iceberg tables; crawlers catalogue each raw prefix
  const catalog = catalogTables(ctx, config, lake, glue.optimizerRole);
  const crawlers = rawCrawlers(ctx, config, lake, glue);

  // 2. Refine: raw -> refined Parquet, one job per dataset, run by the refine workflow
  const runtime = jobRuntime(ctx, config, lake, glue);
  //    each table's data-quality ruleset, generated from its spec, gates what its job publishes
  const quality = dataQualityRulesets(config, lake, runtime);
  const refine = refineDatasets(config, lake, runtime, catalog, quality);

  // 3. CDC merge: DynamoDB and DMS changes -> Iceberg tables, on its own schedule
  const merge = cdcMerge(config, lake, runtime, catalog, quality);

  // 4. Maintenance: Glue table optimizers keep the Iceberg tables compacted and their snapshots pruned
  icebergMaintenance(lake, glue.optimizerRole, catalog);

  // 5. Governance: LF-tags for readers, least privilege for crawlers and jobs
  governance(lake, glue, catalog, quality);

  // 6. Alarms: every failed run or crawl, and every job that read nothing for its tables'
  //    freshness target -> the stack's alarm topic (lake-storage)
  const alarms = glueAlarms(
    ctx,
    config,
    lake.alarmTopicArn,
    [
      ...refine.jobs.map((j, i) => ({
        key: `refine-${(REFINED_SPECS[i] as (typeof REFINED_SPECS)[number]).dataset.replace(/_/g, "-")}`,
        name: j.name,
        tables: [(REFINED_SPECS[i] as (typeof REFINED_SPECS)[number]).dataset],
      })),
      { key: "cdc-merge", name: merge.job.name, tables: CDC_SPECS.map((s) => s.dataset) },
    ],
    Object.values(crawlers).map((c) => c.name),
  );

  // 7. One dashboard per stack: each source's arrival, lag and errors, each job's records and run time
  pipelineDashboard(ctx, lake, [...refine.jobs.map((j) => j.name), merge.job.name]);

  return {
    refinedTables: Object.fromEntries(REFINED_SPECS.map((s) => [s.dataset, s.table])),
    icebergTables: Object.fromEntries(CDC_SPECS.map((s) => [s.dataset, s.table])),
    changeCountsTable: changeCounts.table,
    workflowName: refine.workflow.name,
    refineJobNames: pulumi.all(
      Object.fromEntries(
        REFINED_SPECS.map((s, i) => [s.dataset, (refine.jobs[i] as (typeof refine.jobs)[number]).name]),
      ),
    ),
    cdcMergeJobName: merge.job.name,
    crawlerNames: pulumi.all(Object.values(crawlers).map((c) => c.name)),
    jobRoleArn: glue.jobRole.arn,
    alarmTopicArn: alarms.failures.topicArn,
    snapshotRetentionDays: config.snapshotRetentionDays,
    freshnessTargetMinutes: config.freshnessTargetMinutes,
  };
}
