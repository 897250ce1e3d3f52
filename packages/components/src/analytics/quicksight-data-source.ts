import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { AthenaWorkgroup } from "./athena-workgroup";
import { audiencePermissions, QUICKSIGHT_ACTIONS, type QuickSightAudience } from "./quicksight-permissions";

export interface QuickSightAthenaDataSourceArgs {
  dataSourceId: pulumi.Input<string>;
  /** @default dataSourceId */
  displayName?: pulumi.Input<string>;
  /** The workgroup every QuickSight query runs in (its result location, encryption and cutoff apply). */
  workgroup: AthenaWorkgroup;
  /** Physical name of the role QuickSight queries Athena as. */
  roleName: pulumi.Input<string>;
  /** Authors own the data source; viewers may use it in their own datasets. */
  audience: QuickSightAudience;
}

/**
 * A QuickSight data source of type ATHENA bound to one workgroup, querying as its own role
 * instead of the account-wide QuickSight service role: that role may only run queries in the
 * workgroup, and Lake Formation decides which tables and columns it reads.
 */
export class QuickSightAthenaDataSource extends pulumi.ComponentResource {
  readonly role: aws.iam.Role;
  readonly dataSource: aws.quicksight.DataSource;
  readonly arn: pulumi.Output<string>;

  constructor(name: string, args: QuickSightAthenaDataSourceArgs, opts?: pulumi.ComponentResourceOptions) {
    super("lakehouse:analytics:QuickSightAthenaDataSource", name, {}, opts);
    const account = aws.getCallerIdentityOutput({}, { parent: this }).accountId;
    this.role = new aws.iam.Role(
      `${name}-role`,
      {
        name: args.roleName,
        description: "Role QuickSight assumes to query Athena for the lakehouse data source",
        assumeRolePolicy: aws.iam.getPolicyDocumentOutput(
          {
            statements: [
              {
                actions: ["sts:AssumeRole"],
                // No aws:SourceAccount condition: QuickSight's documentation of run-as roles
                // (https://docs.aws.amazon.com/quicksight/latest/user/security-create-iam-role-athena-s3.html)
                // trusts quicksight.amazonaws.com without one and no QuickSight page says QuickSight
                // sends the key; a condition on a key the service does not send denies AssumeRole.
                principals: [{ type: "Service", identifiers: ["quicksight.amazonaws.com"] }],
              },
            ],
          },
          { parent: this },
        ).json,
      },
      { parent: this },
    );
    const query = args.workgroup.grantQuery(`${name}-athena`, this.role);
    // QuickSight browses the catalog and the workgroups as the run-as role when a source or dataset
    // is created or edited: the catalog-browse actions of AWS's AWSQuicksightAthenaAccess
    // (https://docs.aws.amazon.com/athena/latest/ug/managed-policies.html#awsquicksightathenaaccess-managed-policy).
    const region = aws.getRegionOutput({}, { parent: this }).region;
    const browse = new aws.iam.RolePolicy(
      `${name}-browse`,
      {
        role: this.role.name,
        name: "browse-athena-catalog",
        policy: aws.iam.getPolicyDocumentOutput(
          {
            statements: [
              {
                // These accept only "*" (Service Authorization Reference).
                sid: "ListCatalogsAndWorkgroups",
                actions: ["athena:ListDataCatalogs", "athena:ListWorkGroups", "athena:ListEngineVersions"],
                resources: ["*"],
              },
              {
                sid: "BrowseDataCatalog",
                actions: [
                  "athena:GetDataCatalog",
                  "athena:ListDatabases",
                  "athena:GetDatabase",
                  "athena:ListTableMetadata",
                  "athena:GetTableMetadata",
                ],
                // The account's Glue Data Catalog, as Athena names it.
                resources: [
                  pulumi.interpolate`arn:aws:athena:${region}:${account}:datacatalog/AwsDataCatalog`,
                ],
              },
            ],
          },
          { parent: this },
        ).json,
      },
      { parent: this },
    );
    this.dataSource = new aws.quicksight.DataSource(
      name,
      {
        dataSourceId: args.dataSourceId,
        name: args.displayName ?? args.dataSourceId,
        type: "ATHENA",
        parameters: { athena: { workGroup: args.workgroup.name, roleArn: this.role.arn } },
        sslProperties: { disableSsl: false },
        permissions: audiencePermissions(
          args.audience,
          QUICKSIGHT_ACTIONS.dataSourceOwner,
          QUICKSIGHT_ACTIONS.dataSourceUser,
        ),
      },
      { parent: this, dependsOn: [query, browse] },
    );
    this.arn = this.dataSource.arn;
    this.registerOutputs({ arn: this.arn, roleArn: this.role.arn });
  }
}
