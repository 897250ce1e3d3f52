import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { policyJson } from "../security/policy";

export interface VpcFlowLogsArgs {
  vpcId: pulumi.Input<string>;
  /** Name of the log group, e.g. `/lakehouse/prod/network/vpc-flow-logs`. */
  logGroupName: string;
  /** KMS key the log group is encrypted with (its policy must admit CloudWatch Logs for this group). */
  kmsKeyArn: pulumi.Input<string>;
  /** Days CloudWatch keeps the records. */
  retentionInDays: number;
  /** @default "ALL" */
  trafficType?: "ACCEPT" | "REJECT" | "ALL";
  /** Aggregation interval in seconds, 60 or 600. @default 60 */
  maxAggregationInterval?: 60 | 600;
  /** Protect and retain the log group (prod). @default true */
  retain?: boolean;
}

/**
 * VPC flow logs delivered to a KMS-encrypted CloudWatch log group with a retention, through a
 * role only the flow-logs service of this account can assume and that may only write that group.
 */
export class VpcFlowLogs extends pulumi.ComponentResource {
  readonly logGroup: aws.cloudwatch.LogGroup;
  readonly role: aws.iam.Role;
  readonly flowLog: aws.ec2.FlowLog;

  constructor(name: string, args: VpcFlowLogsArgs, opts?: pulumi.ComponentResourceOptions) {
    super("lakehouse:network:VpcFlowLogs", name, {}, opts);
    const child = { parent: this };
    const retain = args.retain ?? true;
    const account = aws.getCallerIdentityOutput({}, child).accountId;
    const region = aws.getRegionOutput({}, child).region;

    this.logGroup = new aws.cloudwatch.LogGroup(
      name,
      { name: args.logGroupName, kmsKeyId: args.kmsKeyArn, retentionInDays: args.retentionInDays },
      { parent: this, ...(retain ? { protect: true, retainOnDelete: true } : {}) },
    );
    this.role = new aws.iam.Role(
      name,
      {
        description: "VPC flow logs delivery to CloudWatch Logs",
        assumeRolePolicy: policyJson(
          pulumi.all([account, region]).apply(([a, r]) => [
            {
              Sid: "FlowLogsServiceOfThisAccount",
              Effect: "Allow" as const,
              Principal: { Service: "vpc-flow-logs.amazonaws.com" },
              Action: "sts:AssumeRole",
              Condition: {
                StringEquals: { "aws:SourceAccount": a },
                ArnLike: { "aws:SourceArn": `arn:aws:ec2:${r}:${a}:vpc-flow-log/*` },
              },
            },
          ]),
        ),
      },
      child,
    );
    new aws.iam.RolePolicy(
      name,
      {
        role: this.role.name,
        policy: policyJson(
          this.logGroup.arn.apply((arn) => [
            {
              Sid: "WriteTheFlowLogGroup",
              Effect: "Allow" as const,
              Action: ["logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogStreams"],
              Resource: [arn, `${arn}:*`],
            },
          ]),
        ),
      },
      child,
    );
    this.flowLog = new aws.ec2.FlowLog(
      name,
      {
        vpcId: args.vpcId,
        trafficType: args.trafficType ?? "ALL",
        logDestinationType: "cloud-watch-logs",
        logDestination: this.logGroup.arn,
        iamRoleArn: this.role.arn,
        maxAggregationInterval: args.maxAggregationInterval ?? 60,
      },
      child,
    );
    this.registerOutputs({ logGroupName: this.logGroup.name });
  }
}
