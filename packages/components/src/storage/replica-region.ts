import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { serviceTrust } from "../ingestion/log-group";
import { PlatformKey } from "../security/platform-key";
import { type PolicyStatement, policyJson, viaService } from "../security/policy";
import { SecureBucket } from "./secure-bucket";

export interface ReplicaRegionArgs {
  /** The second region, e.g. `eu-central-1`; must differ from the stack's. */
  region: string;
  /** Prefix of the key alias, role and log bucket names, e.g. `lakehouse-prod`. */
  namePrefix: string;
  /** Globally unique suffix of the replica log bucket's name, e.g. the account id. */
  bucketNameSuffix: pulumi.Input<string>;
  /** Days the replica buckets' own access logs are kept. @default 365 */
  accessLogExpirationDays?: number;
  /** Protect and retain the key and buckets. @default true */
  retain?: boolean;
}

export interface ReplicationSource {
  bucket: SecureBucket;
  /** Key encrypting the source objects (SSE-KMS). */
  kmsKeyArn: pulumi.Input<string>;
  /** Region of the source bucket. */
  sourceRegion: pulumi.Input<string>;
}

/**
 * The replication role's statements, per AWS's "Setting up permissions for live replication" and
 * "Replicating encrypted objects": read the source's replication config and object versions,
 * replicate into the replica only, decrypt with the source key through S3 in the source region
 * and encrypt with the replica key through S3 in the replica region, each bound to its bucket's
 * encryption context (the bucket ARN with an S3 Bucket Key, the object ARN without).
 */
export function replicationStatements(args: {
  sourceBucketArn: string;
  replicaBucketArn: string;
  sourceKeyArn: string;
  replicaKeyArn: string;
  sourceRegion: string;
  replicaRegion: string;
}): PolicyStatement[] {
  const context = (arn: string) => ({ "kms:EncryptionContext:aws:s3:arn": [arn, `${arn}/*`] });
  return [
    {
      Sid: "ReadReplicationConfiguration",
      Effect: "Allow",
      Action: ["s3:GetReplicationConfiguration", "s3:ListBucket"],
      Resource: args.sourceBucketArn,
    },
    {
      Sid: "ReadSourceVersions",
      Effect: "Allow",
      Action: ["s3:GetObjectVersionForReplication", "s3:GetObjectVersionAcl", "s3:GetObjectVersionTagging"],
      Resource: `${args.sourceBucketArn}/*`,
    },
    {
      Sid: "WriteReplica",
      Effect: "Allow",
      Action: ["s3:ReplicateObject", "s3:ReplicateDelete", "s3:ReplicateTags"],
      Resource: `${args.replicaBucketArn}/*`,
    },
    {
      Sid: "DecryptSource",
      Effect: "Allow",
      Action: "kms:Decrypt",
      Resource: args.sourceKeyArn,
      Condition: {
        StringEquals: { "kms:ViaService": viaService("s3", args.sourceRegion) },
        StringLike: context(args.sourceBucketArn),
      },
    },
    {
      Sid: "EncryptReplica",
      Effect: "Allow",
      Action: ["kms:Encrypt", "kms:GenerateDataKey"],
      Resource: args.replicaKeyArn,
      Condition: {
        StringEquals: { "kms:ViaService": viaService("s3", args.replicaRegion) },
        StringLike: context(args.replicaBucketArn),
      },
    },
  ];
}

/**
 * A second region that holds a copy of the stack's data buckets: its own KMS key, its own
 * access-log bucket, and per replicated bucket a secured, versioned replica, a replication role
 * that may do only that, and the bucket's replication configuration (every object, delete
 * markers included, SSE-KMS objects re-encrypted with the replica key).
 */
export class ReplicaRegion extends pulumi.ComponentResource {
  readonly key: PlatformKey;
  readonly logs: SecureBucket;
  private readonly args: ReplicaRegionArgs;

  constructor(name: string, args: ReplicaRegionArgs, opts?: pulumi.ComponentResourceOptions) {
    super("lakehouse:storage:ReplicaRegion", name, {}, opts);
    this.args = args;
    const retain = args.retain ?? true;
    this.key = new PlatformKey(
      `${name}-key`,
      {
        description: `${args.namePrefix}: replicas of the data buckets in ${args.region}`,
        aliasName: `${args.namePrefix}-replica`,
        viaServices: ["s3"],
        region: args.region,
        retain,
      },
      { parent: this },
    );
    this.logs = new SecureBucket(
      `${name}-logs`,
      {
        bucketName: pulumi.interpolate`${args.namePrefix}-replica-logs-${args.bucketNameSuffix}`,
        accessLogTarget: {
          sourceAccountId: aws.getCallerIdentityOutput({}, { parent: this }).accountId,
          sourceBucketNamePrefix: `${args.namePrefix}-`,
        },
        lifecycle: {
          expirationDays: args.accessLogExpirationDays ?? 365,
          abortIncompleteMultipartUploadDays: 7,
        },
        region: args.region,
        retain,
      },
      { parent: this },
    );
    this.registerOutputs({ keyArn: this.key.arn });
  }

  /** Replicates `source` into a replica bucket named `<source name>-<region>`; returns the replica. */
  replicate(name: string, source: ReplicationSource): SecureBucket {
    const region = this.args.region;
    const parent = { parent: this };
    if (!source.bucket.versioning) {
      throw new Error(
        `ReplicaRegion: bucket "${name}" is not versioned; S3 replicates only versioned buckets`,
      );
    }
    const replica = new SecureBucket(
      `${name}-replica`,
      {
        bucketName: pulumi.interpolate`${source.bucket.bucketName}-${region}`,
        kmsKeyArn: this.key.arn,
        accessLogs: { bucket: this.logs.bucketName, prefix: `${name}/` },
        versioned: true,
        region,
        retain: this.args.retain ?? true,
      },
      parent,
    );
    const role = new aws.iam.Role(
      `${name}-replication`,
      {
        name: `${this.args.namePrefix}-${name}-replication`,
        description: `S3 replication of ${name} to ${region}`,
        assumeRolePolicy: aws
          .getCallerIdentityOutput({}, parent)
          .accountId.apply((a) => JSON.stringify(serviceTrust("s3.amazonaws.com", a))),
      },
      parent,
    );
    const policy = new aws.iam.RolePolicy(
      `${name}-replication`,
      {
        role: role.name,
        name: "replicate-to-replica-region",
        policy: policyJson(
          pulumi
            .all([source.bucket.arn, replica.arn, source.kmsKeyArn, this.key.arn, source.sourceRegion])
            .apply(([sourceBucketArn, replicaBucketArn, sourceKeyArn, replicaKeyArn, sourceRegion]) =>
              replicationStatements({
                sourceBucketArn,
                replicaBucketArn,
                sourceKeyArn,
                replicaKeyArn,
                sourceRegion,
                replicaRegion: region,
              }),
            ),
        ),
      },
      parent,
    );
    new aws.s3.BucketReplicationConfig(
      `${name}-replication`,
      {
        bucket: source.bucket.bucket.id,
        role: role.arn,
        rules: [
          {
            id: "replica-region",
            status: "Enabled",
            // A filter makes this a V2 rule, which must say whether delete markers replicate.
            filter: {},
            deleteMarkerReplication: { status: "Enabled" },
            sourceSelectionCriteria: { sseKmsEncryptedObjects: { status: "Enabled" } },
            destination: {
              bucket: replica.arn,
              storageClass: "STANDARD",
              encryptionConfiguration: { replicaKmsKeyId: this.key.arn },
            },
          },
        ],
      },
      // S3 refuses a replication configuration until both buckets are versioned.
      {
        parent: this,
        dependsOn: [policy, source.bucket.versioning, ...(replica.versioning ? [replica.versioning] : [])],
      },
    );
    return replica;
  }
}
