import { describe, expect, it } from "vitest";
import { runAnalytics } from "./support";

describe("QuickSight refresh settings the API refuses (config errors, after every successful run)", () => {
  it("refuses a 15-minute full refresh: MINUTE15 and MINUTE30 exist only for incremental refreshes", async () => {
    await expect(
      runAnalytics("prod", { "lakehouse-analytics:quicksightRefreshInterval": "MINUTE15" }),
    ).rejects.toThrow(/lakehouse-analytics:quicksightRefreshInterval: .*expected HOURLY or DAILY/);
  });

  it("refuses MINUTE30 for a data set's full refresh", async () => {
    await expect(
      runAnalytics("prod", {
        "lakehouse-analytics:quicksightDataSets": JSON.stringify({
          daily_events_by_type: {
            importMode: "SPICE",
            refresh: { type: "FULL_REFRESH", interval: "MINUTE30" },
          },
        }),
      }),
    ).rejects.toThrow(/lakehouse-analytics:quicksightDataSets\.daily_events_by_type\.refresh\.interval/);
  });

  it("names the data set: an unknown report, or an incremental refresh of a report without a date column", async () => {
    await expect(
      runAnalytics("prod", {
        "lakehouse-analytics:quicksightDataSets": JSON.stringify({
          sessions: { importMode: "DIRECT_QUERY" },
        }),
      }),
    ).rejects.toThrow(
      /stacks\/analytics\/Pulumi\.prod\.yaml[\s\S]*quicksightDataSets\.sessions: no such report/,
    );
    await expect(
      runAnalytics("prod", {
        "lakehouse-analytics:quicksightDataSets": JSON.stringify({
          cdc_current_state_orders: {
            importMode: "SPICE",
            refresh: {
              type: "INCREMENTAL_REFRESH",
              interval: "MINUTE30",
              lookbackWindow: { size: 1, unit: "DAY" },
            },
          },
        }),
      }),
    ).rejects.toThrow(
      /quicksightDataSets\.cdc_current_state_orders: an incremental refresh needs a date column/,
    );
  });
});
