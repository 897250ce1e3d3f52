import { describe, expect, it } from "vitest";
import { runTransformation } from "./support";

describe("prod stack", () => {
  it("protects and retains the tables and the pipeline key, and sizes jobs from its stack file", async () => {
    const run = await runTransformation("prod");
    const tables = run.recorder.ofType("aws:glue/catalogTable:CatalogTable");
    expect(tables.map((t) => t.name).sort()).toEqual(
      [
        "iceberg-cdc-changes",
        "iceberg-customers",
        "iceberg-orders",
        "refined-events",
        "refined-ga4-sessions",
      ].sort(),
    );
    for (const t of tables) expect([t.name, t.protect, t.retainOnDelete]).toEqual([t.name, true, true]);
    const key = run.recorder.get("aws:kms/key:Key", "pipeline");
    expect([key.protect, key.retainOnDelete]).toEqual([true, true]);
    expect(run.recorder.get("aws:glue/job:Job", "cdc-merge").inputs).toMatchObject({
      workerType: "G.2X",
      numberOfWorkers: 4,
      // every 5 minutes, each run bounded below the interval (the freshness targets need it)
      timeout: 4,
      maxRetries: 2,
    });
    // Subscriptions belong to the stack's alarm topic, in lake-storage.
    expect(run.recorder.ofType("aws:sns/topicSubscription:TopicSubscription")).toEqual([]);
  });

  it("exports the freshness target of every refined and current table", async () => {
    const run = await runTransformation("prod");
    expect(run.outputs.freshnessTargetMinutes).toEqual({
      events: 75,
      ga4_sessions: 1800,
      orders: 20,
      customers: 20,
    });
  });

  it("leaves dev tables unprotected (its stack allows data destruction)", async () => {
    const run = await runTransformation("dev");
    for (const t of run.recorder.ofType("aws:glue/catalogTable:CatalogTable")) expect(t.protect).toBe(false);
  });
});

describe("bad configuration", () => {
  it("fails with one error naming the key, the stack file and what is expected", async () => {
    await expect(
      runTransformation("dev", {
        "lakehouse-transformation:cdcMergeSchedule": "every 30 minutes",
        "lakehouse-transformation:refineWorkers": JSON.stringify({ workerType: "G.1X", numberOfWorkers: 1 }),
      }),
    ).rejects.toThrow(
      /invalid configuration in stacks\/transformation\/Pulumi\.dev\.yaml:\n {2}- lakehouse-transformation:cdcMergeSchedule: .*Glue cron.*\n {2}- lakehouse-transformation:refineWorkers\.numberOfWorkers/,
    );
  });

  it("refuses freshness targets that leave a table out or name one that does not exist", async () => {
    await expect(
      runTransformation("dev", {
        "lakehouse-transformation:freshnessTargetMinutes": JSON.stringify({
          events: 60,
          ga4_sessions: 60,
          orders: 60,
          sessions: 5,
        }),
      }),
    ).rejects.toThrow(
      /lakehouse-transformation:freshnessTargetMinutes(\.customers)?: .*expected \{events: minutes, ga4_sessions: minutes, orders: minutes, customers: minutes\}/,
    );
  });

  it("rejects a log retention CloudWatch does not offer", async () => {
    await expect(
      runTransformation("dev", { "lakehouse-transformation:logRetentionDays": "10" }),
    ).rejects.toThrow(/lakehouse-transformation:logRetentionDays: not a CloudWatch Logs retention value/);
  });
});
