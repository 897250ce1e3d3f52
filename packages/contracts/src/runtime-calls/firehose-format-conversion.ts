import type { RuntimeCalls } from "../access";
import { glueTable } from "./arns";

const FIREHOSE_IAM = "https://docs.aws.amazon.com/firehose/latest/dev/controlling-access.html";

/** Amazon Data Firehose delivering to S3, converting JSON records to Parquet against a Glue schema table. */
export const FIREHOSE = {
  runtime: "Firehose (S3 destination)",
  uses: {
    deliver: {
      when: "run",
      does: "delivers buffered records as objects under its prefix",
      params: ["bucket", "object", "prefix"],
      calls: [
        {
          actions: ["s3:GetBucketLocation", "s3:ListBucketMultipartUploads"],
          resources: ["<bucket>"],
          source: `${FIREHOSE_IAM}#using-iam-s3`,
        },
        {
          actions: ["s3:ListBucket"],
          resources: ["<bucket>"],
          context: { "s3:prefix": "<prefix>" },
          source: `${FIREHOSE_IAM}#using-iam-s3`,
        },
        {
          actions: ["s3:PutObject", "s3:AbortMultipartUpload"],
          resources: ["<object>"],
          source: `${FIREHOSE_IAM}#using-iam-s3`,
        },
      ],
    },
    convertFormat: {
      when: "run",
      does: "reads the schema table of record format conversion (VersionId LATEST)",
      params: ["database", "table"],
      calls: [
        {
          actions: ["glue:GetTable", "glue:GetTableVersion", "glue:GetTableVersions"],
          resources: glueTable("<database>", "<table>"),
          source: `${FIREHOSE_IAM}#using-iam-glue`,
        },
      ],
    },
  },
} as const satisfies RuntimeCalls;
