import {
  type AttachedCluster,
  type AttachedTable,
  type Checked,
  type DescribeClusterParameters,
  inspectAttachedCluster,
  inspectAttachedTable,
} from "@lakehouse/components";
import { ConfigError, layer, stackFile } from "@lakehouse/contracts";
import * as pulumi from "@pulumi/pulumi";
import type { IngestionConfig } from "./config";

/** What an attached source lacks, one line each, under its config key and the stack file. */
function checked<T>(result: Checked<T>, key: "attachedSourceTable" | "attachedAuroraCluster"): T {
  if (result.ok) return result.value;
  throw new ConfigError(
    stackFile("ingestion", pulumi.getStack()),
    result.missing.map((line) => `lakehouse-ingestion:${key}: ${line}`),
  );
}

/** The attached DynamoDB table, read and checked before anything is planned; undefined when the stack creates it. */
export async function attachedTable(config: IngestionConfig): Promise<AttachedTable | undefined> {
  const ref = config.attachedSourceTable;
  return ref ? checked(await inspectAttachedTable(ref), "attachedSourceTable") : undefined;
}

/**
 * The attached Aurora cluster, read and checked against the network layer's VPC and DMS security
 * group before anything is planned; undefined when the stack creates it.
 */
export async function attachedCluster(
  config: IngestionConfig,
  describeParameters: DescribeClusterParameters,
): Promise<AttachedCluster | undefined> {
  const ref = config.attachedAuroraCluster;
  if (!ref) return undefined;
  // Read only here: a stack that creates its cluster does not depend on them.
  const network = layer("network");
  const [vpcId, groups] = await Promise.all([
    network.requireValue("vpcId"),
    network.requireValue("securityGroupIds"),
  ]);
  return checked(
    await inspectAttachedCluster(ref, { vpcId, dmsSecurityGroupId: groups.dms }, describeParameters),
    "attachedAuroraCluster",
  );
}
