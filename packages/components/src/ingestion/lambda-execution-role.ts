import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { type PolicyStatement, policyJson } from "../security/policy";
import { encryptedLogGroup, serviceTrust } from "./log-group";

export interface LambdaExecutionRoleArgs {
  /** The function's physical name: the role's name, and the log group `/aws/lambda/<name>`. */
  functionName: pulumi.Input<string>;
  /** Encrypts the log group. */
  kmsKeyArn: pulumi.Input<string>;
  /** @default 30 */
  logRetentionDays?: number;
  /** Name of the role's inline policy. */
  policyName: string;
  /**
   * What the function itself does, given the stack's region (for `kms:ViaService` conditions).
   * Writing its own log streams and X-Ray traces is added here, in every role.
   */
  statements: (region: string) => PolicyStatement[];
  /**
   * The component that owned this role, log group and policy before this helper existed: they
   * keep their URNs through `aliases` naming it as their former parent (no delete and create).
   * @default none (a function that never had them elsewhere)
   */
  formerParent?: pulumi.Resource;
}

/**
 * A Lambda function's execution role with what every function here needs: a role only Lambda
 * may assume, an encrypted log group with retention, and one inline policy that lets it write
 * its log streams and traces besides its own statements. Children are named `<name>-role`,
 * `<name>-role-policy` and `<name>-logs`.
 */
export class LambdaExecutionRole extends pulumi.ComponentResource {
  readonly role: aws.iam.Role;
  /** The role's inline policy: a function depends on it, so its first invocation has its rights. */
  readonly policy: aws.iam.RolePolicy;
  readonly logGroup: aws.cloudwatch.LogGroup;

  constructor(name: string, args: LambdaExecutionRoleArgs, opts?: pulumi.ComponentResourceOptions) {
    super("lakehouse:ingestion:LambdaExecutionRole", name, {}, opts);
    const aliases = args.formerParent ? [{ parent: args.formerParent }] : undefined;
    const region = aws.getRegionOutput({}, { parent: this }).region;
    this.logGroup = encryptedLogGroup(
      `${name}-logs`,
      {
        name: pulumi.interpolate`/aws/lambda/${args.functionName}`,
        kmsKeyArn: args.kmsKeyArn,
        retentionInDays: args.logRetentionDays ?? 30,
      },
      this,
      aliases,
    );
    this.role = new aws.iam.Role(
      `${name}-role`,
      { name: args.functionName, assumeRolePolicy: JSON.stringify(serviceTrust("lambda.amazonaws.com")) },
      { parent: this, aliases },
    );
    this.policy = new aws.iam.RolePolicy(
      `${name}-role-policy`,
      {
        role: this.role.name,
        name: args.policyName,
        policy: policyJson(
          region.apply((r): PolicyStatement[] => [
            {
              Sid: "WriteLogs",
              Effect: "Allow",
              Action: ["logs:CreateLogStream", "logs:PutLogEvents"],
              Resource: pulumi.interpolate`${this.logGroup.arn}:log-stream:*`,
            },
            ...args.statements(r),
            {
              // X-Ray's trace actions take no resource ARN (Service Authorization Reference: xray).
              Sid: "WriteTraces",
              Effect: "Allow",
              Action: ["xray:PutTraceSegments", "xray:PutTelemetryRecords"],
              Resource: "*",
            },
          ]),
        ),
      },
      { parent: this, aliases },
    );
    this.registerOutputs({ roleArn: this.role.arn });
  }
}
