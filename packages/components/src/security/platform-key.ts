import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { type PolicyStatement, policyJson, viaService } from "./policy";

/** Key administration actions the account root keeps (no cryptographic use). */
export const KEY_ADMIN_ACTIONS = [
  "kms:Create*",
  "kms:Describe*",
  "kms:Enable*",
  "kms:List*",
  "kms:Put*",
  "kms:Update*",
  "kms:Revoke*",
  "kms:Disable*",
  "kms:Get*",
  "kms:Delete*",
  "kms:TagResource",
  "kms:UntagResource",
  "kms:ScheduleKeyDeletion",
  "kms:CancelKeyDeletion",
  "kms:RotateKeyOnDemand",
] as const;

/** What a principal needs to encrypt and decrypt data with the key through a service. */
export const KEY_USAGE_ACTIONS = [
  "kms:Encrypt",
  "kms:Decrypt",
  "kms:ReEncrypt*",
  "kms:GenerateDataKey*",
  "kms:DescribeKey",
] as const;

export interface PlatformKeyArgs {
  description: string;
  /** `alias/<name>` is created for the key. */
  aliasName: string;
  /**
   * Services (short names: `s3`, `glue`, `firehose`, ...) through which IAM principals of the
   * account may use the key; their IAM policies still have to grant it. Nothing else can.
   * @default [] (the key is usable only by the explicit grants below)
   */
  viaServices?: string[];
  /**
   * Log-group name prefixes CloudWatch Logs may encrypt with this key; the grant is bound to the
   * encryption context `aws:logs:arn` of those log groups.
   * @default [] (CloudWatch Logs may not use the key)
   */
  logGroupNamePrefixes?: string[];
  /**
   * Roles allowed to use the key directly, each only through the listed services.
   * @default []
   */
  usageRoles?: { sid: string; roleArn: pulumi.Input<string>; viaServices: string[] }[];
  /** Statements appended to the key policy, e.g. a service principal such as AppFlow. @default [] */
  additionalStatements?: PolicyStatement[];
  /** @default 365 */
  rotationPeriodInDays?: number;
  /** @default 30 */
  deletionWindowInDays?: number;
  /** Protect and retain the key (prod). @default true */
  retain?: boolean;
  /** Region of the key (a replica region's key); its policy's service conditions use it. @default the provider's region */
  region?: string;
}

/**
 * A customer-managed symmetric KMS key with yearly rotation and a key policy that names exactly
 * who may use it: the account root administers it, IAM principals may use it only through the
 * listed services (`kms:ViaService`), CloudWatch Logs only for the platform's log groups.
 */
export class PlatformKey extends pulumi.ComponentResource {
  readonly key: aws.kms.Key;
  readonly alias: aws.kms.Alias;
  readonly arn: pulumi.Output<string>;
  readonly keyId: pulumi.Output<string>;

  constructor(name: string, args: PlatformKeyArgs, opts?: pulumi.ComponentResourceOptions) {
    super("lakehouse:security:PlatformKey", name, {}, opts);
    const retain = args.retain ?? true;
    const identity = aws.getCallerIdentityOutput({}, { parent: this });
    const region = aws.getRegionOutput({}, { parent: this });
    const partition = aws.getPartitionOutput({}, { parent: this });
    const policy = pulumi
      .all([identity.accountId, args.region ?? region.region, partition.partition])
      .apply(([account, r, p]) => keyPolicyStatements(args, account, r, p));
    const allStatements = pulumi
      .all([policy, pulumi.output(args.additionalStatements ?? [])])
      .apply(([own, extra]) => [...own, ...extra] as PolicyStatement[]);

    this.key = new aws.kms.Key(
      name,
      {
        description: args.description,
        enableKeyRotation: true,
        rotationPeriodInDays: args.rotationPeriodInDays ?? 365,
        deletionWindowInDays: args.deletionWindowInDays ?? 30,
        keyUsage: "ENCRYPT_DECRYPT",
        customerMasterKeySpec: "SYMMETRIC_DEFAULT",
        policy: policyJson(allStatements),
        region: args.region,
      },
      { parent: this, ...(retain ? { protect: true, retainOnDelete: true } : {}) },
    );
    this.alias = new aws.kms.Alias(
      name,
      { name: `alias/${args.aliasName}`, targetKeyId: this.key.keyId, region: args.region },
      { parent: this },
    );
    this.arn = this.key.arn;
    this.keyId = this.key.keyId;
    this.registerOutputs({ arn: this.arn, keyId: this.keyId, alias: this.alias.name });
  }
}

/** The key policy statements (exported for tests and for the policy pack's expectations). */
export function keyPolicyStatements(
  args: Pick<PlatformKeyArgs, "viaServices" | "logGroupNamePrefixes" | "usageRoles">,
  account: string,
  region: string,
  partition = "aws",
): PolicyStatement[] {
  const root = `arn:${partition}:iam::${account}:root`;
  const statements: PolicyStatement[] = [
    {
      Sid: "AccountRootAdministers",
      Effect: "Allow",
      Principal: { AWS: root },
      Action: [...KEY_ADMIN_ACTIONS],
      // In a key policy "*" means "this key".
      Resource: "*",
    },
  ];
  const via = args.viaServices ?? [];
  if (via.length > 0) {
    const throughServices = {
      "kms:CallerAccount": account,
      "kms:ViaService": via.map((s) => viaService(s, region)),
    };
    statements.push(
      {
        Sid: "AccountUsesThroughPlatformServices",
        Effect: "Allow",
        Principal: { AWS: root },
        Action: [...KEY_USAGE_ACTIONS],
        Resource: "*",
        Condition: { StringEquals: throughServices },
      },
      {
        // DynamoDB, RDS, Firehose and Secrets Manager hold the key through grants of their own.
        Sid: "AccountGrantsToPlatformServices",
        Effect: "Allow",
        Principal: { AWS: root },
        Action: "kms:CreateGrant",
        Resource: "*",
        Condition: { StringEquals: throughServices, Bool: { "kms:GrantIsForAWSResource": "true" } },
      },
    );
  }
  for (const role of args.usageRoles ?? []) {
    statements.push({
      Sid: role.sid,
      Effect: "Allow",
      Principal: { AWS: role.roleArn },
      Action: [...KEY_USAGE_ACTIONS],
      Resource: "*",
      Condition: { StringEquals: { "kms:ViaService": role.viaServices.map((s) => viaService(s, region)) } },
    });
  }
  const logGroups = args.logGroupNamePrefixes ?? [];
  if (logGroups.length > 0) {
    statements.push({
      Sid: "CloudWatchLogsEncryptsPlatformLogGroups",
      Effect: "Allow",
      Principal: { Service: `logs.${region}.amazonaws.com` },
      Action: ["kms:Encrypt*", "kms:Decrypt*", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:Describe*"],
      Resource: "*",
      Condition: {
        ArnLike: {
          "kms:EncryptionContext:aws:logs:arn": logGroups.map(
            (prefix) => `arn:${partition}:logs:${region}:${account}:log-group:${prefix}*`,
          ),
        },
      },
    });
  }
  return statements;
}
