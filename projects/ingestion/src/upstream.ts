import { layer } from "@lakehouse/contracts";

/** What this layer reads from the layers below it: lake-storage's key, raw bucket and database, alarm topic; the network's subnets and groups. */
export function upstreamInputs() {
  const storage = layer("lake-storage");
  const network = layer("network");
  return {
    kmsKeyArn: storage.require("dataKeyArn"),
    raw: { bucketName: storage.require("rawBucketName"), bucketArn: storage.require("rawBucketArn") },
    rawDatabaseName: storage.require("rawDatabaseName"),
    alarmTopicArn: storage.require("alarmTopicArn"),
    securityGroupIds: network.require("securityGroupIds"),
    privateSubnetIds: network.require("privateSubnetIds"),
    isolatedSubnetIds: network.require("isolatedSubnetIds"),
  };
}

export type Upstream = ReturnType<typeof upstreamInputs>;
