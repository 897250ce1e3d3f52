import type * as pulumi from "@pulumi/pulumi";

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
