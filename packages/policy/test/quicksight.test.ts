import { describe, expect, it } from "vitest";
import { runRule } from "../src";
import { quicksightAudience } from "../src/rules/quicksight";
import { subject } from "./fixtures";

const group = (name: string) =>
  subject("aws:quicksight/group:Group", name, { groupName: `lakehouse-dev-${name}` });
const member = (groupName: string, user: string) =>
  subject("aws:quicksight/groupMembership:GroupMembership", `${groupName}-${user}`, {
    groupName: `lakehouse-dev-${groupName}`,
    memberName: user,
  });

describe("quicksight-audience", () => {
  it("names each group without a member and the config keys that add one", () => {
    const findings = runRule(quicksightAudience, [
      group("authors"),
      group("viewers"),
      member("authors", "ana"),
    ]);
    expect(findings.map((f) => f.message)).toEqual([
      expect.stringMatching(
        /^QuickSight group "lakehouse-dev-viewers" has no members, so no one sees what is granted to it: .*quicksightAuthors or quicksightViewers \(stacks\/analytics\/Pulumi\.dev\.yaml\)/,
      ),
    ]);
  });

  it("passes when every group has a member", () => {
    expect(runRule(quicksightAudience, [group("authors"), member("authors", "ana")])).toEqual([]);
  });
});
