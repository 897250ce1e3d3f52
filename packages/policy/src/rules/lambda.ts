import { ofType, resourceRule } from "../rule";
import type { Subject } from "../subject";
import { asString, field, isSet } from "../values";

const MAPPING = ofType("aws:lambda/eventSourceMapping:EventSourceMapping");

/**
 * Stream sources (DynamoDB Streams, Kinesis, Kafka) block their shard while a batch keeps failing,
 * so they need bounded retries and somewhere to send what gives up. SQS sources do not: a failing
 * message returns to the queue, whose redrive policy sends it to a dead-letter queue.
 */
function isStreamSource(mapping: Subject): boolean {
  const arn = asString(mapping.inputs.eventSourceArn) ?? "";
  return isSet(mapping.inputs.startingPosition) || /:(dynamodb|kinesis|kafka):/.test(arn);
}

export const esmFailureDestination = resourceRule(
  "esm-failure-destination",
  "mandatory",
  "Stream event source mappings send batches that exhaust their retries to an on-failure destination.",
  MAPPING,
  (mapping) =>
    !isStreamSource(mapping) ||
    isSet(field(mapping.inputs, "destinationConfig", "onFailure", "destinationArn"))
      ? undefined
      : "drops batches that fail for good: set destinationConfig: { onFailure: { destinationArn: <SQS queue or SNS topic ARN> } }.",
);

export const esmBoundedRetries = resourceRule(
  "esm-bounded-retries",
  "mandatory",
  "Stream event source mappings retry a failing batch a bounded number of times.",
  MAPPING,
  (mapping) => {
    if (!isStreamSource(mapping)) return undefined;
    const retries = mapping.inputs.maximumRetryAttempts;
    if (typeof retries === "number" && retries >= 0) return undefined;
    return `retries ${retries === undefined ? "forever (the default -1)" : `with maximumRetryAttempts ${String(retries)}`}, blocking the shard: set maximumRetryAttempts to a number from 0 to 10000.`;
  },
);

export const esmPoisonPillHandling = resourceRule(
  "esm-poison-pill-handling",
  "advisory",
  "Stream event source mappings split failing batches and bound the age of records they retry.",
  MAPPING,
  (mapping) => {
    if (!isStreamSource(mapping)) return undefined;
    const problems: string[] = [];
    if (mapping.inputs.bisectBatchOnFunctionError !== true) {
      problems.push("retries whole batches: set bisectBatchOnFunctionError: true to isolate a bad record.");
    }
    const age = mapping.inputs.maximumRecordAgeInSeconds;
    if (typeof age !== "number" || age < 0) {
      problems.push("retries records of any age: set maximumRecordAgeInSeconds (60 to 604800).");
    }
    return problems;
  },
);

export const lambdaRules = [esmFailureDestination, esmBoundedRetries, esmPoisonPillHandling];
