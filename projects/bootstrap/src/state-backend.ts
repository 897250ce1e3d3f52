import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

export interface StateBackendArgs {
  /** `lakehouse-<env>` */
  namePrefix: string;
  accountId: string;
  /** Days old versions of state objects are kept. */
  noncurrentVersionDays: number;
}

/**
 * The Pulumi state bucket every layer's stacks live in (PULUMI_BACKEND_URL=s3://...), and the KMS
 * key for Pulumi secrets (`--secrets-provider awskms://...`). Both are always protected: losing
 * them loses every stack.
 */
export class StateBackend extends pulumi.ComponentResource {
  readonly bucket: aws.s3.Bucket;
  readonly stateKey: aws.kms.Key;
  readonly secretsKey: aws.kms.Key;
  readonly accessLogs: aws.s3.Bucket;

  constructor(name: string, args: StateBackendArgs, opts?: pulumi.ComponentResourceOptions) {
    super("lakehouse:bootstrap:StateBackend", name, {}, opts);
    const keep = { parent: this, protect: true, retainOnDelete: true };
    const child = { parent: this };
    this.stateKey = new aws.kms.Key(
      `${name}-state-key`,
      {
        description: "Encrypts the Pulumi state bucket",
        enableKeyRotation: true,
        deletionWindowInDays: 30,
      },
      keep,
    );
    this.secretsKey = new aws.kms.Key(
      `${name}-secrets-key`,
      {
        description: "Pulumi secrets provider of the lakehouse stacks",
        enableKeyRotation: true,
        deletionWindowInDays: 30,
      },
      keep,
    );
    new aws.kms.Alias(
      `${name}-secrets-alias`,
      { name: `alias/${args.namePrefix}-pulumi-secrets`, targetKeyId: this.secretsKey.keyId },
      child,
    );

    // S3 server access logs can only be delivered to a bucket encrypted with SSE-S3, not SSE-KMS.
    this.accessLogs = new aws.s3.Bucket(
      `${name}-access-logs`,
      { bucket: `${args.namePrefix}-pulumi-state-logs-${args.accountId}` },
      keep,
    );
    this.lockDown(`${name}-access-logs`, this.accessLogs, { sseAlgorithm: "AES256" });
    new aws.s3.BucketLifecycleConfiguration(
      `${name}-access-logs-lifecycle`,
      {
        bucket: this.accessLogs.id,
        rules: [{ id: "expire-access-logs", status: "Enabled", filter: {}, expiration: { days: 365 } }],
      },
      child,
    );

    this.bucket = new aws.s3.Bucket(
      `${name}-bucket`,
      { bucket: `${args.namePrefix}-pulumi-state-${args.accountId}` },
      keep,
    );
    this.lockDown(`${name}-bucket`, this.bucket, {
      sseAlgorithm: "aws:kms",
      kmsMasterKeyId: this.stateKey.arn,
    });
    new aws.s3.BucketVersioning(
      `${name}-versioning`,
      {
        bucket: this.bucket.id,
        versioningConfiguration: { status: "Enabled" },
      },
      child,
    );
    new aws.s3.BucketLogging(
      `${name}-logging`,
      {
        bucket: this.bucket.id,
        targetBucket: this.accessLogs.id,
        targetPrefix: "state/",
      },
      child,
    );
    new aws.s3.BucketLifecycleConfiguration(
      `${name}-lifecycle`,
      {
        bucket: this.bucket.id,
        rules: [
          {
            id: "expire-old-state-versions",
            status: "Enabled",
            filter: {},
            noncurrentVersionExpiration: { noncurrentDays: args.noncurrentVersionDays },
            abortIncompleteMultipartUpload: { daysAfterInitiation: 7 },
          },
        ],
      },
      child,
    );
    this.registerOutputs({ bucket: this.bucket.bucket, secretsKeyArn: this.secretsKey.arn });
  }

  /** Encryption, all four public-access blocks, owner-enforced objects and a TLS-only policy. */
  private lockDown(
    name: string,
    bucket: aws.s3.Bucket,
    encryption: { sseAlgorithm: string; kmsMasterKeyId?: pulumi.Input<string> },
  ): void {
    const child = { parent: this };
    new aws.s3.BucketServerSideEncryptionConfiguration(
      `${name}-sse`,
      {
        bucket: bucket.id,
        rules: [
          {
            applyServerSideEncryptionByDefault: encryption,
            bucketKeyEnabled: encryption.sseAlgorithm === "aws:kms",
          },
        ],
      },
      child,
    );
    const block = new aws.s3.BucketPublicAccessBlock(
      `${name}-public-access`,
      {
        bucket: bucket.id,
        blockPublicAcls: true,
        blockPublicPolicy: true,
        ignorePublicAcls: true,
        restrictPublicBuckets: true,
      },
      child,
    );
    new aws.s3.BucketOwnershipControls(
      `${name}-ownership`,
      {
        bucket: bucket.id,
        rule: { objectOwnership: "BucketOwnerEnforced" },
      },
      child,
    );
    new aws.s3.BucketPolicy(
      `${name}-policy`,
      {
        bucket: bucket.id,
        policy: pulumi.jsonStringify({
          Version: "2012-10-17",
          Statement: [
            {
              Sid: "DenyInsecureTransport",
              Effect: "Deny",
              Principal: "*",
              Action: "s3:*",
              Resource: [bucket.arn, pulumi.interpolate`${bucket.arn}/*`],
              Condition: { Bool: { "aws:SecureTransport": "false" } },
            },
          ],
        }),
      },
      { parent: this, dependsOn: [block] },
    );
  }
}
