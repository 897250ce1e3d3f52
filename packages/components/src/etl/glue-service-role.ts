import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { type PolicyStatement, policyJson } from "../security/policy";

/** What reading catalog metadata (databases, tables, partitions) takes. */
const CATALOG_READ_ACTIONS = [
  "glue:GetDatabase",
  "glue:GetTable",
  "glue:GetTables",
  "glue:GetPartition",
  "glue:GetPartitions",
  "glue:BatchGetPartition",
] as const;

export interface GlueServiceRoleArgs {
  /** Physical role name. */
  roleName: pulumi.Input<string>;
  description: string;
  /** Account the trust policy pins `aws:SourceAccount` to (confused-deputy protection). */
  accountId: pulumi.Input<string>;
  region: pulumi.Input<string>;
}

/** A Glue catalog object a grant names: the catalog itself, a database, or tables of a database. */
export interface CatalogScope {
  database: pulumi.Input<string>;
  /** Table names; `["*"]` for every table of the database. */
  tables: pulumi.Input<string>[];
}

/** `s3://bucket/prefix` access: objects below `prefixes` of the bucket only. */
export interface PrefixScope {
  bucketArn: pulumi.Input<string>;
  prefixes: pulumi.Input<string>[];
}

/**
 * An IAM role assumed by AWS Glue (jobs, crawlers, table optimizers), with grant methods that
 * each add one inline policy built from typed statements. Nothing is granted by default except
 * what every Glue run needs to report itself: Glue metrics (namespace-scoped) and its own log
 * groups under `/aws-glue/`.
 */
export class GlueServiceRole extends pulumi.ComponentResource {
  readonly role: aws.iam.Role;
  readonly arn: pulumi.Output<string>;
  readonly roleName: pulumi.Output<string>;
  private readonly logicalName: string;
  private readonly args: GlueServiceRoleArgs;

  constructor(name: string, args: GlueServiceRoleArgs, opts?: pulumi.ComponentResourceOptions) {
    super("lakehouse:etl:GlueServiceRole", name, {}, opts);
    this.logicalName = name;
    this.args = args;
    this.role = new aws.iam.Role(
      name,
      {
        name: args.roleName,
        description: args.description,
        assumeRolePolicy: policyJson([
          {
            Sid: "GlueAssumesRole",
            Effect: "Allow",
            Action: "sts:AssumeRole",
            Principal: { Service: "glue.amazonaws.com" },
            Condition: pulumi
              .output(args.accountId)
              .apply((account) => ({ StringEquals: { "aws:SourceAccount": account } })),
          },
        ]),
      },
      { parent: this },
    );
    this.arn = this.role.arn;
    this.roleName = this.role.name;
    this.addPolicy("observability", [
      {
        // PutMetricData has no resource-level permissions: the namespace condition scopes it.
        Sid: "GlueMetrics",
        Effect: "Allow",
        Action: "cloudwatch:PutMetricData",
        Resource: "*",
        Condition: { StringEquals: { "cloudwatch:namespace": "Glue" } },
      },
      {
        Sid: "GlueLogs",
        Effect: "Allow",
        Action: ["logs:CreateLogGroup", "logs:CreateLogStream", "logs:PutLogEvents", "logs:AssociateKmsKey"],
        Resource: this.arnOf("logs", "log-group:/aws-glue/*"),
      },
    ]);
    this.registerOutputs({ arn: this.arn });
  }

  /** Read objects below the given prefixes (list limited to them). */
  grantS3Read(id: string, scope: PrefixScope): aws.iam.RolePolicy {
    return this.addPolicy(`s3-read-${id}`, this.s3Statements(scope, false));
  }

  /** Read, write and delete objects below the given prefixes (Spark commits and Iceberg rewrites delete). */
  grantS3ReadWrite(id: string, scope: PrefixScope): aws.iam.RolePolicy {
    return this.addPolicy(`s3-write-${id}`, this.s3Statements(scope, true));
  }

  /**
   * Use of a customer-managed key for data the role reads and writes through S3, Glue and CloudWatch
   * Logs. Encrypt too: writes to a Data Catalog encrypted with the key call it
   * (https://docs.aws.amazon.com/glue/latest/dg/encrypt-glue-data-catalog.html).
   */
  grantKeyUse(id: string, keyArn: pulumi.Input<string>): aws.iam.RolePolicy {
    return this.addPolicy(`kms-${id}`, [
      {
        Sid: "UseDataKey",
        Effect: "Allow",
        Action: ["kms:Decrypt", "kms:Encrypt", "kms:GenerateDataKey", "kms:DescribeKey"],
        Resource: keyArn,
      },
    ]);
  }

  /** Read catalog metadata (databases, tables, partitions) of the given scopes. */
  grantCatalogRead(id: string, scopes: CatalogScope[]): aws.iam.RolePolicy {
    return this.addPolicy(`catalog-read-${id}`, [
      {
        Sid: "ReadCatalog",
        Effect: "Allow",
        Action: [...CATALOG_READ_ACTIONS],
        Resource: this.catalogResources(scopes),
      },
    ]);
  }

  /**
   * Change catalog metadata of the given scopes: create and update tables and partitions.
   * Deleting tables is never granted.
   */
  grantCatalogWrite(
    id: string,
    scopes: CatalogScope[],
    options: { createTables: boolean },
  ): aws.iam.RolePolicy {
    return this.addPolicy(`catalog-write-${id}`, [
      {
        Sid: "ReadCatalog",
        Effect: "Allow",
        Action: [...CATALOG_READ_ACTIONS],
        Resource: this.catalogResources(scopes),
      },
      {
        Sid: "WriteCatalog",
        Effect: "Allow",
        Action: [
          // Crawlers create tables and their partition indexes (CreatePartitionIndex in their configuration).
          ...(options.createTables ? ["glue:CreateTable", "glue:CreatePartitionIndex"] : []),
          "glue:UpdateTable",
          "glue:CreatePartition",
          "glue:BatchCreatePartition",
          "glue:UpdatePartition",
          "glue:BatchUpdatePartition",
        ],
        Resource: this.catalogResources(scopes),
      },
    ]);
  }

  /** Temporary credentials from Lake Formation for registered locations (no resource-level permissions exist). */
  grantLakeFormationDataAccess(): aws.iam.RolePolicy {
    return this.addPolicy("lakeformation", [
      {
        Sid: "LakeFormationCredentials",
        Effect: "Allow",
        Action: "lakeformation:GetDataAccess",
        Resource: "*",
      },
    ]);
  }

  /** Write to the given log groups (custom job log groups outside `/aws-glue/`). */
  grantLogWrite(id: string, logGroupArns: pulumi.Input<string>[]): aws.iam.RolePolicy {
    return this.addPolicy(`logs-${id}`, [
      {
        Sid: "WriteLogs",
        Effect: "Allow",
        Action: ["logs:CreateLogStream", "logs:PutLogEvents", "logs:AssociateKmsKey"],
        Resource: logGroupArns.map((arn) => pulumi.interpolate`${arn}:*`),
      },
    ]);
  }

  private arnOf(service: string, resource: pulumi.Input<string>): pulumi.Output<string> {
    return pulumi.interpolate`arn:aws:${service}:${this.args.region}:${this.args.accountId}:${resource}`;
  }

  private catalogResources(scopes: CatalogScope[]): pulumi.Input<string>[] {
    return [
      this.arnOf("glue", "catalog"),
      ...scopes.flatMap((s) => [
        this.arnOf("glue", pulumi.interpolate`database/${s.database}`),
        ...s.tables.map((t) => this.arnOf("glue", pulumi.interpolate`table/${s.database}/${t}`)),
      ]),
    ];
  }

  private s3Statements(scope: PrefixScope, write: boolean): PolicyStatement[] {
    const objects = scope.prefixes.map((p) => pulumi.interpolate`${scope.bucketArn}/${p}*`);
    return [
      { Sid: "LocateBucket", Effect: "Allow", Action: "s3:GetBucketLocation", Resource: scope.bucketArn },
      {
        Sid: "ListPrefixes",
        Effect: "Allow",
        Action: "s3:ListBucket",
        Resource: scope.bucketArn,
        Condition: pulumi
          .all(scope.prefixes)
          .apply((prefixes) => ({ StringLike: { "s3:prefix": prefixes.flatMap((p) => [p, `${p}*`]) } })),
      },
      {
        Sid: write ? "ReadWriteObjects" : "ReadObjects",
        Effect: "Allow",
        Action: write
          ? ["s3:GetObject", "s3:PutObject", "s3:DeleteObject", "s3:AbortMultipartUpload"]
          : ["s3:GetObject"],
        Resource: objects,
      },
    ];
  }

  /**
   * Publish the data-quality results of the given rulesets: an ETL job's EvaluateDataQuality with
   * results publishing on calls glue:PublishDataQuality, authorized against the ruleset (Service
   * Authorization Reference, AWS Glue: PublishDataQuality, resource type dataQualityRuleset).
   */
  grantDataQualityPublish(rulesetArns: pulumi.Input<string>[]): aws.iam.RolePolicy {
    return this.addPolicy("data-quality", [
      {
        Sid: "PublishDataQuality",
        Effect: "Allow",
        Action: "glue:PublishDataQuality",
        Resource: rulesetArns,
      },
    ]);
  }

  private addPolicy(id: string, statements: pulumi.Input<PolicyStatement[]>): aws.iam.RolePolicy {
    return new aws.iam.RolePolicy(
      `${this.logicalName}-${id}`,
      { role: this.role.name, name: id, policy: policyJson(statements) },
      { parent: this },
    );
  }
}
