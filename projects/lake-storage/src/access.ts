import type { AccessMatrix } from "@lakehouse/contracts";

const OUTSIDE = "arn:aws:iam::210987654321:root";

/**
 * What lake-storage's principals must (and must never) do; proven on every `lakehouse plan`.
 * The data-access role is the role Lake Formation assumes to vend credentials for the registered
 * raw and refined locations: every governed read and write of the lake goes through it.
 */
export const access: AccessMatrix = {
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
