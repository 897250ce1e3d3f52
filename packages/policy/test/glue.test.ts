import { describe, expect, it } from "vitest";
import { glueJobTimeout, glueSecurityConfiguration } from "../src/rules/glue";
import { check } from "./fixtures";

describe("Glue rules", () => {
  it("glue-security-configuration passes jobs and crawlers that name one and fails those that do not", () => {
    for (const type of ["aws:glue/job:Job", "aws:glue/crawler:Crawler"]) {
      expect(check(glueSecurityConfiguration, type, { securityConfiguration: "lakehouse-dev" })).toEqual([]);
      expect(check(glueSecurityConfiguration, type, {})[0]).toMatch(
        /runs without a security configuration: set securityConfiguration/,
      );
    }
  });

  it("glue-job-timeout (advisory) reports the 48-hour default", () => {
    expect(glueJobTimeout.enforcement).toBe("advisory");
    expect(check(glueJobTimeout, "aws:glue/job:Job", { timeout: 60 })).toEqual([]);
    expect(check(glueJobTimeout, "aws:glue/job:Job", {})).toHaveLength(1);
  });
});
