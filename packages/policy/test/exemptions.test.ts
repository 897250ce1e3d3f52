import { describe, expect, it } from "vitest";
import { EXEMPTIONS, type Exemption, evaluate, exemptionProblems, findExemption, RULES } from "../src";
import { urnMatches } from "../src/exemptions";
import { s3AccessLogging } from "../src/rules/s3";
import { compliantLake, RAW_URN, without } from "./fixtures";

const NOW = new Date("2026-11-25T12:00:00Z");
const exemption: Exemption = {
  rule: "s3-access-logging",
  urn: "urn:pulumi:dev::lakehouse-test::*::raw",
  reason:
    "Access logs for the raw zone arrive through CloudTrail data events until the logs bucket moves accounts.",
  owner: "@acme-data/platform-storage",
  expires: "2026-12-31",
};
const violation = { rule: "s3-access-logging", urn: RAW_URN, message: "m" };

describe("exemptions", () => {
  it("cover a violation of their rule on a matching URN until the end of their expiry day", () => {
    expect(findExemption(violation, [exemption], NOW)).toBe(exemption);
    expect(findExemption(violation, [exemption], new Date("2026-12-31T23:59:59Z"))).toBe(exemption);
  });

  it("stop applying once expired", () => {
    expect(findExemption(violation, [exemption], new Date("2027-01-01T00:00:00Z"))).toBeUndefined();
  });

  it("cover neither another rule nor another resource", () => {
    expect(findExemption({ ...violation, rule: "s3-tls-only" }, [exemption], NOW)).toBeUndefined();
    expect(
      findExemption({ ...violation, urn: RAW_URN.replace("::raw", "::refined") }, [exemption], NOW),
    ).toBeUndefined();
    expect(urnMatches("urn:pulumi:dev::*::raw", "urn:pulumi:prod::p::t::raw")).toBe(false);
  });

  it("move an exempted violation out of the mandatory list while keeping it visible", () => {
    const lake = without(compliantLake(), "BucketLogging");
    const options = { rules: [s3AccessLogging], now: NOW };
    expect(evaluate(lake, { ...options, exemptions: [] }).mandatory.map((v) => v.urn)).toContain(RAW_URN);
    const result = evaluate(lake, { ...options, exemptions: [exemption] });
    expect(result.mandatory.map((v) => v.urn)).not.toContain(RAW_URN);
    expect(result.exempted.map((v) => [v.urn, v.exemption.owner])).toEqual([
      [RAW_URN, "@acme-data/platform-storage"],
    ]);
  });

  it("are checked: a known rule, a URN pattern, a reason, a team, a valid and near expiry", () => {
    const names = RULES.map((r) => r.name);
    expect(exemptionProblems([exemption], names, NOW)).toEqual([]);
    const bad: Exemption = {
      rule: "no-such-rule",
      urn: "raw",
      reason: "because",
      owner: "alice",
      expires: "2027-06-01",
    };
    const problems = exemptionProblems([bad], names, NOW);
    expect(problems).toHaveLength(5);
    expect(problems.join("\n")).toMatch(
      /no rule is called "no-such-rule"[\s\S]*urn:pulumi:[\s\S]*reason[\s\S]*team handle[\s\S]*more than 90 days/,
    );
    expect(exemptionProblems([{ ...exemption, expires: "2026-11-01" }], names, NOW)[0]).toMatch(
      /expired on 2026-11-01; fix the resource and delete the exemption/,
    );
    expect(exemptionProblems([{ ...exemption, expires: "31/12/2026" }], names, NOW)[0]).toMatch(/YYYY-MM-DD/);
  });

  it("granted in this repository are all valid today", () => {
    expect(
      exemptionProblems(
        EXEMPTIONS,
        RULES.map((r) => r.name),
        new Date(),
      ),
    ).toEqual([]);
  });
});
