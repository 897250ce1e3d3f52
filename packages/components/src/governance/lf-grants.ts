import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

/** Lake Formation permissions on databases. */
export type DatabasePermission = "CREATE_TABLE" | "ALTER" | "DROP" | "DESCRIBE";
/** Lake Formation permissions on tables. */
export type TablePermission = "SELECT" | "INSERT" | "DELETE" | "ALTER" | "DROP" | "DESCRIBE";

export interface LfPrincipalGrantsArgs {
  /** IAM role ARN the grants are for. */
  principal: pulumi.Input<string>;
  /**
   * Resources the first grant waits for (data lake settings, the databases, the tables).
   * @default []
   */
  dependsOn?: pulumi.Input<pulumi.Resource>[];
  /**
   * Grant every permission with the grant option too: for a deploy role that passes them on to
   * its layer's principals. @default false
   */
  grantable?: boolean;
}

/**
 * The Lake Formation grants of one principal, one method per kind of resource. Grants are
 * chained one after another: Lake Formation rejects concurrent permission changes for one
 * principal, which would otherwise fail a deployment at random.
 */
export class LfPrincipalGrants extends pulumi.ComponentResource {
  readonly principal: pulumi.Input<string>;
  readonly grants: aws.lakeformation.Permissions[] = [];
  private readonly logicalName: string;
  private previous: pulumi.Input<pulumi.Resource>[];
  private readonly grantable: boolean;

  constructor(name: string, args: LfPrincipalGrantsArgs, opts?: pulumi.ComponentResourceOptions) {
    super("lakehouse:governance:LfPrincipalGrants", name, {}, opts);
    this.logicalName = name;
    this.principal = args.principal;
    this.previous = args.dependsOn ?? [];
    this.grantable = args.grantable ?? false;
    this.registerOutputs({});
  }

  /** Permissions on a database itself (e.g. CREATE_TABLE), not on its tables. */
  onDatabase(id: string, databaseName: pulumi.Input<string>, permissions: DatabasePermission[]) {
    return this.grant(id, permissions, { database: { name: databaseName } });
  }

  /** Permissions on every table of a database, present and future. */
  onAllTables(id: string, databaseName: pulumi.Input<string>, permissions: TablePermission[]) {
    return this.grant(id, permissions, { table: { databaseName, wildcard: true } });
  }

  /** Permissions on one named table. */
  onTable(
    id: string,
    databaseName: pulumi.Input<string>,
    tableName: pulumi.Input<string>,
    permissions: TablePermission[],
  ) {
    return this.grant(id, permissions, { table: { databaseName, name: tableName } });
  }

  /** Permissions on tables whose LF-tags match every expression (key in values). */
  onTablesTagged(
    id: string,
    expressions: { key: string; values: string[] }[],
    permissions: TablePermission[],
  ) {
    return this.grant(id, permissions, { lfTagPolicy: { resourceType: "TABLE", expressions } });
  }

  /** Permissions on databases whose LF-tags match every expression (key in values). */
  onDatabasesTagged(
    id: string,
    expressions: { key: string; values: string[] }[],
    permissions: DatabasePermission[],
  ) {
    return this.grant(id, permissions, { lfTagPolicy: { resourceType: "DATABASE", expressions } });
  }

  /** Permissions on an LF-tag itself: ASSOCIATE assigns its values to resources, DESCRIBE sees it. */
  onLfTag(
    id: string,
    key: pulumi.Input<string>,
    values: pulumi.Input<string[]>,
    // GRANT_WITH_LF_TAG_EXPRESSION: may grant data permissions by expressions over these values
    permissions: ("ASSOCIATE" | "DESCRIBE" | "GRANT_WITH_LF_TAG_EXPRESSION")[],
  ) {
    return this.grant(id, permissions, { lfTag: { key, values } });
  }

  /** DATA_LOCATION_ACCESS: may create catalog objects (tables, partitions) pointing below `arn`. */
  onDataLocation(id: string, arn: pulumi.Input<string>) {
    return this.grant(id, ["DATA_LOCATION_ACCESS"], { dataLocation: { arn } });
  }

  private grant(
    id: string,
    permissions: string[],
    resource: Omit<aws.lakeformation.PermissionsArgs, "principal" | "permissions">,
  ): aws.lakeformation.Permissions {
    if (permissions.length === 0) throw new Error(`${this.logicalName}/${id}: no permissions given`);
    const grant = new aws.lakeformation.Permissions(
      `${this.logicalName}-${id}`,
      {
        principal: this.principal,
        permissions,
        ...(this.grantable ? { permissionsWithGrantOptions: permissions } : {}),
        ...resource,
      },
      { parent: this, dependsOn: this.previous },
    );
    this.previous = [grant];
    this.grants.push(grant);
    return grant;
  }
}
