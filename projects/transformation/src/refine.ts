import { CrawlRefineWorkflow, GlueJob } from "@lakehouse/components";
import type { CatalogTables } from "./catalog";
import type { TransformationConfig } from "./config";
import { type JobRuntime, SOURCE_EXCLUSIONS } from "./job-runtime";
import { kebab, type Lake } from "./lake";
import type { TableQuality } from "./quality";
import { REFINED_SPECS, REPORT_ONLY_RULE_TYPES, renderRefineSql, sparkSourceSchema } from "./specs";

/**
 * Raw -> refined Parquet: one job per dataset, each started by the workflow's schedule. A refine
 * job reads its raw files by path with its own schema (refine_job.py: source_path,
 * source_schema_path), so no crawl precedes it: a crawl bills at least 10 minutes of DPUs per run
 * (README "Cost"); the raw crawlers keep the raw catalog on their own schedule.
 */
export function refineDatasets(
  config: TransformationConfig,
  lake: Lake,
  runtime: JobRuntime,
  catalog: CatalogTables,
  quality: Record<string, TableQuality>,
) {
  const p = runtime.namePrefix;
  const jobs = REFINED_SPECS.map((spec) => {
    const id = kebab(spec.dataset);
    const sql = runtime.asset(`refine-${id}-sql`, "sql", `refine-${id}.sql`, renderRefineSql(spec));
    const schema = runtime.asset(
      `refine-${id}-schema`,
      "schemas",
      `${id}.json`,
      `${JSON.stringify(sparkSourceSchema(spec.rawSchema), null, 2)}\n`,
    );
    const gate = quality[spec.dataset];
    if (!gate) throw new Error(`refine ${spec.dataset}: no data-quality ruleset`);
    return new GlueJob(
      `refine-${id}`,
      {
        ...runtime.jobDefaults,
        jobName: `${p}-refine-${id}`,
        description: `Refine ${spec.dataset}: raw ${spec.source} -> ${spec.table} (Snappy Parquet by ${spec.partitionColumn})`,
        scriptLocation: runtime.refineScript.s3Uri,
        scriptArguments: {
          source_path: lake.rawUri(spec.source, spec.sourceSubpath),
          source_exclusions: JSON.stringify(SOURCE_EXCLUSIONS),
          source_format: spec.sourceFormat,
          source_schema_path: schema.s3Uri,
          sql_path: sql.s3Uri,
          target_database: lake.refinedDb,
          target_table: spec.table,
          partition_keys: spec.partitionColumn,
          // The batch is evaluated against the table's ruleset before it is written (refine_job.py).
          dq_ruleset_name: gate.name,
          dq_ruleset_path: gate.rulesetPath,
          quarantine_path: gate.quarantinePath,
          dq_report_only: JSON.stringify(REPORT_ONLY_RULE_TYPES),
        },
        logGroupPrefix: `/aws-glue/${p}/refine-${id}`,
        ...config.refineWorkers,
      },
      { dependsOn: catalog.resources },
    );
  });

  const workflow = new CrawlRefineWorkflow("refine", {
    workflowName: `${p}-refine`,
    description: "Refine each dataset's new raw files (by path; bookmarks skip files already refined)",
    schedule: config.refineSchedule,
    enabled: config.schedulesEnabled,
    steps: REFINED_SPECS.map((spec, i) => ({ id: kebab(spec.dataset), jobName: (jobs[i] as GlueJob).name })),
  });
  return { jobs, workflow };
}
