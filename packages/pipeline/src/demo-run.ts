import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { overviewCharts } from "@lakehouse/analytics/src/dashboard-charts";
import { cdcCurrentState } from "@lakehouse/analytics/src/reports";
import { startMoto } from "@lakehouse/ingestion/test/support/moto";
import { runGa4Flow, sampleGa4 } from "./appflow-ga4";
import { customersHistory, replicateAurora } from "./aurora";
import { chartSvg, svgToPng } from "./charts";
import { DynamoDbSource } from "./dynamodb";
import { deliverEvents, sampleEvents } from "./firehose-events";
import { LocalGlue, type QualityResult } from "./glue-runner";
import { LocalLake } from "./local-lake";
import { orderWrites } from "./orders";
import { type Stack, StackPlan } from "./plan";
import { runReport } from "./reports";

const DAYS = ["2026-03-01", "2026-03-02", "2026-03-03"];
/** When the demo's GA4 runs pull the report (the flow runs daily in the morning after the last day). */
const GA4_PULLED = new Date("2026-03-04T02:00:00Z");

export interface DemoResult {
  sources: { source: string; raw: string; landed: string; tables: string[] }[];
  /** Every data-quality evaluation the job runs made, in order. */
  quality: QualityResult[];
  reports: { name: string; rows: Record<string, unknown>[]; csv: string; png: string }[];
}

const csvCell = (v: unknown) => {
  const s = v === null || v === undefined ? "" : String(v);
  return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};
export function toCsv(rows: Record<string, unknown>[]): string {
  const columns = Object.keys(rows[0] ?? {});
  return `${[columns.join(","), ...rows.map((r) => columns.map((c) => csvCell(r[c])).join(","))].join("\n")}\n`;
}

/**
 * The four pipelines on this machine, configured from `stack`'s plan: sample data through each
 * producer (moto for DynamoDB, Streams, the CDC handler bundle and Firehose; AppFlow, DMS and
 * Firehose conversion reproduced from documentation), the shipped jobs' SQL on DuckDB, then every
 * report; CSV and a chart per report under `outDir`.
 */
export async function runDemo(stack: Stack, outDir: string): Promise<DemoResult> {
  rmSync(outDir, { recursive: true, force: true });
  const plan = await StackPlan.load(stack);
  const lake = await LocalLake.open(join(outDir, "lake"));
  const glue = new LocalGlue(lake, plan);
  const storage = plan.outputs("lake-storage");
  const sources: DemoResult["sources"] = [];
  const moto = await startMoto();
  try {
    // DynamoDB orders and Aurora customers -> raw zone -> one CDC merge run (as scheduled).
    const dynamo = new DynamoDbSource(moto, plan);
    await dynamo.create();
    const table = plan.inputs("ingestion", "aws:dynamodb/table:Table", "source");
    await dynamo.write(orderWrites(table.hashKey, table.rangeKey));
    const records = await dynamo.streamRecords();
    await dynamo.deliver(records);
    const cdcObjects = await dynamo.landIn(lake);
    const dmsFiles = await replicateAurora(glue, plan, customersHistory());
    await glue.merge(new Date("2026-03-01T13:00:00Z"));
    await dynamo.deliver(records.slice(0, 5)); // a Lambda retry, merged in the next run
    await dynamo.landIn(lake);
    await glue.merge(new Date("2026-03-01T14:00:00Z"));
    const cdc = storage.cdcDatabaseName;
    const live = (t: string) => lake.count(`SELECT * FROM "${cdc}"."${t}" WHERE NOT _cdc_deleted`);
    const gone = (t: string) => lake.count(`SELECT * FROM "${cdc}"."${t}" WHERE _cdc_deleted`);
    sources.push({
      source: "DynamoDB orders",
      raw: `${records.length} stream changes (+5 replayed) -> ${cdcObjects.length} Firehose objects`,
      landed: `orders: ${await live("orders")} live items, ${await gone("orders")} tombstones`,
      tables: ["orders"],
    });
    const dmsRows = await lake.count(
      `SELECT * FROM read_parquet([${dmsFiles.map((k) => `'${lake.path(storage.rawBucketName, k)}'`).join(", ")}], union_by_name = true)`,
    );
    sources.push({
      source: "Aurora customers (DMS)",
      raw: `${dmsRows} rows in ${dmsFiles.length} Parquet files (1 LOAD, ${dmsFiles.length - 1} CDC)`,
      landed: `customers: ${await live("customers")} live, ${await gone("customers")} tombstones`,
      tables: ["customers"],
    });

    // Client events -> Firehose -> refine (twice: a redelivered buffer).
    const events = sampleEvents(DAYS);
    const texts = events.map((e) => JSON.stringify(e));
    const eventObjects = await deliverEvents(
      lake,
      plan,
      [...texts, "{broken"],
      new Date("2026-03-03T21:00:00Z"),
    );
    await glue.refine("refine-events", "refined-events", { now: new Date("2026-03-03T21:05:00Z") });
    await deliverEvents(lake, plan, texts.slice(0, 10), new Date("2026-03-03T22:00:00Z"));
    await glue.refine("refine-events", "refined-events", { now: new Date("2026-03-03T22:05:00Z") });
    const refined = storage.refinedDatabaseName;
    sources.push({
      source: "Client events (Firehose)",
      raw: `${texts.length + 1} records (+10 redelivered) -> ${eventObjects.length} objects (1 under errors/)`,
      landed: `client_events: ${await lake.count(`SELECT * FROM "${refined}"."client_events"`)} rows`,
      tables: ["client_events"],
    });

    // GA4 -> AppFlow -> refine; the next run re-pulls the last day.
    await runGa4Flow(lake, plan, "exec-1", sampleGa4(DAYS), "date");
    await glue.refine("refine-ga4-sessions", "refined-ga4-sessions", { now: GA4_PULLED });
    await runGa4Flow(lake, plan, "exec-2", sampleGa4(DAYS.slice(-1), 1.2), "date");
    await glue.refine("refine-ga4-sessions", "refined-ga4-sessions", { now: GA4_PULLED });
    sources.push({
      source: "GA4 (AppFlow)",
      raw: `${sampleGa4(DAYS).length} rows + ${sampleGa4(DAYS.slice(-1)).length} re-pulled`,
      landed: `ga4_sessions: ${await lake.count(`SELECT * FROM "${refined}"."ga4_sessions"`)} rows`,
      tables: ["ga4_sessions"],
    });
  } finally {
    await moto.stop();
  }

  // Reports: every named query the analytics layer ships, and the dashboard's visual of each.
  const sql = plan.reportSql();
  const range: [string, string] = [DAYS[0] as string, DAYS[DAYS.length - 1] as string];
  const results: DemoResult["reports"] = [];
  const rowsOf = new Map<string, Record<string, unknown>[]>();
  for (const name of Object.keys(sql).sort()) {
    const dated = (sql[name]?.match(/\?/g) ?? []).length === 2;
    rowsOf.set(name, await runReport(lake, plan, name, dated ? range : []));
  }
  const states = [...rowsOf.entries()]
    .filter(([name]) => name.startsWith("cdc_current_state_"))
    .map(([name, rows]) =>
      cdcCurrentState(name.replace("cdc_current_state_", ""), Object.keys(rows[0] ?? {})[0] ?? "value"),
    );
  mkdirSync(join(outDir, "reports"), { recursive: true });
  for (const chart of overviewCharts(states)) {
    const rows = rowsOf.get(chart.dataSet) ?? [];
    // One CSV per report; a report drawn by several charts gets its later charts as <report>-<chart id>.
    const first = !results.some((r) => r.name === chart.dataSet);
    const base = join(outDir, "reports", first ? chart.dataSet : `${chart.dataSet}-${chart.id}`);
    const svg = chartSvg(chart, rows);
    writeFileSync(`${base}.svg`, svg);
    writeFileSync(`${base}.png`, svgToPng(svg));
    if (!first) continue;
    writeFileSync(`${base}.csv`, toCsv(rows));
    results.push({ name: chart.dataSet, rows, csv: `${base}.csv`, png: `${base}.png` });
  }
  return { sources, quality: glue.quality, reports: results };
}
