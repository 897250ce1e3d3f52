import { describe, expect, it } from "vitest";
import { esmBoundedRetries, esmFailureDestination, esmPoisonPillHandling } from "../src/rules/lambda";
import { check } from "./fixtures";

const ESM = "aws:lambda/eventSourceMapping:EventSourceMapping";
const STREAM = {
  functionName: "cdc",
  eventSourceArn: "arn:aws:dynamodb:eu-west-1:1:table/orders/stream/2026",
  startingPosition: "TRIM_HORIZON",
  maximumRetryAttempts: 5,
  bisectBatchOnFunctionError: true,
  maximumRecordAgeInSeconds: 3600,
  destinationConfig: { onFailure: { destinationArn: "arn:aws:sqs:eu-west-1:1:cdc-dlq" } },
};

describe("event source mapping rules", () => {
  it("pass a stream mapping with an on-failure queue and bounded retries", () => {
    for (const rule of [esmFailureDestination, esmBoundedRetries, esmPoisonPillHandling])
      expect(check(rule, ESM, STREAM)).toEqual([]);
  });

  it("esm-failure-destination fails a stream mapping without an on-failure destination", () => {
    expect(check(esmFailureDestination, ESM, { ...STREAM, destinationConfig: undefined })[0]).toMatch(
      /destinationConfig: \{ onFailure/,
    );
  });

  it("esm-bounded-retries fails the infinite default and an explicit -1", () => {
    expect(check(esmBoundedRetries, ESM, { ...STREAM, maximumRetryAttempts: undefined })[0]).toMatch(
      /retries forever \(the default -1\)/,
    );
    expect(check(esmBoundedRetries, ESM, { ...STREAM, maximumRetryAttempts: -1 })[0]).toMatch(
      /maximumRetryAttempts -1/,
    );
  });

  it("recognises a stream by its starting position when the source ARN is unknown", () => {
    expect(
      check(esmBoundedRetries, ESM, {
        ...STREAM,
        eventSourceArn: "[unknown]",
        maximumRetryAttempts: undefined,
      }),
    ).toHaveLength(1);
  });

  it("leaves SQS sources to the queue's redrive policy", () => {
    const sqs = { functionName: "f", eventSourceArn: "arn:aws:sqs:eu-west-1:1:q" };
    for (const rule of [esmFailureDestination, esmBoundedRetries, esmPoisonPillHandling])
      expect(check(rule, ESM, sqs)).toEqual([]);
  });

  it("esm-poison-pill-handling (advisory) asks for bisecting and a record age limit", () => {
    const messages = check(esmPoisonPillHandling, ESM, {
      ...STREAM,
      bisectBatchOnFunctionError: false,
      maximumRecordAgeInSeconds: -1,
    });
    expect(messages).toHaveLength(2);
    expect(esmPoisonPillHandling.enforcement).toBe("advisory");
  });
});
