import { startLayer } from "@lakehouse/components";
import type { LayerExports } from "@lakehouse/contracts";
import * as aws from "@pulumi/aws";
import * as awsx from "@pulumi/awsx";
import * as pulumi from "@pulumi/pulumi";
import { networkConfig } from "./config";

/** The network layer: VPC, subnets, endpoints and workload security groups. */
export async function program(): Promise<LayerExports<"network">> {
  const config = networkConfig();
  const ctx = startLayer("network", config);
  const vpc = new awsx.ec2.Vpc(ctx.namePrefix, {
    cidrBlock: config.vpcCidr,
    numberOfAvailabilityZones: config.availabilityZoneCount,
    subnetSpecs: [{ type: "Private" }, { type: "Isolated" }],
    natGateways: { strategy: "None" },
    enableDnsHostnames: true,
  });
  const group = (workload: string) =>
    new aws.ec2.SecurityGroup(`${workload}-sg`, {
      vpcId: vpc.vpcId,
      description: `lakehouse ${workload} workloads`,
    }).id;
  const s3 = new aws.ec2.VpcEndpoint("s3-gateway", {
    vpcId: vpc.vpcId,
    serviceName: aws.getRegionOutput().region.apply((r) => `com.amazonaws.${r}.s3`),
    vpcEndpointType: "Gateway",
  });
  const zones = await aws.getAvailabilityZones({ state: "available" });
  return {
    vpcId: vpc.vpcId,
    vpcCidr: config.vpcCidr,
    availabilityZones: zones.names.slice(0, config.availabilityZoneCount),
    privateSubnetIds: vpc.privateSubnetIds,
    isolatedSubnetIds: vpc.isolatedSubnetIds,
    privateRouteTableIds: s3.routeTableIds.apply((ids) => ids ?? []),
    securityGroupIds: pulumi.output({
      database: group("database"),
      dms: group("dms"),
      lambda: group("lambda"),
      glue: group("glue"),
    }),
    s3PrefixListId: s3.prefixListId,
  };
}
