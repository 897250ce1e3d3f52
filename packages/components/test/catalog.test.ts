import { TableOptimizerType } from "@aws-sdk/client-glue";
import { installMocks, outputValue } from "@lakehouse/testing";
import { describe, expect, it } from "vitest";

const { recorder } = installMocks({ project: "lakehouse-transformation", stack: "dev" });

import { crawlerConfiguration, IcebergTable, ParquetTable, RawCrawler } from "../src";

const base = {
  description: "raw events",
  databaseName: "lakehouse_dev_raw",
  roleArn: "arn:aws:iam::123456789012:role/crawler",
  path: "s3://raw-bucket/events/",
  securityConfigurationName: "lakehouse-dev-glue",
};

describe("RawCrawler", () => {
  it("re-crawls everything by default: schema updates applied, deletions only logged", async () => {
    const c = new RawCrawler("everything", { ...base, crawlerName: "c-everything", tableLevel: 2 });
    await outputValue(c.name);
    const inputs = recorder.get("aws:glue/crawler:Crawler", "everything").inputs;
    expect(inputs.schemaChangePolicy).toEqual({
      updateBehavior: "UPDATE_IN_DATABASE",
      deleteBehavior: "LOG",
    });
    expect(inputs.recrawlPolicy).toEqual({ recrawlBehavior: "CRAWL_EVERYTHING" });
    expect(inputs.schedule).toBeUndefined();
    expect(inputs.s3Targets).toEqual([
      { path: "s3://raw-bucket/events/", exclusions: ["**/_temporary/**", "**/*.crc", "**/_SUCCESS"] },
    ]);
    expect(JSON.parse(inputs.configuration as string).Grouping).toEqual({
      TableGroupingPolicy: "CombineCompatibleSchemas",
      TableLevelConfiguration: 2,
    });
  });

  it("in new-folders mode uses LOG for both schema changes, as AWS requires for incremental crawls", async () => {
    const c = new RawCrawler("incremental", {
      ...base,
      crawlerName: "c-incremental",
      recrawl: "new-folders",
      schedule: "cron(0 3 * * ? *)",
      exclusions: [],
    });
    await outputValue(c.name);
    const inputs = recorder.get("aws:glue/crawler:Crawler", "incremental").inputs;
    expect(inputs.schemaChangePolicy).toEqual({ updateBehavior: "LOG", deleteBehavior: "LOG" });
    expect(inputs.recrawlPolicy).toEqual({ recrawlBehavior: "CRAWL_NEW_FOLDERS_ONLY" });
    expect(inputs.schedule).toBe("cron(0 3 * * ? *)");
    expect(inputs.s3Targets).toEqual([{ path: "s3://raw-bucket/events/", exclusions: [] }]);
  });

  it("leaves the table level to Glue when none is given", () => {
    expect(JSON.parse(crawlerConfiguration()).Grouping).toEqual({
      TableGroupingPolicy: "CombineCompatibleSchemas",
    });
  });
});

describe("ParquetTable", () => {
  it("declares Snappy Parquet in Hive layout with a partition index on its partition keys", async () => {
    const t = new ParquetTable("events-table", {
      databaseName: "lakehouse_dev_refined",
      tableName: "client_events",
      description: "events",
      location: "s3://refined/parquet/client_events/",
      columns: [{ name: "event_id", type: "string" }],
      partitionKeys: [{ name: "event_date", type: "date" }],
      tableOptions: { protect: true },
    });
    await outputValue(t.name);
    const r = recorder.get("aws:glue/catalogTable:CatalogTable", "events-table");
    expect(r.protect).toBe(true);
    expect(r.inputs.parameters).toMatchObject({ classification: "parquet", "parquet.compression": "SNAPPY" });
    expect(r.inputs.partitionIndices).toEqual([{ indexName: "by_partition", keys: ["event_date"] }]);
  });
});

describe("IcebergTable", () => {
  it("declares an Iceberg v2 table and its three optimizers with the documented defaults", async () => {
    const t = new IcebergTable("orders", {
      catalogId: "123456789012",
      databaseName: "lakehouse_dev_cdc",
      tableName: "orders",
      description: "orders",
      location: "s3://refined/iceberg/orders/",
      fields: [{ id: 1, name: "order_id", type: '"string"', required: true }],
      identifierFieldIds: [1],
      optimizerRoleArn: "arn:aws:iam::123456789012:role/optimizer",
    });
    await outputValue(t.name);
    await Promise.all(t.optimizers.map((o) => outputValue(o.id)));
    const table = recorder.get("aws:glue/catalogTable:CatalogTable", "orders").inputs;
    const input = (
      table.openTableFormatInput as { icebergInput: { icebergTableInput: Record<string, unknown> } }
    ).icebergInput.icebergTableInput;
    expect(input.partitionSpec).toBeUndefined();
    expect(input.properties).toMatchObject({ "format-version": "2", "write.merge.mode": "merge-on-read" });
    const config = (type: string) =>
      recorder.get("aws:glue/catalogTableOptimizer:CatalogTableOptimizer", `orders-${type}`).inputs
        .configuration;
    expect(config("compaction")).toMatchObject({
      enabled: true,
      roleArn: "arn:aws:iam::123456789012:role/optimizer",
    });
    expect(config("retention")).toMatchObject({
      retentionConfiguration: {
        icebergConfiguration: {
          snapshotRetentionPeriodInDays: 7,
          numberOfSnapshotsToRetain: 10,
          cleanExpiredFiles: true,
          runRateInHours: 24,
        },
      },
    });
    // Glue's TableOptimizerType values, which the provider validates (old code sent "orphanFileDeletion").
    const types = recorder
      .ofType("aws:glue/catalogTableOptimizer:CatalogTableOptimizer")
      .map((o) => o.inputs.type)
      .sort();
    expect(types).toEqual(["compaction", "orphan_file_deletion", "retention"]);
    for (const type of types) expect(Object.values(TableOptimizerType)).toContain(type);
    expect(config("orphan_file_deletion")).toMatchObject({
      orphanFileDeletionConfiguration: {
        icebergConfiguration: {
          orphanFileRetentionPeriodInDays: 3,
          location: "s3://refined/iceberg/orders/",
        },
      },
    });
  });
});
