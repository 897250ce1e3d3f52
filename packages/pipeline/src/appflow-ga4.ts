import type { LocalLake } from "./local-lake";
import { sqlString } from "./local-lake";
import type { StackPlan } from "./plan";

/**
 * What the AppFlow GA4 flow writes, generated from the plan's flow: the fields its Map tasks
 * project, Parquet, under its bucket prefix. Sources (aws-data-paths.md §4): S3OutputFormatConfig
 * [AF-API]: with `preserveSourceDataTyping` false every value is a string; with it true the
 * source types are kept, and the sibling Glue GA4 connector documents GA4 dimensions as String,
 * date-like dimensions as Date and metrics as String [GLUE-GA4]. AppFlow publishes neither the
 * delivered `date` form nor its key layout (unknown 14), so both are parameters: `date` as a
 * Parquet DATE or as GA4's own `YYYYMMDD` text; objects under `<prefix>/<flow>/<execution id>/`.
 */
export type Ga4DateForm = "date" | "yyyymmdd";

export interface Ga4Row {
  date: string; // YYYY-MM-DD
  dimensions: Record<string, string>;
  metrics: Record<string, number>;
}

export async function runGa4Flow(
  lake: LocalLake,
  plan: StackPlan,
  executionId: string,
  rows: Ga4Row[],
  dateForm: Ga4DateForm,
): Promise<string> {
  const flow = plan.inputs("ingestion", "aws-native:appflow:Flow", "ga4");
  const s3 = flow.destinationFlowConfigList[0].destinationConnectorProperties.s3;
  if (s3.s3OutputFormatConfig.fileType !== "PARQUET") throw new Error("the GA4 flow writes Parquet here");
  const typed = s3.s3OutputFormatConfig.preserveSourceDataTyping === true;
  const fields = (flow.tasks as { taskType: string; destinationField?: string }[])
    .filter((t) => t.taskType === "Map")
    .map((t) => t.destinationField as string);
  const dateType = typed && dateForm === "date" ? "DATE" : "VARCHAR";
  const records = rows.map((r) =>
    Object.fromEntries(
      fields.map((f) => {
        if (f === "date") return [f, dateType === "DATE" ? r.date : r.date.replace(/-/g, "")];
        if (f in r.metrics) return [f, String(r.metrics[f])];
        return [f, r.dimensions[f] ?? null];
      }),
    ),
  );
  const key = `${s3.bucketPrefix}/${flow.flowName}/${executionId}/part-00000.parquet`;
  const json = lake.put(".tmp", `${executionId}.jsonl`, records.map((r) => JSON.stringify(r)).join("\n"));
  const file = lake.put(s3.bucketName, key, "");
  const spec = `{${fields.map((f) => `"${f}": '${f === "date" ? dateType : "VARCHAR"}'`).join(", ")}}`;
  await lake.run(
    `COPY (SELECT * FROM read_json(${sqlString(json)}, format = 'newline_delimited', columns = ${spec})) TO ${sqlString(file)} (FORMAT parquet)`,
  );
  return key;
}

/** Sample GA4 rows: per day, a few source/medium/country/device combinations. */
export function sampleGa4(days: string[], scale = 1): Ga4Row[] {
  const combos = [
    { sessionSource: "google", sessionMedium: "organic", country: "Germany", deviceCategory: "desktop" },
    { sessionSource: "google", sessionMedium: "cpc", country: "Germany", deviceCategory: "mobile" },
    { sessionSource: "(direct)", sessionMedium: "(none)", country: "France", deviceCategory: "mobile" },
  ];
  return days.flatMap((date, d) =>
    combos.map((dimensions, c) => {
      const sessions = Math.round((40 + 15 * d + 10 * c) * scale);
      return {
        date,
        dimensions,
        metrics: {
          sessions,
          totalUsers: Math.round(sessions * 0.8),
          engagedSessions: Math.round(sessions * 0.6),
          screenPageViews: sessions * 3,
        },
      };
    }),
  );
}
