import * as pulumi from "@pulumi/pulumi";
import type { PolicyStatement } from "../security/policy";

const APPFLOW = { Service: "appflow.amazonaws.com" };

function fromAccount(accountId: pulumi.Input<string>) {
  return pulumi.output(accountId).apply((a) => ({ StringEquals: { "aws:SourceAccount": a } }));
}

/**
 * What a bucket's policy must allow so AppFlow (the service principal, not a role) can write a
 * flow's output: object writes under `prefix` only, for this account's flows. The raw bucket's
 * policy belongs to lake-storage, which adds these statements.
 */
export function appflowBucketStatements(
  bucketArn: pulumi.Input<string>,
  prefix: string,
  accountId: pulumi.Input<string>,
): PolicyStatement[] {
  const path = prefix.replace(/\/+$/, "");
  return [
    {
      Sid: "AppFlowLocateBucket",
      Effect: "Allow",
      Principal: APPFLOW,
      Action: ["s3:GetBucketAcl", "s3:ListBucketMultipartUploads"],
      Resource: bucketArn,
      Condition: fromAccount(accountId),
    },
    {
      Sid: "AppFlowWriteGa4",
      Effect: "Allow",
      Principal: APPFLOW,
      Action: ["s3:PutObject", "s3:AbortMultipartUpload", "s3:ListMultipartUploadParts", "s3:PutObjectAcl"],
      Resource: pulumi.interpolate`${bucketArn}/${path}/*`,
      Condition: fromAccount(accountId),
    },
  ];
}

/** What the data key's policy must allow AppFlow: encrypt the flows' data and profile credentials. */
export function appflowKeyStatements(accountId: pulumi.Input<string>): PolicyStatement[] {
  return [
    {
      Sid: "AppFlowUseDataKey",
      Effect: "Allow",
      Principal: APPFLOW,
      Action: ["kms:Encrypt", "kms:Decrypt", "kms:GenerateDataKey", "kms:DescribeKey"],
      // In a key policy "*" means the key the policy is attached to, and nothing else.
      Resource: "*",
      Condition: fromAccount(accountId),
    },
  ];
}
