import type { WorkerType } from "@aws-sdk/client-glue";
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

/** Glue's own job parameters this component sets; everything else in `defaultArguments` is the script's. */
export const GLUE_RESERVED_ARGUMENTS = [
  "--job-language",
  "--job-bookmark-option",
  "--enable-metrics",
  "--enable-observability-metrics",
  "--enable-glue-datacatalog",
  "--custom-logGroup-prefix",
  "--TempDir",
  "--extra-py-files",
  "--datalake-formats",
  "--conf",
] as const;

/** Where Iceberg tables live and how their files are encrypted. */
export interface IcebergCatalogOptions {
  /** Spark catalog name the SQL qualifies tables with. @default "glue_catalog" */
  catalogName?: string;
  /** `s3://bucket/prefix/` warehouse for tables created without a location. */
  warehouse: pulumi.Input<string>;
  /** Key for Iceberg's S3FileIO writes (it bypasses the Glue security configuration's S3 encryption). */
  kmsKeyArn: pulumi.Input<string>;
}

export interface GlueJobArgs {
  jobName: pulumi.Input<string>;
  description: string;
  roleArn: pulumi.Input<string>;
  /** `s3://` URI of the PySpark script. */
  scriptLocation: pulumi.Input<string>;
  /** Arguments the script reads, without the leading `--` (must not be Glue's own). */
  scriptArguments: Record<string, pulumi.Input<string>>;
  securityConfigurationName: pulumi.Input<string>;
  /** `s3://` folder for Glue's temporary files. */
  tempDir: pulumi.Input<string>;
  /** Prefix of the job's log groups: logs go to `<prefix>/output` and `<prefix>/error`. */
  logGroupPrefix: string;
  /** Key encrypting the job's log groups. */
  logKmsKeyArn: pulumi.Input<string>;
  /** @default 30 */
  logRetentionInDays?: number;
  /** Python modules shipped next to the script (`s3://` URIs). @default [] */
  extraPyFiles?: pulumi.Input<string>[];
  /** @default "G.1X" */
  workerType?: WorkerType;
  /** @default 2 */
  numberOfWorkers?: number;
  /** Minutes before a run is stopped. @default 60 */
  timeoutMinutes?: number;
  /** Automatic retries of a failed run. @default 1 */
  maxRetries?: number;
  /** Track processed input with job bookmarks. @default true */
  bookmarks?: boolean;
  /** Run with Iceberg (`--datalake-formats iceberg` and the Glue catalog as Spark catalog). @default undefined (no Iceberg) */
  iceberg?: IcebergCatalogOptions;
  /** Resource options for the log groups (e.g. protection in prod). @default {} */
  logGroupOptions?: pulumi.CustomResourceOptions;
}

/** Spark conf for an Iceberg catalog backed by the Glue Data Catalog, files SSE-KMS encrypted. */
export function icebergSparkConf(catalog: string, warehouse: string, kmsKeyArn: string): string {
  const c = `spark.sql.catalog.${catalog}`;
  return [
    "spark.sql.extensions=org.apache.iceberg.spark.extensions.IcebergSparkSessionExtensions",
    `${c}=org.apache.iceberg.spark.SparkCatalog`,
    `${c}.warehouse=${warehouse}`,
    `${c}.catalog-impl=org.apache.iceberg.aws.glue.GlueCatalog`,
    `${c}.io-impl=org.apache.iceberg.aws.s3.S3FileIO`,
    `${c}.s3.sse.type=kms`,
    `${c}.s3.sse.key=${kmsKeyArn}`,
  ].join(" --conf ");
}

/**
 * A Glue 5.0 Spark job with the platform's defaults: security configuration, KMS-encrypted log
 * groups with retention (Glue 5.0 logs in real time to `<prefix>/output|error`), job and
 * observability metrics, bookmarks, bounded runtime and retries, one concurrent run.
 */
export class GlueJob extends pulumi.ComponentResource {
  readonly job: aws.glue.Job;
  readonly name: pulumi.Output<string>;
  readonly arn: pulumi.Output<string>;
  readonly logGroups: { output: aws.cloudwatch.LogGroup; error: aws.cloudwatch.LogGroup };

  constructor(name: string, args: GlueJobArgs, opts?: pulumi.ComponentResourceOptions) {
    super("lakehouse:etl:GlueJob", name, {}, opts);
    const reserved = Object.keys(args.scriptArguments).filter((k) =>
      (GLUE_RESERVED_ARGUMENTS as readonly string[]).includes(`--${k}`),
    );
    if (reserved.length > 0)
      throw new Error(`GlueJob ${name}: script arguments use Glue's names: ${reserved}`);
    const logGroup = (kind: "output" | "error") =>
      new aws.cloudwatch.LogGroup(
        `${name}-${kind}`,
        {
          name: `${args.logGroupPrefix}/${kind}`,
          retentionInDays: args.logRetentionInDays ?? 30,
          kmsKeyId: args.logKmsKeyArn,
        },
        { parent: this, ...args.logGroupOptions },
      );
    this.logGroups = { output: logGroup("output"), error: logGroup("error") };

    const extraPyFiles = args.extraPyFiles ?? [];
    const iceberg = args.iceberg;
    const icebergArgs: Record<string, pulumi.Input<string>> = iceberg
      ? {
          "--datalake-formats": "iceberg",
          "--conf": pulumi
            .all([iceberg.warehouse, iceberg.kmsKeyArn])
            .apply(([w, k]) => icebergSparkConf(iceberg.catalogName ?? "glue_catalog", w, k)),
        }
      : {};
    const defaultArguments: Record<string, pulumi.Input<string>> = {
      "--job-language": "python",
      "--job-bookmark-option": (args.bookmarks ?? true) ? "job-bookmark-enable" : "job-bookmark-disable",
      "--enable-metrics": "true",
      "--enable-observability-metrics": "true",
      "--enable-glue-datacatalog": "true",
      "--custom-logGroup-prefix": args.logGroupPrefix,
      "--TempDir": args.tempDir,
      ...(extraPyFiles.length > 0
        ? { "--extra-py-files": pulumi.all(extraPyFiles).apply((f) => f.join(",")) }
        : {}),
      ...icebergArgs,
      ...Object.fromEntries(Object.entries(args.scriptArguments).map(([k, v]) => [`--${k}`, v])),
    };
    this.job = new aws.glue.Job(
      name,
      {
        name: args.jobName,
        description: args.description,
        roleArn: args.roleArn,
        glueVersion: "5.0",
        command: { name: "glueetl", scriptLocation: args.scriptLocation, pythonVersion: "3" },
        workerType: args.workerType ?? "G.1X",
        numberOfWorkers: args.numberOfWorkers ?? 2,
        timeout: args.timeoutMinutes ?? 60,
        maxRetries: args.maxRetries ?? 1,
        executionProperty: { maxConcurrentRuns: 1 },
        securityConfiguration: args.securityConfigurationName,
        defaultArguments,
      },
      { parent: this, dependsOn: [this.logGroups.output, this.logGroups.error] },
    );
    this.name = this.job.name;
    this.arn = this.job.arn;
    this.registerOutputs({ name: this.name, arn: this.arn });
  }
}
