import type { PlanFile, PlanResource } from "./plan-file";

/**
 * The GA4 flow's grain against the refine's: every field the AppFlow flow writes (its Map tasks,
 * from ingestion's `ga4Dimensions` and `ga4Metrics`) must be a field the GA4 refine job reads
 * (its source schema, from the ga4_sessions spec). A dimension the spec does not declare splits
 * GA4's rows by it, and the refine, which keeps one row per declared key, would keep one of the
 * split rows and undercount the day (packages/pipeline/test/schema-changes-events-ga4.e2e.test.ts).
 * So the plan fails until the spec declares it. One line per field, naming both sides.
 */
export function ga4GrainProblems(stack: string, plans: PlanFile[]): string[] {
  const all = (layer: string) => plans.find((p) => p.layer === layer)?.resources ?? [];
  const flows = all("ingestion").filter((r) => r.type === "aws-native:appflow:Flow");
  const job = all("transformation").find(
    (r) => r.type === "aws:glue/job:Job" && r.name === "refine-ga4-sessions",
  );
  if (flows.length === 0 || !job) return [];
  const args = (job.inputs.defaultArguments ?? {}) as Record<string, string>;
  const schemaPath = args["--source_schema_path"];
  const schemaObject = all("transformation").find(
    (o) =>
      o.type === "aws:s3/bucketObjectv2:BucketObjectv2" &&
      `s3://${o.inputs.bucket}/${o.inputs.key}` === schemaPath,
  );
  if (!schemaObject)
    return [
      `the GA4 refine job's --source_schema_path ${String(schemaPath)} is not uploaded by transformation's plan`,
    ];
  const declared = new Set(
    (JSON.parse(String(schemaObject.inputs.content)) as { fields: { name: string }[] }).fields.map((f) =>
      f.name.toLowerCase(),
    ),
  );
  return flows.flatMap((flow: PlanResource) =>
    ((flow.inputs.tasks ?? []) as { taskType?: string; destinationField?: string }[])
      .filter((t) => t.taskType === "Map" && typeof t.destinationField === "string")
      .map((t) => t.destinationField as string)
      .filter((field) => !declared.has(field.toLowerCase()))
      .map(
        (field) =>
          `the GA4 flow ${String(flow.inputs.flowName)} writes ${field} (lakehouse-ingestion:ga4Dimensions or ga4Metrics in stacks/ingestion/Pulumi.${stack}.yaml), which the ga4_sessions spec does not declare: a dimension it lacks splits GA4's rows and the refine would keep one of them. Declare it in projects/transformation/src/specs/ga4-sessions.ts (then lakehouse data backfill), or remove it from the flow`,
      ),
  );
}
