import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { type PolicyStatement, policyJson, viaService } from "../security/policy";

/** A bucket (and the key its objects are encrypted with) that grants are written against. */
export interface BucketAccess {
  bucketArn: pulumi.Input<string>;
  /**
   * Key of the bucket's SSE-KMS encryption; omit for SSE-S3 buckets (no KMS statement then).
   * @default undefined
   */
  kmsKeyArn?: pulumi.Input<string>;
}

export type GrantKind = "read" | "write" | "read-write";

/** `events/` -> `events`, `` -> `all`: a readable suffix for logical and policy names. */
function slug(prefix: string | undefined): string {
  const s = (prefix ?? "").replace(/[^A-Za-z0-9]+/g, "-").replace(/^-|-$/g, "");
  return s === "" ? "all" : s;
}

function normalisePrefix(prefix: string | undefined): string {
  if (prefix === undefined || prefix === "") return "";
  if (prefix.startsWith("/")) throw new Error(`S3 prefix "${prefix}" must not start with "/"`);
  return prefix.endsWith("/") ? prefix : `${prefix}/`;
}

/**
 * Least-privilege statements for reading and/or writing one prefix of a bucket: object actions
 * on `<bucket>/<prefix>*` only, `s3:ListBucket` limited by an `s3:prefix` condition, and the KMS
 * actions SSE-KMS needs, usable only through S3 (`kms:ViaService`).
 */
export function bucketStatements(
  access: BucketAccess,
  kind: GrantKind,
  prefix: string | undefined,
  region: string,
): PolicyStatement[] {
  const p = normalisePrefix(prefix);
  const bucketArn = access.bucketArn;
  const objects = pulumi.interpolate`${bucketArn}/${p}*`;
  const reads = kind !== "write";
  const writes = kind !== "read";
  const statements: PolicyStatement[] = [
    {
      Sid: "LocateBucket",
      Effect: "Allow",
      Action: writes ? ["s3:GetBucketLocation", "s3:ListBucketMultipartUploads"] : "s3:GetBucketLocation",
      Resource: bucketArn,
    },
    {
      Sid: "ListPrefix",
      Effect: "Allow",
      Action: "s3:ListBucket",
      Resource: bucketArn,
      ...(p === "" ? {} : { Condition: { StringLike: { "s3:prefix": [p, `${p}*`] } } }),
    },
  ];
  const objectActions = [
    ...(reads ? ["s3:GetObject", "s3:GetObjectVersion"] : []),
    ...(writes ? ["s3:PutObject", "s3:AbortMultipartUpload", "s3:ListMultipartUploadParts"] : []),
    ...(kind === "read-write" ? ["s3:DeleteObject"] : []),
  ];
  statements.push({
    Sid: reads && writes ? "ReadWriteObjects" : reads ? "ReadObjects" : "WriteObjects",
    Effect: "Allow",
    Action: objectActions,
    Resource: objects,
  });
  if (access.kmsKeyArn !== undefined) {
    // Decrypt is needed to write too: multipart uploads read back the data key.
    statements.push({
      Sid: writes ? "EncryptDecryptThroughS3" : "DecryptThroughS3",
      Effect: "Allow",
      Action: writes ? ["kms:GenerateDataKey", "kms:Decrypt"] : "kms:Decrypt",
      Resource: access.kmsKeyArn,
      Condition: { StringEquals: { "kms:ViaService": viaService("s3", region) } },
    });
  }
  return statements;
}

/**
 * Grant methods for a bucket known by ARN: used by `SecureBucket` and by layers that receive a
 * bucket through a stack reference. Each grant is one inline `RolePolicy` on the role.
 */
export class BucketGrants {
  constructor(
    private readonly name: string,
    private readonly access: BucketAccess,
    private readonly parent?: pulumi.Resource,
  ) {}

  /** Read objects under `prefix` (the whole bucket when omitted). */
  grantRead(role: aws.iam.Role, prefix?: string): aws.iam.RolePolicy {
    return this.grant(role, "read", prefix);
  }

  /** Write (put, multipart) objects under `prefix`; no read, no delete. */
  grantWrite(role: aws.iam.Role, prefix: string): aws.iam.RolePolicy {
    return this.grant(role, "write", prefix);
  }

  /** Read, write and delete objects under `prefix` (the whole bucket when omitted). */
  grantReadWrite(role: aws.iam.Role, prefix?: string): aws.iam.RolePolicy {
    return this.grant(role, "read-write", prefix);
  }

  /** The statements of a grant, for composing into a policy of one's own. */
  statements(kind: GrantKind, prefix?: string): pulumi.Output<PolicyStatement[]> {
    return aws
      .getRegionOutput({}, this.parent ? { parent: this.parent } : {})
      .region.apply((region) => bucketStatements(this.access, kind, prefix, region));
  }

  private grant(role: aws.iam.Role, kind: GrantKind, prefix: string | undefined): aws.iam.RolePolicy {
    const suffix = `${kind}-${slug(prefix)}`;
    return new aws.iam.RolePolicy(
      `${pulumi.resourceName(role)}-${this.name}-${suffix}`,
      {
        role: role.name,
        name: `${this.name}-${suffix}`,
        policy: policyJson(this.statements(kind, prefix)),
      },
      this.parent ? { parent: this.parent } : {},
    );
  }
}
