import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

/** QuickSight resource-permission action sets (from the QuickSight ResourcePermission docs). */
export const QUICKSIGHT_ACTIONS = {
  dataSourceOwner: [
    "quicksight:DescribeDataSource",
    "quicksight:DescribeDataSourcePermissions",
    "quicksight:PassDataSource",
    "quicksight:UpdateDataSource",
    "quicksight:DeleteDataSource",
    "quicksight:UpdateDataSourcePermissions",
  ],
  dataSourceUser: [
    "quicksight:DescribeDataSource",
    "quicksight:DescribeDataSourcePermissions",
    "quicksight:PassDataSource",
  ],
  dataSetOwner: [
    "quicksight:DescribeDataSet",
    "quicksight:DescribeDataSetPermissions",
    "quicksight:PassDataSet",
    "quicksight:DescribeIngestion",
    "quicksight:ListIngestions",
    "quicksight:UpdateDataSet",
    "quicksight:DeleteDataSet",
    "quicksight:CreateIngestion",
    "quicksight:CancelIngestion",
    "quicksight:UpdateDataSetPermissions",
  ],
  dataSetViewer: [
    "quicksight:DescribeDataSet",
    "quicksight:DescribeDataSetPermissions",
    "quicksight:PassDataSet",
    "quicksight:DescribeIngestion",
    "quicksight:ListIngestions",
  ],
  dashboardOwner: [
    "quicksight:DescribeDashboard",
    "quicksight:ListDashboardVersions",
    "quicksight:QueryDashboard",
    "quicksight:UpdateDashboard",
    "quicksight:DeleteDashboard",
    "quicksight:UpdateDashboardPermissions",
    "quicksight:DescribeDashboardPermissions",
    "quicksight:UpdateDashboardPublishedVersion",
  ],
  dashboardViewer: [
    "quicksight:DescribeDashboard",
    "quicksight:ListDashboardVersions",
    "quicksight:QueryDashboard",
  ],
} as const;

/** Who may do what on a QuickSight asset: owners (authors) and viewers, as principal ARNs. */
export interface QuickSightAudience {
  owners: pulumi.Input<string>[];
  viewers: pulumi.Input<string>[];
}

/** Permission entries for an audience: owners get `ownerActions`, viewers `viewerActions`. */
export function audiencePermissions(
  audience: QuickSightAudience,
  ownerActions: readonly string[],
  viewerActions: readonly string[],
): { principal: pulumi.Input<string>; actions: string[] }[] {
  return [
    ...audience.owners.map((principal) => ({ principal, actions: [...ownerActions] })),
    ...audience.viewers.map((principal) => ({ principal, actions: [...viewerActions] })),
  ];
}

/**
 * ARN of a QuickSight group or user of the account's `default` namespace. Built rather than
 * looked up, so a preview does not fail before the principal exists. Users and groups live in
 * the account's QuickSight identity region, which need not be the stack's (AWS QuickSight API
 * reference, "Permissions for Amazon QuickSight Resources": `arn:aws:quicksight:us-east-1:...:group/default/*`).
 */
export function quicksightPrincipalArn(
  kind: "group" | "user",
  principalName: string,
  identityRegion: pulumi.Input<string>,
  opts?: pulumi.InvokeOutputOptions,
): pulumi.Output<string> {
  const account = aws.getCallerIdentityOutput({}, opts).accountId;
  const region = identityRegion;
  const partition = aws.getPartitionOutput({}, opts).partition;
  return pulumi.interpolate`arn:${partition}:quicksight:${region}:${account}:${kind}/default/${principalName}`;
}
