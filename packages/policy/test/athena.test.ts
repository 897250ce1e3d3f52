import { describe, expect, it } from "vitest";
import {
  athenaBytesScannedCutoff,
  athenaEncryptedResults,
  athenaEnforceConfiguration,
  athenaResultsKms,
} from "../src/rules/athena";
import { check } from "./fixtures";

const WORKGROUP = "aws:athena/workgroup:Workgroup";
const configuration = {
  enforceWorkgroupConfiguration: true,
  bytesScannedCutoffPerQuery: 10_737_418_240,
  resultConfiguration: {
    outputLocation: "s3://results/",
    encryptionConfiguration: { encryptionOption: "SSE_KMS", kmsKeyArn: "k" },
  },
};
const RULES = [
  athenaEnforceConfiguration,
  athenaEncryptedResults,
  athenaBytesScannedCutoff,
  athenaResultsKms,
];

describe("Athena rules", () => {
  it("pass an enforced workgroup with KMS-encrypted results and a scan cutoff", () => {
    for (const rule of RULES) expect(check(rule, WORKGROUP, { configuration })).toEqual([]);
  });

  it("athena-enforce-configuration fails a workgroup clients can override", () => {
    expect(
      check(athenaEnforceConfiguration, WORKGROUP, {
        configuration: { ...configuration, enforceWorkgroupConfiguration: false },
      }),
    ).toHaveLength(1);
  });

  it("athena-encrypted-results fails unencrypted results and accepts encrypted managed results", () => {
    const plain = { ...configuration, resultConfiguration: { outputLocation: "s3://results/" } };
    expect(check(athenaEncryptedResults, WORKGROUP, { configuration: plain })[0]).toMatch(
      /writes unencrypted query results/,
    );
    const managed = {
      ...plain,
      resultConfiguration: undefined,
      managedQueryResultsConfiguration: { enabled: true, encryptionConfiguration: { kmsKey: "k" } },
    };
    expect(check(athenaEncryptedResults, WORKGROUP, { configuration: managed })).toEqual([]);
  });

  it("athena-bytes-scanned-cutoff fails a workgroup without a cutoff", () => {
    expect(
      check(athenaBytesScannedCutoff, WORKGROUP, {
        configuration: { ...configuration, bytesScannedCutoffPerQuery: undefined },
      })[0],
    ).toMatch(/bytesScannedCutoffPerQuery/);
  });

  it("athena-results-kms (advisory) reports SSE_S3 results", () => {
    const sseS3 = {
      ...configuration,
      resultConfiguration: { encryptionConfiguration: { encryptionOption: "SSE_S3" } },
    };
    expect(check(athenaResultsKms, WORKGROUP, { configuration: sseS3 })).toHaveLength(1);
    expect(athenaResultsKms.enforcement).toBe("advisory");
  });
});
