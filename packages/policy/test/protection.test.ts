import { describe, expect, it } from "vitest";
import { STATEFUL_TYPES, statefulProtected } from "../src/rules/protection";
import { check } from "./fixtures";

describe("stateful-protected-in-prod", () => {
  it.each(STATEFUL_TYPES)("fails an unprotected %s in prod and passes it protected", (type) => {
    expect(check(statefulProtected, type, {}, { stack: "prod", protect: false })[0]).toMatch(
      /is not protected in production: create it with the layer context's statefulOptions/,
    );
    expect(check(statefulProtected, type, {}, { stack: "prod", protect: true })).toEqual([]);
  });

  it("leaves non-production stacks alone", () => {
    expect(
      check(statefulProtected, "aws:dynamodb/table:Table", {}, { stack: "dev", protect: false }),
    ).toEqual([]);
  });

  it("does not apply to stateless resources", () => {
    expect(statefulProtected.appliesTo("aws:iam/role:Role")).toBe(false);
  });
});
