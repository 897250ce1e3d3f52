import { describe, expect, it } from "vitest";
import { runIngestion } from "./support/program";

// Bad config fails with one error naming the key, the stack file and what is expected.

describe("ingestion config", () => {
  it("rejects an unbounded retry setting and a bad key type, naming both keys and the stack file", async () => {
    const failure = runIngestion("dev", {
      "lakehouse-ingestion:cdcMaxRetryAttempts": "-1",
      "lakehouse-ingestion:sourceHashKey": JSON.stringify({ name: "pk", type: "X" }),
    });
    await expect(failure).rejects.toThrow(/invalid configuration in stacks\/ingestion\/Pulumi\.dev\.yaml/);
    await expect(failure).rejects.toThrow(/lakehouse-ingestion:cdcMaxRetryAttempts: .*never -1: unbounded/);
    await expect(failure).rejects.toThrow(/lakehouse-ingestion:sourceHashKey\.type/);
  });

  it("rejects a DMS capacity that is not a DMS step", async () => {
    await expect(runIngestion("dev", { "lakehouse-ingestion:dmsMaxCapacityUnits": "3" })).rejects.toThrow(
      /lakehouse-ingestion:dmsMaxCapacityUnits: not a DMS capacity step/,
    );
  });
});
