import { LAYERS } from "@lakehouse/contracts";
import { describe, expect, it } from "vitest";
import { type RunLayersOptions, runLayers } from "../src/deploy/orchestrate";
import { renderSummaryTable } from "../src/deploy/summary-table";
import { fakeDriver } from "./support/fake-driver";

const base = (over: Partial<RunLayersOptions>): RunLayersOptions => ({
  operation: "up",
  repoRoot: "/repo",
  stack: "dev",
  layers: [...LAYERS],
  parallel: 4,
  driverFor: fakeDriver().factory,
  log: () => {},
  ...over,
});

describe("runLayers", () => {
  it("runs layers in DAG order: a layer starts only after every layer it depends on ended", async () => {
    const fake = fakeDriver({ latencyMs: { network: 30, "lake-storage": 10, ingestion: 10 } });
    const runs = await runLayers(base({ driverFor: fake.factory }));
    expect(runs.map((r) => r.layer)).toEqual([...LAYERS]);
    const call = (l: string) => fake.calls.find((c) => c.target.layer === l)!;
    expect(call("ingestion").started).toBeGreaterThanOrEqual(call("network").ended);
    expect(call("ingestion").started).toBeGreaterThanOrEqual(call("lake-storage").ended);
    expect(call("transformation").started).toBeGreaterThanOrEqual(call("ingestion").ended);
    expect(call("analytics").started).toBeGreaterThanOrEqual(call("transformation").ended);
  });

  it("runs the layers of one wave concurrently: each starts before the other ends", async () => {
    const fake = fakeDriver({ latencyMs: { network: 300, "lake-storage": 300 } });
    const runs = await runLayers(base({ driverFor: fake.factory, layers: ["network", "lake-storage"] }));
    expect(runs.every((r) => r.status === "succeeded")).toBe(true);
    const [a, b] = fake.calls;
    // Overlapping runs, not a wall-clock bound: one waiting for the other would start after it ended.
    expect(b!.started).toBeLessThan(a!.ended);
    expect(a!.started).toBeLessThan(b!.ended);
  });

  it("bounds the concurrency with --parallel", async () => {
    const fake = fakeDriver({ latencyMs: { network: 300, "lake-storage": 300 } });
    await runLayers(base({ driverFor: fake.factory, layers: ["network", "lake-storage"], parallel: 1 }));
    const [a, b] = fake.calls;
    expect(b!.started).toBeGreaterThanOrEqual(a!.ended);
  });

  it("a failed layer stops its dependents and says so; the rest of its wave finishes", async () => {
    const fake = fakeDriver({ failing: ["network"], latencyMs: { "lake-storage": 50 } });
    const lines: string[] = [];
    const runs = await runLayers(base({ driverFor: fake.factory, log: (l) => lines.push(l) }));
    const status = Object.fromEntries(runs.map((r) => [r.layer, r.status]));
    expect(status).toEqual({
      network: "failed",
      "lake-storage": "succeeded",
      ingestion: "skipped",
      transformation: "skipped",
      analytics: "skipped",
    });
    expect(runs.find((r) => r.layer === "network")!.reason).toBe("network: boom");
    expect(runs.find((r) => r.layer === "ingestion")!.reason).toBe("not run: network failed");
    expect(runs.find((r) => r.layer === "analytics")!.reason).toBe("not run: network failed");
    expect(fake.calls.map((c) => c.target.layer).sort()).toEqual(["lake-storage", "network"]);
    expect(lines).toContain("[ingestion] not run: network failed");
  });

  it("destroys in reverse DAG order; a failed destroy keeps the layers it depends on", async () => {
    const fake = fakeDriver();
    const runs = await runLayers(base({ operation: "destroy", driverFor: fake.factory }));
    expect(fake.calls.map((c) => c.target.layer)).toEqual([
      "analytics",
      "transformation",
      "ingestion",
      "network",
      "lake-storage",
    ]);
    expect(runs.map((r) => r.layer)[0]).toBe("analytics");

    const failing = fakeDriver({ failing: ["transformation"] });
    const after = await runLayers(base({ operation: "destroy", driverFor: failing.factory }));
    const status = Object.fromEntries(after.map((r) => [r.layer, r.status]));
    expect(status).toMatchObject({
      analytics: "succeeded",
      transformation: "failed",
      ingestion: "skipped",
      "lake-storage": "skipped",
      network: "skipped",
    });
  });

  it("prefixes every line of engine output with its layer, joining chunks split mid-line", async () => {
    const fake = fakeDriver({
      output: (l) => [`Previewing ${l}\n  + aws:s3`, "/bucket:Bucket raw create\n"],
    });
    const lines: string[] = [];
    await runLayers(base({ driverFor: fake.factory, layers: ["lake-storage"], log: (l) => lines.push(l) }));
    expect(lines).toContain("[lake-storage  ] Previewing lake-storage");
    expect(lines).toContain("[lake-storage  ]   + aws:s3/bucket:Bucket raw create");
  });

  it("gives each layer its project folder as work dir and the stack name", async () => {
    const fake = fakeDriver();
    await runLayers(base({ driverFor: fake.factory, layers: ["ingestion", "network"] }));
    expect(fake.calls.map((c) => [c.target.layer, c.target.workDir, c.target.stack])).toEqual([
      ["network", "/repo/projects/network", "dev"],
      ["ingestion", "/repo/projects/ingestion", "dev"],
    ]);
  });
});

describe("renderSummaryTable", () => {
  it("shows counts, duration and result per layer, and why a layer did not run", () => {
    const table = renderSummaryTable("up", "dev", [
      {
        layer: "network",
        status: "succeeded",
        durationMs: 12_345,
        changes: { create: 3, update: 1, replace: 2, delete: 0, same: 10 },
      },
      { layer: "ingestion", status: "failed", durationMs: 2_000, reason: "aws: AccessDenied" },
      { layer: "transformation", status: "skipped", durationMs: 0, reason: "not run: ingestion failed" },
    ]);
    expect(table.split("\n")).toEqual([
      "up dev:",
      "",
      "| layer | create | update | replace | delete | same | duration | result |",
      "|---|---:|---:|---:|---:|---:|---:|---|",
      "| network | 3 | 1 | 2 | 0 | 10 | 12.3 s | succeeded |",
      "| ingestion | - | - | - | - | - | 2.0 s | failed: aws: AccessDenied |",
      "| transformation | - | - | - | - | - | 0.0 s | skipped: not run: ingestion failed |",
    ]);
  });
});
