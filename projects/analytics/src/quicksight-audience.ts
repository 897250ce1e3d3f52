import type { LayerContext, QuickSightAudience } from "@lakehouse/components";
import * as aws from "@pulumi/aws";
import type * as pulumi from "@pulumi/pulumi";

export interface QuickSightAudienceArgs {
  /** The account's QuickSight identity region, where users and groups live. */
  identityRegion: pulumi.Input<string>;
  /** Existing QuickSight user names (default namespace) made authors: they own every asset. */
  authors: readonly string[];
  /** Existing QuickSight user names (default namespace) made viewers of the dashboard. */
  viewers: readonly string[];
}

/**
 * The stack's two QuickSight groups, `<prefix>-authors` and `<prefix>-viewers`, and their
 * members. Every asset is granted to these groups, so the dashboard is never created for no one
 * and a fresh account needs no hand-made group: CreateGroup works for QuickSight-managed
 * identities (the subscription's IAM_AND_QUICKSIGHT), and the groups live in the identity region.
 *
 * Calls and ids follow terraform-provider-aws internal/service/quicksight/group.go
 * (CreateGroup, DescribeGroup, UpdateGroup, DeleteGroup; id `<account>/default/<name>`) and
 * group_membership.go (CreateGroupMembership, ListGroupMemberships, DeleteGroupMembership).
 * Members must already be registered QuickSight users; members added by hand are left alone.
 */
export function quicksightAudience(
  ctx: LayerContext,
  args: QuickSightAudienceArgs,
  opts: pulumi.CustomResourceOptions,
): { audience: QuickSightAudience; groups: Record<"authors" | "viewers", aws.quicksight.Group> } {
  const groupOf = (role: "authors" | "viewers", members: readonly string[], description: string) => {
    const group = new aws.quicksight.Group(
      `quicksight-${role}`,
      {
        groupName: `${ctx.namePrefix}-${role}`,
        namespace: "default",
        description,
        region: args.identityRegion,
      },
      opts,
    );
    for (const member of members)
      new aws.quicksight.GroupMembership(
        `quicksight-${role}-${member.replace(/[^A-Za-z0-9-]/g, "-")}`,
        {
          awsAccountId: group.awsAccountId,
          groupName: group.groupName,
          memberName: member,
          namespace: "default",
          region: args.identityRegion,
        },
        { ...opts, parent: group },
      );
    return group;
  };
  const groups = {
    authors: groupOf("authors", args.authors, `Own the lakehouse ${ctx.environment} data sets and dashboard`),
    viewers: groupOf("viewers", args.viewers, `View the lakehouse ${ctx.environment} dashboard`),
  };
  return { audience: { owners: [groups.authors.arn], viewers: [groups.viewers.arn] }, groups };
}
