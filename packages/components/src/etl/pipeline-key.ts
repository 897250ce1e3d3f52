import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { KEY_ADMIN_ACTIONS } from "../security/platform-key";
import { type PolicyStatement, policyJson } from "../security/policy";

export interface PipelineKeyArgs {
  description: string;
  /** `alias/<name>` is created for the key. */
  aliasName: string;
  /**
   * Glue roles that encrypt job bookmarks with the key. Glue's CSE-KMS bookmark encryption
   * calls KMS from the run itself (no `kms:ViaService`), which a data key restricted to
   * service use refuses; that is why the pipeline has its own key.
   */
  bookmarkRoleArns: pulumi.Input<string>[];
  /** Log-group name prefixes CloudWatch Logs may encrypt with the key. */
  logGroupNamePrefixes: string[];
  /** Let EventBridge publish to SNS topics encrypted with the key. @default true */
  allowEventBridge?: boolean;
  /** Protect and retain the key. @default true */
  retain?: boolean;
}

/** The key policy of a pipeline key (exported for tests). */
export function pipelineKeyStatements(
  args: Pick<PipelineKeyArgs, "logGroupNamePrefixes" | "allowEventBridge">,
  roleArns: string[],
  account: string,
  region: string,
): PolicyStatement[] {
  const statements: PolicyStatement[] = [
    {
      Sid: "AccountRootAdministers",
      Effect: "Allow",
      Principal: { AWS: `arn:aws:iam::${account}:root` },
      Action: [...KEY_ADMIN_ACTIONS],
      // In a key policy "*" means "this key".
      Resource: "*",
    },
  ];
  if (roleArns.length > 0) {
    statements.push({
      Sid: "GlueRolesEncryptBookmarks",
      Effect: "Allow",
      Principal: { AWS: roleArns },
      Action: ["kms:Encrypt", "kms:Decrypt", "kms:GenerateDataKey", "kms:DescribeKey"],
      Resource: "*",
    });
  }
  statements.push({
    Sid: "CloudWatchLogsEncryptsGlueLogs",
    Effect: "Allow",
    Principal: { Service: `logs.${region}.amazonaws.com` },
    Action: ["kms:Encrypt*", "kms:Decrypt*", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:Describe*"],
    Resource: "*",
    Condition: {
      ArnLike: {
        "kms:EncryptionContext:aws:logs:arn": args.logGroupNamePrefixes.map(
          (p) => `arn:aws:logs:${region}:${account}:log-group:${p}*`,
        ),
      },
    },
  });
  if (args.allowEventBridge ?? true) {
    statements.push({
      Sid: "EventBridgePublishesToEncryptedTopics",
      Effect: "Allow",
      Principal: { Service: "events.amazonaws.com" },
      Action: ["kms:GenerateDataKey", "kms:Decrypt"],
      Resource: "*",
      Condition: { StringEquals: { "aws:SourceAccount": account } },
    });
  }
  return statements;
}

/**
 * The transformation pipeline's own customer-managed key: job bookmarks, Glue log groups and
 * the alarm topic. Data in the lake stays under the lake's data key.
 */
export class PipelineKey extends pulumi.ComponentResource {
  readonly key: aws.kms.Key;
  readonly arn: pulumi.Output<string>;

  constructor(name: string, args: PipelineKeyArgs, opts?: pulumi.ComponentResourceOptions) {
    super("lakehouse:etl:PipelineKey", name, {}, opts);
    const identity = aws.getCallerIdentityOutput({}, { parent: this });
    const region = aws.getRegionOutput({}, { parent: this });
    const policy = pulumi
      .all([pulumi.all(args.bookmarkRoleArns), identity.accountId, region.region])
      .apply(([roles, account, r]) => pipelineKeyStatements(args, roles, account, r));
    this.key = new aws.kms.Key(
      name,
      {
        description: args.description,
        enableKeyRotation: true,
        rotationPeriodInDays: 365,
        deletionWindowInDays: 30,
        policy: policyJson(policy),
      },
      { parent: this, ...((args.retain ?? true) ? { protect: true, retainOnDelete: true } : {}) },
    );
    new aws.kms.Alias(
      name,
      { name: `alias/${args.aliasName}`, targetKeyId: this.key.keyId },
      { parent: this },
    );
    this.arn = this.key.arn;
    this.registerOutputs({ arn: this.arn });
  }
}
