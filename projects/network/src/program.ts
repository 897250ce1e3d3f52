import {
  PlatformKey,
  PrivateVpc,
  startLayer,
  VpcEndpoints,
  VpcFlowLogs,
  WorkloadSecurityGroups,
} from "@lakehouse/components";
import type { LayerExports } from "@lakehouse/contracts";
import * as aws from "@pulumi/aws";
import { networkConfig } from "./config";

/** CloudWatch Logs accepts only these retention values. */
const LOG_RETENTION_DAYS = [
  1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
];

/** The smallest allowed retention that keeps records at least `days`. */
export function logRetention(days: number): number {
  return LOG_RETENTION_DAYS.find((d) => d >= days) ?? 3653;
}

/**
 * The network layer: a VPC with private (compute) and isolated (database) subnets, gateway and
 * interface endpoints so the data plane never needs the internet, workload security groups that
 * reference each other, and encrypted flow logs.
 */
export async function program(): Promise<LayerExports<"network">> {
  const config = networkConfig();
  const ctx = await startLayer("network", config);
  const prefix = ctx.namePrefix;
  const zones = await aws.getAvailabilityZones({ state: "available" });
  if (zones.names.length < config.availabilityZoneCount) {
    throw new Error(
      `lakehouse-network:availabilityZoneCount is ${config.availabilityZoneCount} but the region has ${zones.names.length} available zones`,
    );
  }
  const availabilityZones = [...zones.names].sort().slice(0, config.availabilityZoneCount);

  // 1. VPC: private subnets for compute, isolated subnets for databases
  const vpc = new PrivateVpc(prefix, {
    cidrBlock: config.vpcCidr,
    availabilityZones,
    natGateways: config.natGateways,
  });
  // 2. Endpoints: AWS services reachable without the internet
  const endpoints = new VpcEndpoints(prefix, {
    vpcId: vpc.vpcId,
    routeTableIds: vpc.privateRouteTableIds,
    subnetIds: vpc.privateSubnetIds,
  });
  // 3. Security groups: each workload reaches only its peers and the endpoints
  const groups = new WorkloadSecurityGroups(prefix, {
    vpcId: vpc.vpcId,
    endpointSecurityGroupId: endpoints.securityGroup.id,
    s3PrefixListId: endpoints.s3PrefixListId,
  });

  // 4. Flow logs: the traffic the stack selects, in a log group under the network's own key
  const logGroupPrefix = `/lakehouse/${config.environment}/network/`;
  const logsKey = new PlatformKey("network-logs", {
    description: `lakehouse ${config.environment}: network log groups (VPC flow logs)`,
    aliasName: `${prefix}-network-logs`,
    logGroupNamePrefixes: [logGroupPrefix],
    retain: ctx.retainData,
  });
  new VpcFlowLogs("flow-logs", {
    vpcId: vpc.vpcId,
    logGroupName: `${logGroupPrefix}vpc-flow-logs`,
    kmsKeyArn: logsKey.arn,
    retentionInDays: logRetention(config.flowLogRetentionDays),
    trafficType: config.flowLogTrafficType,
    retain: ctx.retainData,
  });

  return {
    vpcId: vpc.vpcId,
    vpcCidr: config.vpcCidr,
    availabilityZones,
    privateSubnetIds: vpc.privateSubnetIds,
    isolatedSubnetIds: vpc.isolatedSubnetIds,
    privateRouteTableIds: vpc.privateRouteTableIds,
    securityGroupIds: groups.ids,
    s3PrefixListId: endpoints.s3PrefixListId,
  };
}
