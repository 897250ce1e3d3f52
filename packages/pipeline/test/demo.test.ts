import { readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runDemo } from "../src/demo-run";
import { StackPlan } from "../src/plan";

const out = join(tmpdir(), `lakehouse-demo-${process.pid}`);
afterAll(() => rmSync(out, { recursive: true, force: true }));

// Plans first (minutes on a busy machine), so no test's timeout includes them.
beforeAll(() => Promise.all((["prod"] as const).map((v) => StackPlan.load(v))));

describe("pnpm demo", () => {
  it("runs the four sources into every shipped report and writes each as CSV and a PNG chart", async () => {
    const result = await runDemo("prod", out);
    expect(result.sources.map((s) => s.source)).toEqual([
      "DynamoDB orders",
      "Aurora customers (DMS)",
      "Client events (Firehose)",
      "GA4 (AppFlow)",
    ]);
    expect(result.reports.map((r) => r.name).sort()).toEqual([
      "cdc_change_volume",
      "cdc_current_state_customers",
      "cdc_current_state_orders",
      "daily_events_by_type",
      "ga4_sessions_per_day",
    ]);
    for (const report of result.reports) {
      expect(report.rows.length).toBeGreaterThan(0);
      const [header, ...lines] = readFileSync(report.csv, "utf8").trim().split("\n");
      expect(header?.split(",")).toEqual(Object.keys(report.rows[0] as object));
      expect(lines).toHaveLength(report.rows.length);
      // PNG signature: the chart was rasterised, not just described.
      expect([...readFileSync(report.png).subarray(0, 4)]).toEqual([0x89, 0x50, 0x4e, 0x47]);
    }
    // Change volume covers both CDC sources, customers included, and counts deletes (issue 21).
    const volume = result.reports.find((r) => r.name === "cdc_change_volume")?.rows ?? [];
    expect([...new Set(volume.map((r) => r.source))].sort()).toEqual(["customers", "orders"]);
    for (const source of ["customers", "orders"]) {
      const deletes = volume
        .filter((r) => r.source === source)
        .reduce((n, r) => n + Number(r.deleted_records), 0);
      expect(deletes, source).toBeGreaterThan(0);
    }
    // The orders current state groups by status only: no blank group from line items.
    const states = result.reports.find((r) => r.name === "cdc_current_state_orders")?.rows ?? [];
    expect(states.every((r) => typeof r.status === "string" && r.status !== "")).toBe(true);
  });
});
