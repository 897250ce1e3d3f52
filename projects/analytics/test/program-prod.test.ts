import { ConfigError } from "@lakehouse/contracts";
import { describe, expect, it } from "vitest";
import { runAnalytics, transformationOutputs } from "./support";

describe("prod stack", () => {
  it("reads each data set as its stack file chooses: CDC and events live, GA4 imported by a full refresh every hour", async () => {
    const run = await runAnalytics("prod");
    const dataSets = run.recorder.ofType("aws:quicksight/dataSet:DataSet");
    expect(dataSets.length).toBe(5);
    expect(Object.fromEntries(dataSets.map((d) => [d.name, d.inputs.importMode]))).toEqual({
      cdc_current_state_orders: "DIRECT_QUERY",
      cdc_current_state_customers: "DIRECT_QUERY",
      cdc_change_volume: "DIRECT_QUERY",
      daily_events_by_type: "DIRECT_QUERY",
      ga4_sessions_per_day: "SPICE",
    });
    const schedules = run.recorder.ofType("aws:quicksight/refreshSchedule:RefreshSchedule");
    expect(schedules.map((s) => [s.inputs.dataSetId, s.inputs.schedule])).toEqual([
      [
        "lakehouse-prod-ga4-sessions-per-day",
        { refreshType: "FULL_REFRESH", scheduleFrequency: { interval: "HOURLY", timezone: "UTC" } },
      ],
    ]);
    const wg = run.recorder.get("aws:athena/workgroup:Workgroup", "analytics").inputs;
    expect(wg.forceDestroy).toBe(false);
    expect((wg.configuration as { bytesScannedCutoffPerQuery: number }).bytesScannedCutoffPerQuery).toBe(
      107374182400,
    );
  });
  it("leaves the QuickSight subscription to the account baseline (bootstrap)", async () => {
    const run = await runAnalytics("prod");
    expect(run.recorder.ofType("aws:quicksight/accountSubscription:AccountSubscription")).toEqual([]);
  });
});

describe("QuickSight incremental refresh", () => {
  it("imports incrementally every 15 minutes over the report's date column, with its lookback window", async () => {
    const run = await runAnalytics("prod", {
      "lakehouse-analytics:quicksightDataSets": JSON.stringify({
        daily_events_by_type: {
          importMode: "SPICE",
          refresh: {
            type: "INCREMENTAL_REFRESH",
            interval: "MINUTE15",
            lookbackWindow: { size: 2, unit: "DAY" },
          },
        },
      }),
    });
    const ds = run.recorder.get("aws:quicksight/dataSet:DataSet", "daily_events_by_type").inputs;
    expect(ds.importMode).toBe("SPICE");
    expect(ds.refreshProperties).toEqual({
      refreshConfiguration: {
        incrementalRefresh: { lookbackWindow: { columnName: "event_date", size: 2, sizeUnit: "DAY" } },
      },
    });
    expect(
      run.recorder.get("aws:quicksight/refreshSchedule:RefreshSchedule", "daily_events_by_type-refresh")
        .inputs.schedule,
    ).toEqual({
      refreshType: "INCREMENTAL_REFRESH",
      scheduleFrequency: { interval: "MINUTE15", timezone: "UTC" },
    });
  });
});

describe("analyst trust", () => {
  it("trusts exactly the configured principals instead of the whole account", async () => {
    const sso =
      "arn:aws:iam::123456789012:role/aws-reserved/sso.amazonaws.com/AWSReservedSSO_Analyst_0123456789abcdef";
    const run = await runAnalytics("prod", {
      "lakehouse-analytics:analystTrustedPrincipals": JSON.stringify([sso]),
    });
    const trust = JSON.parse(
      String(run.recorder.get("aws:iam/role:Role", "analyst").inputs.assumeRolePolicy),
    );
    expect(trust.Statement.map((s: { Principal: unknown }) => s.Principal)).toEqual([{ AWS: sso }]);
  });
});

describe("bad configuration and missing upstream outputs", () => {
  it("names the key and the stack file for a cutoff below Athena's minimum", async () => {
    const failure = runAnalytics("prod", { "lakehouse-analytics:bytesScannedCutoffPerQuery": "1000" });
    await expect(failure).rejects.toBeInstanceOf(ConfigError);
    await expect(failure).rejects.toThrow(
      /stacks\/analytics\/Pulumi\.prod\.yaml[\s\S]*lakehouse-analytics:bytesScannedCutoffPerQuery: at least 10485760/,
    );
  });

  it("names the key and the stack file when a user is listed twice in a group", async () => {
    const failure = runAnalytics("prod", { "lakehouse-analytics:quicksightViewers": '["carol", "carol"]' });
    await expect(failure).rejects.toBeInstanceOf(ConfigError);
    await expect(failure).rejects.toThrow(
      /stacks\/analytics\/Pulumi\.prod\.yaml[\s\S]*quicksightViewers: lists a user twice/,
    );
  });

  it("rejects a sensitivity value lake-storage does not define", async () => {
    await expect(
      runAnalytics("dev", { "lakehouse-analytics:excludedSensitivity": '["secret"]' }),
    ).rejects.toThrow(/unknown sensitivity value\(s\): secret/);
  });

  it("names the missing transformation dataset and the config key that selects it", async () => {
    const { ga4_sessions: _dropped, ...refinedTables } = transformationOutputs("dev").refinedTables;
    const message =
      /layer "transformation" exports no refinedTables\["ga4_sessions"\][\s\S]*lakehouse-analytics:ga4SessionsDataset/;
    // Every resource reading the table rejects with the same error; runProgram reports the
    // first, the rest arrive after it returns and are the same failure.
    const sameFailure = (reason: unknown) => {
      if (!(reason instanceof Error && message.test(reason.message))) throw reason;
    };
    process.on("unhandledRejection", sameFailure);
    try {
      await expect(
        runAnalytics("dev", {}, { ...transformationOutputs("dev"), refinedTables }),
      ).rejects.toThrow(message);
      await new Promise((resolve) => setTimeout(resolve, 200));
    } finally {
      process.off("unhandledRejection", sameFailure);
    }
  });
});
