import { CrawlRefineWorkflow, GlueJob, type RawCrawler } from "@lakehouse/components";
import type { RawSource } from "@lakehouse/contracts";
import type { CatalogTables } from "./catalog";
import type { TransformationConfig } from "./config";
import { type JobRuntime, SOURCE_EXCLUSIONS } from "./job-runtime";
import { kebab, type Lake } from "./lake";
import { REFINED_SPECS, renderRefineSql, sparkSourceSchema } from "./specs";

/** Raw -> refined Parquet: one job per dataset, each started by the workflow once its raw prefix is crawled. */
export function refineDatasets(
  config: TransformationConfig,
  lake: Lake,
  runtime: JobRuntime,
  catalog: CatalogTables,
  crawlers: Record<RawSource, RawCrawler>,
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
        },
        logGroupPrefix: `/aws-glue/${p}/refine-${id}`,
        ...config.refineWorkers,
      },
      { dependsOn: catalog.resources },
    );
  });

  const workflow = new CrawlRefineWorkflow("refine", {
    workflowName: `${p}-refine`,
    description: "Crawl the raw prefixes of the refined datasets, then refine each once its crawl succeeded",
    schedule: config.refineSchedule,
    enabled: config.schedulesEnabled,
    steps: REFINED_SPECS.map((spec, i) => ({
      id: kebab(spec.dataset),
      crawlerName: crawlers[spec.source].name,
      jobName: (jobs[i] as GlueJob).name,
    })),
  });
  return { jobs, workflow };
}
