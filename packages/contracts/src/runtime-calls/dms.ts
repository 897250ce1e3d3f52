import type { RuntimeCalls } from "../access";

const DMS_S3 = "https://docs.aws.amazon.com/dms/latest/userguide/CHAP_Target.S3.html";
const DMS_SECRETS = "https://docs.aws.amazon.com/dms/latest/userguide/security_iam_secretsmanager.html";

/** AWS DMS reading a PostgreSQL source endpoint whose credentials are in Secrets Manager (its secrets access role). */
export const DMS_POSTGRES_SOURCE = {
  runtime: "DMS PostgreSQL source (Secrets Manager credentials)",
  uses: {
    sourceCredentials: {
      when: "start",
      does: "reads the source endpoint's credentials from its secret",
      params: ["secret", "key"],
      calls: [
        { actions: ["secretsmanager:GetSecretValue"], resources: ["<secret>"], source: DMS_SECRETS },
        {
          actions: ["kms:Decrypt"],
          resources: ["<key>"],
          context: { "kms:ViaService": "secretsmanager.{region}.amazonaws.com" },
          source: `${DMS_SECRETS} (a secret under a customer managed key is decrypted through Secrets Manager)`,
        },
      ],
    },
  },
} as const satisfies RuntimeCalls;

/** AWS DMS writing to an S3 target under SSE-KMS with a customer managed key (its service access role). */
export const DMS_S3_TARGET = {
  runtime: "DMS S3 target (SSE-KMS)",
  uses: {
    s3Target: {
      when: "run",
      does: "writes, tags and (on reload) deletes full-load and CDC files under its bucket folder",
      params: ["bucket", "object", "prefix", "key"],
      calls: [
        {
          actions: ["s3:PutObject", "s3:DeleteObject", "s3:PutObjectTagging"],
          resources: ["<object>"],
          source: `${DMS_S3}#CHAP_Target.S3.Prerequisites`,
        },
        {
          actions: ["s3:ListBucket"],
          resources: ["<bucket>"],
          context: { "s3:prefix": "<prefix>" },
          source: `${DMS_S3}#CHAP_Target.S3.Prerequisites`,
        },
        {
          actions: ["kms:GenerateDataKey", "kms:Decrypt"],
          resources: ["<key>"],
          context: { "kms:ViaService": "s3.{region}.amazonaws.com" },
          source: `${DMS_S3}#CHAP_Target.S3.KMSKeys (SSE-KMS with a customer managed key)`,
        },
      ],
    },
  },
} as const satisfies RuntimeCalls;
