import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { type PolicyStatement, policyJson } from "../security/policy";
import { BucketGrants, type GrantKind } from "./bucket-grants";
import { type LifecyclePolicy, lifecycleRules } from "./lifecycle";

/** Where a bucket's S3 server access logs go. */
export interface AccessLogDestination {
  /** Name of the log bucket (itself a `SecureBucket` with `accessLogTarget`). */
  bucket: pulumi.Input<string>;
  /** Key prefix of this bucket's log objects, e.g. `raw/`. */
  prefix: string;
}

/** Makes the bucket the destination of S3 server access logs of the account's buckets. */
export interface AccessLogTarget {
  /** Account whose buckets deliver logs here (`aws:SourceAccount`). */
  sourceAccountId: pulumi.Input<string>;
  /** Only buckets whose name starts with this may deliver (`aws:SourceArn`), e.g. `lakehouse-prod-`. */
  sourceBucketNamePrefix: string;
}

export interface SecureBucketArgs {
  /** Physical bucket name (deterministic, so other stacks and policies can name it). */
  bucketName: pulumi.Input<string>;
  /**
   * Customer-managed KMS key for SSE-KMS with an S3 bucket key. Required unless the bucket is an
   * access-log target (S3 server access logging only delivers to SSE-S3 buckets).
   * @default undefined
   */
  kmsKeyArn?: pulumi.Input<string>;
  /**
   * Where this bucket's server access logs go. Required unless the bucket is an access-log target
   * (a log bucket cannot log to itself without logging its own log deliveries forever).
   * @default undefined
   */
  accessLogs?: AccessLogDestination;
  /**
   * Turn this bucket into the access-log destination: SSE-S3 instead of SSE-KMS, no logging of
   * its own, and a bucket policy that lets only `logging.s3.amazonaws.com` deliver, from the
   * given account and bucket-name prefix.
   * @default undefined
   */
  accessLogTarget?: AccessLogTarget;
  /** Keep every object version (raw and refined zones). @default false */
  versioned?: boolean;
  /** Lifecycle rules. @default { abortIncompleteMultipartUploadDays: 7 } */
  lifecycle?: LifecyclePolicy;
  /** Protect the bucket, retain it on delete and refuse force-destroy (prod). @default true */
  retain?: boolean;
  /** Statements appended to the bucket policy, e.g. a service principal that writes one prefix. @default [] */
  additionalPolicyStatements?: PolicyStatement[];
  /** Region of the bucket and its companions (a replica's). @default the provider's region */
  region?: string;
}

/**
 * An S3 bucket that is secure without asking: SSE-KMS with a bucket key (or SSE-S3 for the
 * access-log target only), all four public-access blocks, BucketOwnerEnforced (no ACLs), a policy
 * denying non-TLS requests and uploads that ask for another key or encryption type, server access
 * logging, optional versioning, lifecycle rules and retention.
 */
export class SecureBucket extends pulumi.ComponentResource {
  readonly bucket: aws.s3.Bucket;
  readonly bucketName: pulumi.Output<string>;
  readonly arn: pulumi.Output<string>;
  readonly kmsKeyArn: pulumi.Output<string> | undefined;
  readonly policy: aws.s3.BucketPolicy;
  /** Set when `versioned`: replication needs versioning on before it is configured. */
  readonly versioning?: aws.s3.BucketVersioning;
  private readonly grants: BucketGrants;

  constructor(name: string, args: SecureBucketArgs, opts?: pulumi.ComponentResourceOptions) {
    super("lakehouse:storage:SecureBucket", name, {}, opts);
    const isLogTarget = args.accessLogTarget !== undefined;
    if (isLogTarget === (args.kmsKeyArn !== undefined)) {
      throw new Error(
        `SecureBucket "${name}": set exactly one of kmsKeyArn (data buckets) and accessLogTarget (the access-log bucket)`,
      );
    }
    if (!isLogTarget && args.accessLogs === undefined) {
      throw new Error(
        `SecureBucket "${name}": accessLogs is required for every bucket but the access-log target`,
      );
    }
    const retain = args.retain ?? true;
    const child = { parent: this };
    // @pulumi/aws 7: every regional resource takes `region`; undefined keeps the provider's.
    const region = args.region;

    this.bucket = new aws.s3.Bucket(
      name,
      { bucket: args.bucketName, forceDestroy: !retain, objectLockEnabled: false, region },
      { parent: this, ...(retain ? { protect: true, retainOnDelete: true } : {}) },
    );
    const bucketId = this.bucket.id;
    this.bucketName = this.bucket.bucket;
    this.arn = this.bucket.arn;
    this.kmsKeyArn = args.kmsKeyArn === undefined ? undefined : pulumi.output(args.kmsKeyArn);

    const publicAccess = new aws.s3.BucketPublicAccessBlock(
      name,
      {
        bucket: bucketId,
        region,
        blockPublicAcls: true,
        blockPublicPolicy: true,
        ignorePublicAcls: true,
        restrictPublicBuckets: true,
      },
      child,
    );
    new aws.s3.BucketOwnershipControls(
      name,
      { bucket: bucketId, region, rule: { objectOwnership: "BucketOwnerEnforced" } },
      child,
    );
    new aws.s3.BucketServerSideEncryptionConfiguration(
      name,
      {
        bucket: bucketId,
        region,
        rules: [
          args.kmsKeyArn !== undefined
            ? {
                applyServerSideEncryptionByDefault: {
                  sseAlgorithm: "aws:kms",
                  kmsMasterKeyId: args.kmsKeyArn,
                },
                bucketKeyEnabled: true,
              }
            : { applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } },
        ],
      },
      child,
    );
    const versioned = args.versioned ?? false;
    if (versioned) {
      this.versioning = new aws.s3.BucketVersioning(
        name,
        { bucket: bucketId, region, versioningConfiguration: { status: "Enabled" } },
        child,
      );
    }
    new aws.s3.BucketLifecycleConfiguration(
      name,
      {
        bucket: bucketId,
        region,
        rules: lifecycleRules(args.lifecycle ?? { abortIncompleteMultipartUploadDays: 7 }),
      },
      child,
    );
    if (args.accessLogs !== undefined) {
      new aws.s3.BucketLogging(
        name,
        {
          bucket: bucketId,
          region,
          targetBucket: args.accessLogs.bucket,
          targetPrefix: args.accessLogs.prefix,
        },
        child,
      );
    }

    const statements = pulumi
      .all([this.arn, args.kmsKeyArn, args.accessLogTarget?.sourceAccountId])
      .apply(([arn, keyArn, sourceAccount]) =>
        bucketPolicyStatements(
          arn,
          keyArn,
          args.accessLogTarget && sourceAccount !== undefined
            ? {
                sourceAccountId: sourceAccount,
                sourceBucketNamePrefix: args.accessLogTarget.sourceBucketNamePrefix,
              }
            : undefined,
        ),
      );
    // After the public-access block: S3 rejects policies while it is being (re)applied.
    const allStatements = pulumi
      .all([statements, pulumi.output(args.additionalPolicyStatements ?? [])])
      .apply(([own, extra]) => [...own, ...extra] as PolicyStatement[]);
    this.policy = new aws.s3.BucketPolicy(
      name,
      { bucket: bucketId, region, policy: policyJson(allStatements) },
      { parent: this, dependsOn: [publicAccess] },
    );

    this.grants = new BucketGrants(name, { bucketArn: this.arn, kmsKeyArn: this.kmsKeyArn }, this);
    this.registerOutputs({ bucketName: this.bucketName, arn: this.arn });
  }

  /** Lets `role` read objects under `prefix` (the whole bucket when omitted). */
  grantRead(role: aws.iam.Role, prefix?: string): aws.iam.RolePolicy {
    return this.grants.grantRead(role, prefix);
  }

  /** Lets `role` put objects under `prefix`, and nothing else. */
  grantWrite(role: aws.iam.Role, prefix: string): aws.iam.RolePolicy {
    return this.grants.grantWrite(role, prefix);
  }

  /** Lets `role` read, write and delete objects under `prefix` (the whole bucket when omitted). */
  grantReadWrite(role: aws.iam.Role, prefix?: string): aws.iam.RolePolicy {
    return this.grants.grantReadWrite(role, prefix);
  }

  /** The statements a grant would attach, for callers composing a policy of their own. */
  grantStatements(kind: GrantKind, prefix?: string): pulumi.Output<PolicyStatement[]> {
    return this.grants.statements(kind, prefix);
  }
}

/** The bucket policy: TLS only; on SSE-KMS buckets no other key or encryption type; log delivery on the log target. */
export function bucketPolicyStatements(
  bucketArn: string,
  kmsKeyArn: string | undefined,
  logTarget: { sourceAccountId: string; sourceBucketNamePrefix: string } | undefined,
): PolicyStatement[] {
  const objects = `${bucketArn}/*`;
  const statements: PolicyStatement[] = [
    {
      Sid: "DenyInsecureTransport",
      Effect: "Deny",
      Principal: "*",
      Action: "s3:*",
      Resource: [bucketArn, objects],
      Condition: { Bool: { "aws:SecureTransport": "false" } },
    },
  ];
  if (kmsKeyArn !== undefined) {
    // Uploads without encryption headers get the bucket default (this key); the Null conditions
    // limit these denials to requests that name something else.
    statements.push(
      {
        Sid: "DenyOtherEncryptionTypes",
        Effect: "Deny",
        Principal: "*",
        Action: "s3:PutObject",
        Resource: objects,
        Condition: {
          StringNotEquals: { "s3:x-amz-server-side-encryption": "aws:kms" },
          Null: { "s3:x-amz-server-side-encryption": "false" },
        },
      },
      {
        Sid: "DenyOtherKmsKeys",
        Effect: "Deny",
        Principal: "*",
        Action: "s3:PutObject",
        Resource: objects,
        Condition: {
          StringNotEquals: { "s3:x-amz-server-side-encryption-aws-kms-key-id": kmsKeyArn },
          Null: { "s3:x-amz-server-side-encryption-aws-kms-key-id": "false" },
        },
      },
    );
  }
  if (logTarget !== undefined) {
    statements.push({
      Sid: "AllowS3ServerAccessLogDelivery",
      Effect: "Allow",
      Principal: { Service: "logging.s3.amazonaws.com" },
      Action: "s3:PutObject",
      Resource: objects,
      Condition: {
        StringEquals: { "aws:SourceAccount": logTarget.sourceAccountId },
        ArnLike: { "aws:SourceArn": `arn:aws:s3:::${logTarget.sourceBucketNamePrefix}*` },
      },
    });
  }
  return statements;
}
