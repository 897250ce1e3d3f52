import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

/** One condition of an LF-tag expression: the resource's `key` tag is one of `values`. */
export interface LfTagCondition {
  key: string;
  values: string[];
}

/** LF-tag expressions of a read scope: which databases a reader sees, which tables and columns it reads. */
export interface ReaderTagExpressions {
  database: LfTagCondition[];
  table: LfTagCondition[];
}

export interface ReaderScopeOptions {
  /**
   * Domains the reader may read; every value must be one of the `domain` LF-tag's values.
   * @default every value of the domain tag
   */
  domains?: string[];
  /** Sensitivity values the reader must never see (e.g. `confidential`). */
  excludedSensitivity: string[];
  /** @default "domain" */
  domainKey?: string;
  /** @default "sensitivity" */
  sensitivityKey?: string;
}

/**
 * The tag expressions of a reader: databases by domain; tables and columns by domain and by
 * every sensitivity value except the excluded ones. Lake Formation evaluates the table
 * expression per column (a column's own tag overrides the one it inherits), so a column tagged
 * with an excluded sensitivity drops out of the grant while the rest of its table stays
 * readable. Fails when a key or value is not one the lake defines.
 */
export function readerTagExpressions(
  lfTags: Record<string, string[]>,
  options: ReaderScopeOptions,
): ReaderTagExpressions {
  const domainKey = options.domainKey ?? "domain";
  const sensitivityKey = options.sensitivityKey ?? "sensitivity";
  const known = (key: string) => {
    const values = lfTags[key];
    if (!values)
      throw new Error(
        `LF-tag "${key}" is not defined by lake-storage (has: ${Object.keys(lfTags).join(", ")})`,
      );
    return values;
  };
  const domainValues = known(domainKey);
  const sensitivityValues = known(sensitivityKey);
  const unknown = (values: string[], allowed: string[]) => values.filter((v) => !allowed.includes(v));
  const domains = options.domains ?? domainValues;
  const badDomains = unknown(domains, domainValues);
  if (badDomains.length > 0) throw new Error(`unknown ${domainKey} value(s): ${badDomains.join(", ")}`);
  const badSensitivity = unknown(options.excludedSensitivity, sensitivityValues);
  if (badSensitivity.length > 0) {
    throw new Error(`unknown ${sensitivityKey} value(s): ${badSensitivity.join(", ")}`);
  }
  const readable = sensitivityValues.filter((v) => !options.excludedSensitivity.includes(v));
  if (readable.length === 0 || domains.length === 0) {
    throw new Error("the reader scope would grant nothing: no domain or no sensitivity value left");
  }
  return {
    database: [{ key: domainKey, values: [...domains] }],
    table: [
      { key: domainKey, values: [...domains] },
      { key: sensitivityKey, values: readable },
    ],
  };
}

export interface ReaderGrantsArgs {
  /** Glue databases the scope covers (for the principals' catalog IAM permissions). */
  databaseNames: pulumi.Input<pulumi.Input<string>[]>;
  /** The LF-tag expressions of the scope (see `readerTagExpressions`). */
  expressions: pulumi.Input<ReaderTagExpressions>;
}

/**
 * A Lake Formation read scope defined by LF-tags. `grantRead` gives a principal DESCRIBE on the
 * scope's databases and SELECT/DESCRIBE on its tables and columns, and, for an IAM role, the
 * catalog and data-access IAM permissions Athena needs to use those grants.
 */
export class ReaderGrants extends pulumi.ComponentResource {
  private readonly databaseNames: pulumi.Output<string[]>;
  private readonly expressions: pulumi.Output<ReaderTagExpressions>;

  constructor(name: string, args: ReaderGrantsArgs, opts?: pulumi.ComponentResourceOptions) {
    super("lakehouse:governance:ReaderGrants", name, {}, opts);
    this.databaseNames = pulumi.output(args.databaseNames);
    this.expressions = pulumi.output(args.expressions);
    this.registerOutputs({ expressions: this.expressions });
  }

  /**
   * Grants `principal` (an IAM role ARN, or a QuickSight user or group ARN) read access to the
   * scope. Pass `role` to also attach the IAM side (Glue catalog reads, LF data access).
   */
  grantRead(
    name: string,
    principal: pulumi.Input<string>,
    role?: aws.iam.Role,
  ): {
    databases: aws.lakeformation.Permissions;
    tables: aws.lakeformation.Permissions;
    defaultDatabase: aws.lakeformation.Permissions;
    policy?: aws.iam.RolePolicy;
  } {
    const databases = new aws.lakeformation.Permissions(
      `${name}-databases`,
      {
        principal,
        permissions: ["DESCRIBE"],
        lfTagPolicy: {
          resourceType: "DATABASE",
          expressions: this.expressions.apply((e) => e.database),
        },
      },
      { parent: this },
    );
    const tables = new aws.lakeformation.Permissions(
      `${name}-tables`,
      {
        principal,
        permissions: ["SELECT", "DESCRIBE"],
        lfTagPolicy: {
          resourceType: "TABLE",
          expressions: this.expressions.apply((e) => e.table),
        },
      },
      { parent: this, dependsOn: [databases] },
    );
    // Athena on a Lake Formation catalog describes the `default` database on every query, whatever
    // the query reads: without DESCRIBE there, every reader query fails.
    const defaultDatabase = new aws.lakeformation.Permissions(
      `${name}-default-database`,
      { principal, permissions: ["DESCRIBE"], database: { name: "default" } },
      { parent: this },
    );
    if (!role) return { databases, tables, defaultDatabase };
    const account = aws.getCallerIdentityOutput({}, { parent: this }).accountId;
    const region = aws.getRegionOutput({}, { parent: this }).region;
    const partition = aws.getPartitionOutput({}, { parent: this }).partition;
    const statements = pulumi
      .all([this.databaseNames, account, region, partition])
      .apply(([dbs, acct, reg, part]) => {
        const glue = (rest: string) => `arn:${part}:glue:${reg}:${acct}:${rest}`;
        return [
          {
            sid: "ReadCatalogOfScope",
            actions: [
              "glue:GetDatabase",
              "glue:GetDatabases",
              "glue:GetTable",
              "glue:GetTables",
              "glue:GetPartition",
              "glue:GetPartitions",
              "glue:BatchGetPartition",
            ],
            resources: [
              glue("catalog"),
              ...dbs.map((db) => glue(`database/${db}`)),
              ...dbs.map((db) => glue(`table/${db}/*`)),
            ],
          },
          {
            // Athena resolves the `default` database on every query (Athena user guide,
            // fine-grained-access-to-glue-resources.html#full-access-to-default-db-per-region).
            sid: "DescribeDefaultDatabase",
            actions: ["glue:GetDatabase"],
            resources: [glue("catalog"), glue("database/default")],
          },
          {
            // Lake Formation vends the S3 credentials; GetDataAccess has no resource-level
            // permissions, so "*" is the narrowest resource AWS accepts. Data access itself is
            // decided by the LF grants above.
            sid: "LakeFormationDataAccess",
            actions: ["lakeformation:GetDataAccess"],
            resources: ["*"],
          },
        ];
      });
    const policy = new aws.iam.RolePolicy(
      `${name}-catalog`,
      {
        role: role.name,
        policy: aws.iam.getPolicyDocumentOutput({ statements }, { parent: this }).json,
      },
      { parent: this },
    );
    return { databases, tables, defaultDatabase, policy };
  }
}
