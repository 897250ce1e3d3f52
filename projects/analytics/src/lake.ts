import { layer } from "@lakehouse/contracts";
import * as aws from "@pulumi/aws";
import type * as pulumi from "@pulumi/pulumi";

/** What this layer reads from the layers below it: lake-storage's databases and buckets, transformation's tables and snapshot retention. */
export function lakeInputs() {
  const storage = layer("lake-storage");
  const transformation = layer("transformation");
  return {
    account: aws.getCallerIdentityOutput().accountId,
    refinedDatabase: storage.require("refinedDatabaseName"),
    cdcDatabase: storage.require("cdcDatabaseName"),
    resultsBucketName: storage.require("resultsBucketName"),
    resultsBucketArn: storage.require("resultsBucketArn"),
    dataKeyArn: storage.require("dataKeyArn"),
    lfTags: storage.require("lfTags"),
    refinedTables: transformation.require("refinedTables"),
    icebergTables: transformation.require("icebergTables"),
    changeCountsTable: transformation.require("changeCountsTable"),
    // Commit history (Iceberg snapshots) reaches back only as far as the table optimizers keep it.
    snapshotRetentionDays: transformation.require("snapshotRetentionDays"),
  };
}

export type Lake = ReturnType<typeof lakeInputs>;

/** One table of transformation's outputs, failing with the layer, output and key named when absent. */
export function tableOf(
  map: pulumi.Output<Record<string, string>>,
  output: string,
  key: string,
  configKey: string,
) {
  return map.apply((tables) => {
    const table = tables[key];
    if (table === undefined) {
      throw new Error(
        `layer "transformation" exports no ${output}["${key}"] (it has: ${Object.keys(tables).join(", ") || "none"}); ` +
          `the analytics report needs it: add it to transformation or point lakehouse-analytics:${configKey} at another key`,
      );
    }
    return table;
  });
}
