import type { StackRule } from "../rule";
import type { Subject } from "../subject";
import { asString } from "../values";

const GROUP = "aws:quicksight/group:Group";
const MEMBERSHIP = "aws:quicksight/groupMembership:GroupMembership";

/**
 * Every QuickSight asset is granted to the stack's groups (analytics' quicksight-audience.ts); a
 * group nobody is a member of shows the dashboard to no one. Advisory, not mandatory: membership
 * may be kept outside the stack (the QuickSight admin, or the identity provider's group sync), so
 * an empty member list in config is not wrong, only worth a look.
 */
export const quicksightAudience: StackRule = {
  name: "quicksight-audience",
  description: "Every QuickSight group the stack grants assets to has at least one member in the stack.",
  enforcement: "advisory",
  scope: "stack",
  check(subjects: readonly Subject[]) {
    const members = new Set(
      subjects.filter((s) => s.type === MEMBERSHIP).map((m) => asString(m.inputs.groupName) ?? ""),
    );
    return subjects
      .filter((s) => s.type === GROUP)
      .filter((g) => !members.has(asString(g.inputs.groupName) ?? ""))
      .map((g) => ({
        urn: g.urn,
        message: `QuickSight group "${asString(g.inputs.groupName)}" has no members, so no one sees what is granted to it: list registered QuickSight users in lakehouse-analytics:quicksightAuthors or quicksightViewers (stacks/analytics/Pulumi.${g.stack}.yaml), or add them in QuickSight.`,
      }));
  },
};

export const quicksightRules = [quicksightAudience];
