import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

/** Athena's floor for a per-query bytes-scanned cutoff (10 MB). */
export const MIN_BYTES_SCANNED_CUTOFF = 10 * 1024 * 1024;

export interface AthenaWorkgroupArgs {
  /** Physical workgroup name. */
  name: pulumi.Input<string>;
  /** Bucket (owned by lake-storage) that holds query results. */
  resultsBucketName: pulumi.Input<string>;
  resultsBucketArn: pulumi.Input<string>;
  /** Customer-managed KMS key results are encrypted with (SSE-KMS). */
  kmsKeyArn: pulumi.Input<string>;
  /** Largest number of bytes one query may scan before Athena cancels it (>= 10 MB). */
  bytesScannedCutoffPerQuery: number;
  /**
   * Prefix of the results bucket this workgroup writes under (no leading or trailing slash).
   * @default "athena/<name>"
   */
  resultsPrefix?: pulumi.Input<string>;
  /**
   * Account that must own the results bucket; Athena refuses to write results elsewhere.
   * @default the deploying account (aws.getCallerIdentity)
   */
  expectedBucketOwner?: pulumi.Input<string>;
  /**
   * Whether deleting the workgroup also deletes its named queries and query history.
   * @default false
   */
  forceDestroy?: boolean;
  /** @default "Report queries of the lakehouse; settings enforced on every client." */
  description?: pulumi.Input<string>;
}

/**
 * An Athena workgroup (engine v3) that enforces its configuration on every client: results
 * under a per-workgroup prefix of the results bucket, SSE-KMS with the platform key, the
 * expected bucket owner checked, a bytes-scanned cutoff per query and CloudWatch metrics.
 *
 * Results expiry is a lifecycle rule of the results bucket, which lake-storage owns (a bucket
 * has exactly one BucketLifecycleConfiguration); this component deliberately creates none.
 */
export class AthenaWorkgroup extends pulumi.ComponentResource {
  readonly workgroup: aws.athena.Workgroup;
  readonly name: pulumi.Output<string>;
  readonly arn: pulumi.Output<string>;
  /** `s3://<bucket>/<prefix>/`: where every query of the workgroup writes its results. */
  readonly outputLocation: pulumi.Output<string>;
  private readonly resultsBucketArn: pulumi.Output<string>;
  private readonly resultsPrefix: pulumi.Output<string>;
  private readonly kmsKeyArn: pulumi.Output<string>;

  constructor(name: string, args: AthenaWorkgroupArgs, opts?: pulumi.ComponentResourceOptions) {
    super("lakehouse:analytics:AthenaWorkgroup", name, {}, opts);
    if (args.bytesScannedCutoffPerQuery < MIN_BYTES_SCANNED_CUTOFF) {
      throw new Error(
        `AthenaWorkgroup ${name}: bytesScannedCutoffPerQuery must be at least ${MIN_BYTES_SCANNED_CUTOFF} (Athena's minimum); got ${args.bytesScannedCutoffPerQuery}`,
      );
    }
    this.resultsPrefix = pulumi
      .output(args.resultsPrefix ?? pulumi.interpolate`athena/${args.name}`)
      .apply((p) => p.replace(/^\/+|\/+$/g, ""));
    this.resultsBucketArn = pulumi.output(args.resultsBucketArn);
    this.kmsKeyArn = pulumi.output(args.kmsKeyArn);
    this.outputLocation = pulumi.interpolate`s3://${args.resultsBucketName}/${this.resultsPrefix}/`;
    const owner = args.expectedBucketOwner ?? aws.getCallerIdentityOutput({}, { parent: this }).accountId;

    this.workgroup = new aws.athena.Workgroup(
      name,
      {
        name: args.name,
        description:
          args.description ?? "Report queries of the lakehouse; settings enforced on every client.",
        state: "ENABLED",
        forceDestroy: args.forceDestroy ?? false,
        configuration: {
          // Clients cannot override the location, encryption or cutoff below.
          enforceWorkgroupConfiguration: true,
          publishCloudwatchMetricsEnabled: true,
          bytesScannedCutoffPerQuery: args.bytesScannedCutoffPerQuery,
          engineVersion: { selectedEngineVersion: "Athena engine version 3" },
          resultConfiguration: {
            outputLocation: this.outputLocation,
            expectedBucketOwner: owner,
            encryptionConfiguration: { encryptionOption: "SSE_KMS", kmsKeyArn: args.kmsKeyArn },
            // No aclConfiguration: the results bucket is the workgroup's account's, with object
            // ownership BucketOwnerEnforced (ACLs disabled), so the owner owns every result already;
            // an ACL on each PutObject would need s3:PutObjectAcl as well (S3 API PutObject,
            // x-amz-acl; https://docs.aws.amazon.com/AmazonS3/latest/userguide/about-object-ownership.html).
          },
        },
      },
      { parent: this },
    );
    this.name = this.workgroup.name;
    this.arn = this.workgroup.arn;
    this.registerOutputs({ name: this.name, arn: this.arn, outputLocation: this.outputLocation });
  }

  /**
   * The IAM statements a principal needs to run queries in this workgroup: Athena on this
   * workgroup only, read/write of its own results prefix, and the results key.
   */
  queryStatements(): pulumi.Output<aws.types.input.iam.GetPolicyDocumentStatement[]> {
    return pulumi
      .all([this.arn, this.resultsBucketArn, this.resultsPrefix, this.kmsKeyArn])
      .apply(([workgroupArn, bucketArn, prefix, keyArn]) => [
        {
          sid: "RunQueriesInWorkgroup",
          actions: [
            "athena:GetWorkGroup",
            "athena:StartQueryExecution",
            "athena:StopQueryExecution",
            "athena:GetQueryExecution",
            "athena:GetQueryResults",
            "athena:GetQueryResultsStream",
            "athena:GetQueryRuntimeStatistics",
            "athena:ListQueryExecutions",
            "athena:BatchGetQueryExecution",
            "athena:GetNamedQuery",
            "athena:ListNamedQueries",
            "athena:BatchGetNamedQuery",
          ],
          resources: [workgroupArn],
        },
        { sid: "LocateResultsBucket", actions: ["s3:GetBucketLocation"], resources: [bucketArn] },
        {
          sid: "ListResultsPrefix",
          actions: ["s3:ListBucket"],
          resources: [bucketArn],
          conditions: [{ test: "StringLike", variable: "s3:prefix", values: [`${prefix}/*`, `${prefix}/`] }],
        },
        {
          sid: "ReadWriteResults",
          actions: ["s3:GetObject", "s3:PutObject", "s3:AbortMultipartUpload", "s3:ListMultipartUploadParts"],
          resources: [`${bucketArn}/${prefix}/*`],
        },
        {
          sid: "EncryptResults",
          actions: ["kms:GenerateDataKey", "kms:Decrypt"],
          resources: [keyArn],
        },
      ]);
  }

  /** Lets `role` run queries in this workgroup (see `queryStatements`). */
  grantQuery(name: string, role: aws.iam.Role): aws.iam.RolePolicy {
    return new aws.iam.RolePolicy(
      name,
      {
        role: role.name,
        policy: aws.iam.getPolicyDocumentOutput({ statements: this.queryStatements() }, { parent: this })
          .json,
      },
      { parent: this },
    );
  }
}
