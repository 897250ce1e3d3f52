import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

/** Interface endpoints the data plane needs so that it never leaves the VPC. */
export const PLATFORM_INTERFACE_ENDPOINTS = [
  "secretsmanager",
  "kms",
  "sts",
  "glue",
  "kinesis-firehose",
  "logs",
  "monitoring",
  "athena",
  "lakeformation",
  "dms",
  "rds",
] as const;

export interface VpcEndpointsArgs {
  vpcId: pulumi.Input<string>;
  /** Route tables the S3 and DynamoDB gateway endpoints are attached to (the private ones). */
  routeTableIds: pulumi.Input<pulumi.Input<string>[]>;
  /** Subnets the interface endpoints place their network interfaces in. */
  subnetIds: pulumi.Input<pulumi.Input<string>[]>;
  /**
   * Services reached through interface endpoints with private DNS.
   * @default PLATFORM_INTERFACE_ENDPOINTS
   */
  interfaceServices?: readonly string[];
}

/**
 * S3 and DynamoDB gateway endpoints attached to the given route tables, and interface endpoints
 * with private DNS in the given subnets, behind one security group that admits HTTPS only from
 * workload security groups (`WorkloadSecurityGroups` adds those rules; no CIDR rules).
 */
export class VpcEndpoints extends pulumi.ComponentResource {
  readonly securityGroup: aws.ec2.SecurityGroup;
  readonly s3: aws.ec2.VpcEndpoint;
  readonly dynamodb: aws.ec2.VpcEndpoint;
  readonly interfaces: Record<string, aws.ec2.VpcEndpoint> = {};
  /** Prefix list of the S3 gateway endpoint, for security-group egress rules. */
  readonly s3PrefixListId: pulumi.Output<string>;
  readonly dynamodbPrefixListId: pulumi.Output<string>;

  constructor(name: string, args: VpcEndpointsArgs, opts?: pulumi.ComponentResourceOptions) {
    super("lakehouse:network:VpcEndpoints", name, {}, opts);
    const child = { parent: this };
    const region = aws.getRegionOutput({}, child).region;
    const serviceName = (service: string) => pulumi.interpolate`com.amazonaws.${region}.${service}`;

    // No inline rules: the provider then also removes AWS's default allow-all egress rule.
    this.securityGroup = new aws.ec2.SecurityGroup(
      `${name}-interface-endpoints`,
      {
        vpcId: args.vpcId,
        description: "Interface VPC endpoints: HTTPS from platform workloads only",
        tags: { Name: `${name}-interface-endpoints` },
      },
      child,
    );

    const gateway = (service: string) =>
      new aws.ec2.VpcEndpoint(
        `${name}-${service}`,
        {
          vpcId: args.vpcId,
          serviceName: serviceName(service),
          vpcEndpointType: "Gateway",
          routeTableIds: args.routeTableIds,
          tags: { Name: `${name}-${service}` },
        },
        child,
      );
    this.s3 = gateway("s3");
    this.dynamodb = gateway("dynamodb");
    this.s3PrefixListId = this.s3.prefixListId;
    this.dynamodbPrefixListId = this.dynamodb.prefixListId;

    for (const service of args.interfaceServices ?? PLATFORM_INTERFACE_ENDPOINTS) {
      this.interfaces[service] = new aws.ec2.VpcEndpoint(
        `${name}-${service}`,
        {
          vpcId: args.vpcId,
          serviceName: serviceName(service),
          vpcEndpointType: "Interface",
          privateDnsEnabled: true,
          subnetIds: args.subnetIds,
          securityGroupIds: [this.securityGroup.id],
          tags: { Name: `${name}-${service}` },
        },
        child,
      );
    }
    this.registerOutputs({ s3PrefixListId: this.s3PrefixListId, securityGroupId: this.securityGroup.id });
  }
}
