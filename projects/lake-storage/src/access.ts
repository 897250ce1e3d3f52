import type { AccessMatrix, IamAccess } from "@lakehouse/contracts";

const OUTSIDE = "arn:aws:iam::210987654321:root";

/**
 * What lake-storage's principals must (and must never) do; proven on every `lakehouse plan`.
 * The data-access role is the role Lake Formation assumes to vend credentials for the registered
 * raw and refined locations: every governed read and write of the lake goes through it.
 */
/** The parts of the offline plan this matrix reads (the replication configurations prod plans). */
interface PlanView {
  layer: string;
  resources: { type: string; inputs: Record<string, unknown> }[];
}

/**
 * Every replication configuration of the plan: its role reads the source versions and writes the
 * replica, and nothing else. Read from the configurations the plan holds (prod).
 */
function replication(plans: PlanView[]): IamAccess[] {
  const configs = (plans.find((p) => p.layer === "lake-storage")?.resources ?? []).filter(
    (r) => r.type === "aws:s3/bucketReplicationConfig:BucketReplicationConfig",
  );
  return configs.flatMap((c): IamAccess[] => {
    const i = c.inputs as {
      bucket: string;
      role: string;
      rules: { destination: { bucket: string } }[];
    };
    const source = `arn:aws:s3:::${i.bucket}`;
    return i.rules.flatMap((rule): IamAccess[] => {
      const target = rule.destination.bucket;
      const why = `S3 replicates ${i.bucket} to ${target.split(":::")[1]} as this role`;
      return [
        {
          principal: i.role,
          actions: ["s3:GetReplicationConfiguration", "s3:ListBucket"],
          resource: source,
          why,
        },
        {
          principal: i.role,
          actions: ["s3:GetObjectVersionForReplication"],
          resource: `${source}/events/x.parquet`,
          why,
        },
        {
          principal: i.role,
          actions: ["s3:ReplicateObject", "s3:ReplicateDelete"],
          resource: `${target}/events/x.parquet`,
          why,
        },
        // The KMS hops (decrypt the source, encrypt the replica) are conditioned on
        // kms:EncryptionContext:aws:s3:arn, which iam-simulate 0.1.173 drops from the request
        // context: they are not proven here (README, "What the proof does not model").
        {
          principal: i.role,
          actions: ["s3:ReplicateObject"],
          resource: "{lake-storage.resultsBucketArn}/x",
          why: "a replication role writes only its own replica",
        },
      ];
    });
  });
}

export function access(plans: PlanView[]): AccessMatrix {
  const required = BASE.required.concat(replication(plans).filter((a) => a.why.startsWith("S3 replicates")));
  const forbidden = BASE.forbidden.concat(
    replication(plans).filter((a) => !a.why.startsWith("S3 replicates")),
  );
  return { required, forbidden };
}

const BASE: AccessMatrix = {
  required: [
    {
      principal: "{prefix}-lf-data-access",
      actions: ["s3:GetObject", "s3:PutObject", "s3:DeleteObject"],
      resource: "{lake-storage.rawBucketArn}/events/event_date=2026-03-01/part-0.parquet",
      why: "Lake Formation vends credentials for the registered raw location",
    },
    {
      principal: "{prefix}-lf-data-access",
      actions: ["s3:GetObject", "s3:PutObject", "s3:DeleteObject"],
      resource: "{lake-storage.refinedBucketArn}/iceberg/orders/data/part-0.parquet",
      why: "Lake Formation vends credentials for the registered refined location",
    },
    {
      principal: "{prefix}-lf-data-access",
      actions: ["s3:ListBucket"],
      resource: "{lake-storage.refinedBucketArn}",
      context: { "s3:prefix": "iceberg/orders/" },
      why: "Lake Formation lists the refined location for queries and crawls",
    },
    {
      principal: "{prefix}-lf-data-access",
      actions: ["kms:GenerateDataKey", "kms:Decrypt"],
      resource: "{lake-storage.dataKeyArn}",
      context: { "kms:ViaService": "s3.{region}.amazonaws.com" },
      why: "objects in the lake are SSE-KMS with the data key",
    },
  ],
  forbidden: [
    {
      principal: OUTSIDE,
      actions: ["s3:GetObject", "s3:PutObject"],
      resource: "{lake-storage.rawBucketArn}/events/event_date=2026-03-01/part-0.parquet",
      why: "no principal outside the account reads or writes lake data",
    },
    {
      principal: OUTSIDE,
      actions: ["s3:GetObject"],
      resource: "{lake-storage.refinedBucketArn}/iceberg/customers/data/part-0.parquet",
      why: "no principal outside the account reads lake data",
    },
    {
      principal: OUTSIDE,
      actions: ["kms:Decrypt"],
      resource: "{lake-storage.dataKeyArn}",
      context: { "kms:ViaService": "s3.{region}.amazonaws.com" },
      why: "no principal outside the account decrypts lake data",
    },
    {
      principal: "{prefix}-lf-data-access",
      actions: ["s3:GetObject"],
      resource: "{lake-storage.resultsBucketArn}/athena/{prefix}-analytics/q.csv",
      why: "Lake Formation's role reaches only the registered locations, not query results",
    },
  ],
};
