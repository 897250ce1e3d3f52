import type { LfPrincipalGrants } from "@lakehouse/components";
import { layer, type RawSource, REFINED_PREFIXES } from "@lakehouse/contracts";
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { CDC_SPECS, changeCounts } from "./specs";

/** Every raw prefix ingestion writes; each gets a crawler and a read grant. */
export const RAW_SOURCES: RawSource[] = ["events", "googleAnalytics", "dynamodbCdc", "auroraCdc"];

/** What this layer reads from the layers below it: lake-storage's buckets, key, databases and LF-tags, ingestion's raw prefixes, source key schema and the hops the dashboard charts. */
export async function lakeInputs() {
  const storage = layer("lake-storage");
  const ingestion = layer("ingestion");
  const { accountId } = await aws.getCallerIdentity();
  const { region } = await aws.getRegion();

  const rawBucket = storage.require("rawBucketName");
  const refinedBucket = storage.require("refinedBucketName");
  // Ingestion decides where each source lands; transformation reads its contract.
  const rawPrefixes = ingestion.require("rawPrefixes");
  const rawPrefix = (source: RawSource, sub = "") => rawPrefixes.apply((all) => `${all[source]}${sub}`);
  return {
    accountId,
    region,
    dataKeyArn: storage.require("dataKeyArn"),
    alarmTopicArn: storage.require("alarmTopicArn"),
    rawBucket,
    rawBucketArn: storage.require("rawBucketArn"),
    refinedBucket,
    refinedBucketArn: storage.require("refinedBucketArn"),
    assetsBucket: storage.require("assetsBucketName"),
    assetsBucketArn: storage.require("assetsBucketArn"),
    rawDb: storage.require("rawDatabaseName"),
    refinedDb: storage.require("refinedDatabaseName"),
    cdcDb: storage.require("cdcDatabaseName"),
    lfTags: storage.require("lfTags"),
    rawPrefixes,
    rawPrefix,
    /** The DynamoDB source table's key attributes: the orders merge keys on them. */
    sourceTableKeys: ingestion.require("sourceTableKeys"),
    /** Ingestion's hops the stack dashboard charts (its function, both Firehose streams, DMS and the Aurora cluster). */
    ingestionHops: {
      cdcFunctionName: ingestion.require("cdcFunctionName"),
      cdcDeliveryStreamName: ingestion.require("cdcDeliveryStreamName"),
      eventsDeliveryStreamName: ingestion.require("eventsDeliveryStreamName"),
      dmsMetricDimensions: ingestion.require("dmsMetricDimensions"),
      auroraClusterArn: ingestion.require("auroraClusterArn"),
    },
    rawUri: (source: RawSource, sub = "") => pulumi.interpolate`s3://${rawBucket}/${rawPrefix(source, sub)}`,
    refinedLocation: (table: string) =>
      pulumi.interpolate`s3://${refinedBucket}/${REFINED_PREFIXES.parquet}${table}/`,
    icebergLocation: (table: string) =>
      pulumi.interpolate`s3://${refinedBucket}/${REFINED_PREFIXES.iceberg}${table}/`,
  };
}

export type Lake = Awaited<ReturnType<typeof lakeInputs>>;

/** `dynamodbCdc` -> `dynamodb-cdc`, `client_events` -> `client-events`: the form resource names use. */
export const kebab = (s: string) => s.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`).replace(/_/g, "-");

/** The Lake Formation data location of a prefix: `<bucket ARN>/<prefix without trailing slash>`. */
export const dataLocation = (bucketArn: pulumi.Output<string>, prefix: pulumi.Input<string>) =>
  pulumi.all([bucketArn, prefix]).apply(([arn, pre]) => `${arn}/${pre.replace(/\/$/, "")}`);

/** Every Iceberg table this layer owns: the entities' current state and the change log's audit table. */
export const icebergTableNames = () => [...CDC_SPECS.map((s) => s.table), changeCounts.table];

/** Iceberg tables are merged and rewritten in place: both the merge job and the optimizers read, add and remove rows. */
export function grantIcebergTableWrites(grants: LfPrincipalGrants, lake: Lake, tables: string[]) {
  for (const table of tables) {
    grants.onTable(`cdc-${kebab(table)}`, lake.cdcDb, table, [
      "SELECT",
      "INSERT",
      "DELETE",
      "ALTER",
      "DESCRIBE",
    ]);
  }
}
