import { ofType, resourceRule } from "../rule";
import { isProduction } from "../subject";
import { field, isSet } from "../values";

const TABLE = ofType("aws:dynamodb/table:Table");

export const dynamodbPointInTimeRecovery = resourceRule(
  "dynamodb-pitr",
  "mandatory",
  "DynamoDB tables have point-in-time recovery.",
  TABLE,
  (table) =>
    field(table.inputs, "pointInTimeRecovery", "enabled") === true
      ? undefined
      : "has no point-in-time recovery: set pointInTimeRecovery: { enabled: true }.",
);

export const dynamodbKmsEncryption = resourceRule(
  "dynamodb-kms-encryption",
  "mandatory",
  "DynamoDB tables are encrypted with a customer-managed KMS key.",
  TABLE,
  (table) => {
    const sse = field(table.inputs, "serverSideEncryption");
    return field(sse, "enabled") === true && isSet(field(sse, "kmsKeyArn"))
      ? undefined
      : "is not encrypted with a customer-managed key: set serverSideEncryption: { enabled: true, kmsKeyArn: <platform key ARN> }.";
  },
);

export const dynamodbDeletionProtection = resourceRule(
  "dynamodb-deletion-protection",
  "advisory",
  "Production DynamoDB tables also have AWS-side deletion protection (beyond Pulumi's protect).",
  TABLE,
  (table) =>
    !isProduction(table.stack) || table.inputs.deletionProtectionEnabled === true
      ? undefined
      : "can be deleted outside Pulumi: set deletionProtectionEnabled: true in production.",
);

export const dynamodbRules = [dynamodbPointInTimeRecovery, dynamodbKmsEncryption, dynamodbDeletionProtection];
