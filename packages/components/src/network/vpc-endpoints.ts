import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

/**
 * Interface endpoints something in the VPC calls. Only DMS Serverless and Aurora run in the VPC
 * (the Lambda functions and the Glue jobs and crawlers do not): Aurora calls no AWS API from its
 * subnets, and a DMS Serverless replication reaches its dependencies only through VPC endpoints,
 * here S3 (gateway endpoint) for the target and Secrets Manager for the source endpoint's secret
 * ("Serverless replications need to access dependencies by using VPC endpoints",
 * https://docs.aws.amazon.com/dms/latest/userguide/CHAP_Serverless.Limitations.html). The S3
 * target's SSE-KMS and the secret's decryption are KMS calls S3 and Secrets Manager make, not
 * DMS. Each interface endpoint bills per AZ-hour (README "Cost"), so none is created for nobody.
 */
export const PLATFORM_INTERFACE_ENDPOINTS = ["secretsmanager"] as const;

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
