import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { type PolicyStatement, policyJson, viaService } from "../security/policy";

export interface KeyAttribute {
  name: string;
  type: "S" | "N" | "B";
}

export interface SourceTableArgs {
  /** Physical table name. */
  name: pulumi.Input<string>;
  hashKey: KeyAttribute;
  /** @default no sort key */
  rangeKey?: KeyAttribute;
  /** Customer-managed KMS key for the table and its stream. */
  kmsKeyArn: pulumi.Input<string>;
  /** Protect against deletion (API deletion protection, Pulumi protect, retain on delete). @default true */
  retainData?: boolean;
  /** @default true */
  pointInTimeRecovery?: boolean;
}

/**
 * The operational DynamoDB table whose changes the platform captures: on-demand, KMS-encrypted,
 * point-in-time recovery, stream with old and new images.
 */
export class SourceTable extends pulumi.ComponentResource {
  readonly table: aws.dynamodb.Table;
  readonly name: pulumi.Output<string>;
  readonly arn: pulumi.Output<string>;
  readonly streamArn: pulumi.Output<string>;
  private readonly kmsKeyArn: pulumi.Input<string>;

  constructor(name: string, args: SourceTableArgs, opts?: pulumi.ComponentResourceOptions) {
    super("lakehouse:ingestion:SourceTable", name, {}, opts);
    const retain = args.retainData ?? true;
    this.kmsKeyArn = args.kmsKeyArn;
    const keys = [args.hashKey, ...(args.rangeKey ? [args.rangeKey] : [])];
    this.table = new aws.dynamodb.Table(
      name,
      {
        name: args.name,
        billingMode: "PAY_PER_REQUEST",
        hashKey: args.hashKey.name,
        rangeKey: args.rangeKey?.name,
        attributes: keys.map((k) => ({ name: k.name, type: k.type })),
        streamEnabled: true,
        streamViewType: "NEW_AND_OLD_IMAGES",
        serverSideEncryption: { enabled: true, kmsKeyArn: args.kmsKeyArn },
        pointInTimeRecovery: { enabled: args.pointInTimeRecovery ?? true },
        deletionProtectionEnabled: retain,
      },
      { parent: this, ...(retain ? { protect: true, retainOnDelete: true } : {}) },
    );
    this.name = this.table.name;
    this.arn = this.table.arn;
    this.streamArn = this.table.streamArn;
    this.registerOutputs({ name: this.name, arn: this.arn, streamArn: this.streamArn });
  }

  /** What a stream consumer needs: read this table's stream, decrypt its records through DynamoDB. */
  streamReadStatements(region: string): PolicyStatement[] {
    return streamReadStatements(this.streamArn, this.kmsKeyArn, region);
  }

  /** Lets `role` (a Lambda event source mapping's function role) read the table's stream. */
  grantStreamRead(role: aws.iam.Role): aws.iam.RolePolicy {
    return grantStreamRead(role, this.streamArn, this.kmsKeyArn, this);
  }
}

/** A DynamoDB stream a consumer reads: a table this stack creates (SourceTable) or one it attaches (AttachedStreamSource). */
export interface StreamSource {
  readonly name: pulumi.Input<string>;
  readonly streamArn: pulumi.Input<string>;
  grantStreamRead(role: aws.iam.Role): aws.iam.RolePolicy;
}

/**
 * An existing table's stream, owned by another team: nothing is created for it; consumers get
 * grants on its stream ARN and, for a customer-managed table key, on that key.
 */
export class AttachedStreamSource implements StreamSource {
  constructor(
    readonly name: pulumi.Input<string>,
    readonly streamArn: pulumi.Input<string>,
    /** The table's customer-managed key; undefined for an AWS owned key (no IAM grant applies). */
    private readonly kmsKeyArn: pulumi.Input<string | undefined>,
  ) {}

  grantStreamRead(role: aws.iam.Role): aws.iam.RolePolicy {
    return grantStreamRead(role, this.streamArn, this.kmsKeyArn, role);
  }
}

/** Read `streamArn` (DescribeStream, GetRecords, GetShardIterator), list streams, decrypt records of a KMS-encrypted table through DynamoDB. */
export function streamReadStatements(
  streamArn: pulumi.Input<string>,
  kmsKeyArn: pulumi.Input<string | undefined>,
  region: string,
): PolicyStatement[] {
  return [
    {
      Sid: "ReadStream",
      Effect: "Allow",
      Action: ["dynamodb:DescribeStream", "dynamodb:GetRecords", "dynamodb:GetShardIterator"],
      Resource: streamArn,
    },
    {
      Sid: "ListStreams",
      Effect: "Allow",
      Action: "dynamodb:ListStreams",
      // ListStreams supports no resource-level permissions (Service Authorization Reference: no resource type).
      Resource: "*",
    },
    ...(kmsKeyArn === undefined
      ? []
      : [
          {
            Sid: "DecryptStreamRecords",
            Effect: "Allow" as const,
            Action: "kms:Decrypt",
            Resource: kmsKeyArn as pulumi.Input<string>,
            Condition: { StringEquals: { "kms:ViaService": viaService("dynamodb", region) } },
          },
        ]),
  ];
}

function grantStreamRead(
  role: aws.iam.Role,
  streamArn: pulumi.Input<string>,
  kmsKeyArn: pulumi.Input<string | undefined>,
  parent: pulumi.Resource,
): aws.iam.RolePolicy {
  const region = aws.getRegionOutput({}, { parent }).region;
  return new aws.iam.RolePolicy(
    `${pulumi.resourceName(role)}-stream-read`,
    {
      role: role.name,
      name: "read-source-stream",
      policy: policyJson(
        pulumi.all([region, kmsKeyArn]).apply(([r, key]) => streamReadStatements(streamArn, key, r)),
      ),
    },
    { parent },
  );
}
