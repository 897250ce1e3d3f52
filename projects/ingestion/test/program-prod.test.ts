import { layerFixture, type ProgramRun } from "@lakehouse/testing";
import { beforeAll, describe, expect, it } from "vitest";
import { inputs, runIngestion } from "./support/program";

// prod keeps its data: protection, retention, deletion protection and a final snapshot.

let run: ProgramRun;
const get = (type: string, name: string) => run.recorder.get(type, name);

beforeAll(async () => {
  run = await runIngestion("prod");
});

describe("ingestion program (prod)", () => {
  it("protects and retains the source table and turns on its deletion protection", () => {
    const table = get("aws:dynamodb/table:Table", "source");
    expect([table.protect, table.retainOnDelete, inputs(table).deletionProtectionEnabled]).toEqual([
      true,
      true,
      true,
    ]);
  });

  it("protects the Aurora cluster and its instances, with deletion protection and a final snapshot", () => {
    const cluster = get("aws:rds/cluster:Cluster", "source-db");
    expect([cluster.protect, cluster.retainOnDelete]).toEqual([true, true]);
    expect(inputs(cluster)).toMatchObject({
      deletionProtection: true,
      skipFinalSnapshot: false,
      finalSnapshotIdentifier: "lakehouse-prod-source-final",
      backupRetentionPeriod: 14,
      serverlessv2ScalingConfiguration: { minCapacity: 1, maxCapacity: 16 },
    });
    const instances = run.recorder.ofType("aws:rds/clusterInstance:ClusterInstance");
    expect(instances.map((i) => [i.name, i.protect, i.inputs.publiclyAccessible])).toEqual([
      ["source-db-1", true, false],
      ["source-db-2", true, false],
    ]);
  });

  it("assumes the account-wide DMS roles exist instead of creating them", () => {
    const names = run.recorder.ofType("aws:iam/role:Role").map((r) => r.inputs.name);
    expect(names).not.toContain("dms-vpc-role");
    expect(names).not.toContain("dms-cloudwatch-logs-role");
    expect(
      inputs(get("aws:dms/replicationConfig:ReplicationConfig", "aurora-cdc")).computeConfig,
    ).toMatchObject({
      multiAz: true,
      maxCapacityUnits: 8,
    });
  });

  it("uses prod's batch size and log retention", () => {
    expect(
      inputs(get("aws:lambda/eventSourceMapping:EventSourceMapping", "cdc-handler-stream")).batchSize,
    ).toBe(500);
    for (const group of run.recorder.ofType("aws:cloudwatch/logGroup:LogGroup")) {
      expect(group.inputs.retentionInDays).toBe(90);
    }
  });

  it("exports the contract with prod names", () => {
    expect(Object.keys(run.outputs).sort()).toEqual(Object.keys(layerFixture("ingestion", "prod")).sort());
    expect(run.outputs.sourceTableName).toBe("lakehouse-prod-orders");
  });
});
