import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { deliverEvents, clientEvent as event } from "../src/firehose-events";
import { LocalGlue } from "../src/glue-runner";
import { LocalLake } from "../src/local-lake";
import { type Stack, StackPlan } from "../src/plan";

/**
 * The events refine job (transformation's shipped SQL, run as the plan configures it) over the
 * files Firehose writes for producer events: partitioning and Parquet conversion from the plan.
 */
const dir = mkdtempSync(join(tmpdir(), "pipeline-events-refine-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
beforeAll(() => Promise.all((["dev", "prod"] as const).map((v) => StackPlan.load(v))));

describe.each(["dev", "prod"] as const)("events refine over Firehose's files (%s plan)", (stack: Stack) => {
  it("types events, keeps each event_id once (the latest by event time, across runs), reads event_type from the path, partitions by UTC date", async () => {
    const plan = await StackPlan.load(stack);
    const lake = await LocalLake.open(join(dir, stack));
    const glue = new LocalGlue(lake, plan);
    const deliver = (events: unknown[], at: string) =>
      deliverEvents(
        lake,
        plan,
        events.map((e) => JSON.stringify(e)),
        new Date(at),
      );
    await deliver(
      [
        event("e1", "page_view", "2026-01-05T23:59:59Z"),
        event("e1", "page_view", "2026-01-05T23:59:59Z"), // duplicate delivery
        event("e2", "add_to_cart", "2026-01-06T00:00:01Z", { value: 19.99, currency: "EUR" }),
        event("e3", "checkout", "2026-01-06T08:30:00.250Z"),
        { ...event("x", "page_view", "2026-01-06T09:00:00Z"), event_id: null },
      ],
      "2026-01-06T09:05:00Z",
    );
    await glue.refine("refine-events", "refined-events");
    // The client retried e3 later; Firehose delivers it in a later buffer, refined in a later run.
    await deliver(
      [event("e3", "checkout", "2026-01-06T08:31:00Z", { app_version: "1.4.1" })],
      "2026-01-06T09:10:00Z",
    );
    await glue.refine("refine-events", "refined-events");

    const db = plan.outputs("lake-storage").refinedDatabaseName;
    const rows = await lake.rows(
      `SELECT event_id, event_type, CAST(event_time AS VARCHAR) AS event_time, app_version, value, properties, CAST(event_date AS VARCHAR) AS event_date FROM "${db}"."client_events" ORDER BY event_id`,
    );
    const refined = (id: string, type: string, time: string, version: string, value: number | null) => ({
      event_id: id,
      event_type: type,
      event_time: time,
      app_version: version,
      value,
      properties: '{"step":"1"}',
      event_date: time.slice(0, 10),
    });
    expect(rows).toEqual([
      refined("e1", "page_view", "2026-01-05 23:59:59", "1.4.0", null),
      refined("e2", "add_to_cart", "2026-01-06 00:00:01", "1.4.0", 19.99),
      refined("e3", "checkout", "2026-01-06 08:31:00", "1.4.1", null),
    ]);
  });

  it("selects exactly the catalog table's columns, partition column last", async () => {
    const plan = await StackPlan.load(stack);
    const lake = await LocalLake.open(join(dir, `${stack}-columns`));
    const glue = new LocalGlue(lake, plan);
    await deliverEvents(
      lake,
      plan,
      [JSON.stringify(event("e1", "page_view", "2026-01-05T10:00:00Z"))],
      new Date("2026-01-05T10:05:00Z"),
    );
    await glue.refine("refine-events", "refined-events");
    // The run left its source and existing-rows views: describe the shipped SQL over them.
    const sql = plan.objectAt(plan.jobArguments("refine-events")["--sql_path"] as string);
    const output = await lake.rows(`DESCRIBE ${sql}`);
    const table = plan.inputs("transformation", "aws:glue/catalogTable:CatalogTable", "refined-events");
    const catalog = [...table.storageDescriptor.columns, ...table.partitionKeys] as { name: string }[];
    expect(output.map((c) => c.column_name)).toEqual(catalog.map((c) => c.name));
    expect(Object.fromEntries(output.map((c) => [c.column_name, c.column_type]))).toMatchObject({
      event_time: "TIMESTAMP",
      value: "DOUBLE",
      event_date: "DATE",
    });
  });
});
