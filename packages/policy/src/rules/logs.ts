import { ofType, resourceRule } from "../rule";
import { isSet } from "../values";

const LOG_GROUP = ofType("aws:cloudwatch/logGroup:LogGroup");

export const logGroupEncrypted = resourceRule(
  "log-group-encrypted",
  "mandatory",
  "CloudWatch log groups are encrypted with a customer-managed KMS key.",
  LOG_GROUP,
  (group) =>
    isSet(group.inputs.kmsKeyId)
      ? undefined
      : "is not encrypted with a customer-managed key: set kmsKeyId to the platform key ARN (its key policy must allow logs.<region>.amazonaws.com).",
);

export const logGroupRetention = resourceRule(
  "log-group-retention",
  "mandatory",
  "CloudWatch log groups expire their events.",
  LOG_GROUP,
  (group) => {
    const days = group.inputs.retentionInDays;
    return typeof days === "number" && days > 0
      ? undefined
      : "keeps logs forever: set retentionInDays (e.g. 30, or what the data's retention policy requires).";
  },
);

export const logRules = [logGroupEncrypted, logGroupRetention];
