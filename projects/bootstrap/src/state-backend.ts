import { ReplicaRegion, SecureBucket } from "@lakehouse/components";
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

export interface StateBackendArgs {
  /** `lakehouse-<env>` */
  namePrefix: string;
  accountId: string;
  /** Days old versions of state objects are kept. */
  noncurrentVersionDays: number;
  /** Region of the state bucket (the stack's). */
  region: string;
  /** Second region holding a replica of the state bucket. @default none */
  replicaRegion?: string;
}

/**
 * The Pulumi state bucket every layer's stacks live in (PULUMI_BACKEND_URL=s3://...), and the KMS
 * key for Pulumi secrets (`--secrets-provider awskms://...`). The bucket is a SecureBucket
 * (SSE-KMS with its own key, versioned, TLS only, access logged); bucket and keys are always
 * protected, whatever the stack allows: losing them loses every stack.
 */
export class StateBackend extends pulumi.ComponentResource {
  readonly bucket: SecureBucket;
  readonly stateKey: aws.kms.Key;
  readonly secretsKey: aws.kms.Key;
  readonly accessLogs: SecureBucket;
  /** The state bucket's copy in the replica region, when one is configured. */
  readonly replica?: SecureBucket;

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
    this.accessLogs = new SecureBucket(
      `${name}-access-logs`,
      {
        bucketName: `${args.namePrefix}-pulumi-state-logs-${args.accountId}`,
        accessLogTarget: {
          sourceAccountId: args.accountId,
          sourceBucketNamePrefix: `${args.namePrefix}-pulumi-state-`,
        },
        lifecycle: { expirationDays: 365, abortIncompleteMultipartUploadDays: 7 },
      },
      child,
    );
    this.bucket = new SecureBucket(
      `${name}-state`,
      {
        bucketName: `${args.namePrefix}-pulumi-state-${args.accountId}`,
        kmsKeyArn: this.stateKey.arn,
        accessLogs: { bucket: this.accessLogs.bucketName, prefix: "state/" },
        versioned: true,
        lifecycle: {
          noncurrentVersionExpirationDays: args.noncurrentVersionDays,
          abortIncompleteMultipartUploadDays: 7,
        },
      },
      child,
    );
    if (args.replicaRegion !== undefined) {
      if (args.replicaRegion === args.region) {
        throw new Error(
          `replicaRegion "${args.replicaRegion}" is the state bucket's own region; name a second region`,
        );
      }
      const replicas = new ReplicaRegion(
        `${name}-replica`,
        {
          region: args.replicaRegion,
          namePrefix: `${args.namePrefix}-pulumi`,
          bucketNameSuffix: args.accountId,
        },
        child,
      );
      this.replica = replicas.replicate("state", {
        bucket: this.bucket,
        kmsKeyArn: this.stateKey.arn,
        sourceRegion: args.region,
      });
    }
    this.registerOutputs({ bucket: this.bucket.bucketName, secretsKeyArn: this.secretsKey.arn });
  }
}
