import { ofType, resourceRule } from "../rule";
import { isSet } from "../values";

const QUEUE = ofType("aws:sqs/queue:Queue");

/**
 * Mandatory: encrypted at rest, by SQS-managed keys or KMS. Advisory: a customer-managed KMS key,
 * which adds a key policy and CloudTrail records of use but costs KMS calls and needs grants for
 * every producer (SNS, S3, Lambda destinations).
 */
export const sqsEncrypted = resourceRule(
  "sqs-encrypted",
  "mandatory",
  "SQS queues are encrypted at rest (SSE-SQS or SSE-KMS).",
  QUEUE,
  (queue) =>
    isSet(queue.inputs.kmsMasterKeyId) || queue.inputs.sqsManagedSseEnabled === true
      ? undefined
      : "is not encrypted: set kmsMasterKeyId to the platform key (preferred) or sqsManagedSseEnabled: true.",
);

export const sqsCustomerManagedKey = resourceRule(
  "sqs-customer-managed-key",
  "advisory",
  "SQS queues holding platform data use a customer-managed KMS key.",
  QUEUE,
  (queue) =>
    isSet(queue.inputs.kmsMasterKeyId)
      ? undefined
      : "is not encrypted with a customer-managed key: set kmsMasterKeyId so its key policy governs who reads the messages.",
);

export const sqsRules = [sqsEncrypted, sqsCustomerManagedKey];
