import DEPLOY_ACTIONS from "./deploy-actions.json";

/**
 * The access matrix: what each principal of a layer must (and must never) be able to do for the
 * architecture to work, declared as data next to the code that creates the principals
 * (`projects/<layer>/src/access.ts`) and proven against the offline plan by `lakehouse plan`
 * (packages/access).
 *
 * Strings may hold placeholders the proof fills from the plan of the stack:
 * `{account}`, `{region}`, `{env}`, `{prefix}` (`lakehouse-<env>`), `{underscored}`
 * (`lakehouse_<env>`), and `{<program>.<output>[.<key>]}`, an exported output of a program of the
 * plan, e.g. `{lake-storage.rawBucketArn}` or `{lake-storage.rawPrefixes.events}`.
 */

/** An IAM principal: a role name (`{prefix}-glue-jobs`) or an ARN (`arn:aws:iam::111122223333:root`). */
export type AccessPrincipal = string;

/** One IAM request a principal makes (or must never be able to make). */
export interface IamAccess {
  principal: AccessPrincipal;
  /** IAM actions, e.g. `s3:PutObject`; each is evaluated on its own. */
  actions: string[];
  /** The resource ARN of the request, or `*` for actions that accept only `*`. */
  resource: string;
  /**
   * Request context the call really carries, e.g. `{ "kms:ViaService": "s3.{region}.amazonaws.com" }`,
   * `{ "s3:prefix": "events/" }`. Resource tags (`aws:ResourceTag/*`), the principal's ARN, account
   * and tags and `aws:SecureTransport` are added from the plan.
   */
  context?: Record<string, string | string[]>;
  why: string;
}

/** Lake Formation permissions as the API names them. */
export type LfPermission =
  | "ALL"
  | "SELECT"
  | "INSERT"
  | "DELETE"
  | "DESCRIBE"
  | "ALTER"
  | "DROP"
  | "CREATE_TABLE"
  | "CREATE_DATABASE"
  | "DATA_LOCATION_ACCESS"
  | "ASSOCIATE";

/** One Lake Formation permission on a catalog resource. */
export interface LfAccess {
  principal: AccessPrincipal;
  permission: LfPermission;
  /** Database name (placeholders allowed). */
  database: string;
  /** Table name; `*` for every table of the database. Absent: the database itself. */
  table?: string;
  /** For SELECT: `all` (every column, e.g. `SELECT *` or a `$snapshots` metadata table) or the columns read. */
  columns?: "all" | string[];
  /** The principal must be able to grant it to others (deploy roles). */
  grantable?: boolean;
  why: string;
}

/** A layer's declared accesses. */
export interface AccessMatrix {
  required: IamAccess[];
  forbidden: IamAccess[];
  lakeFormation?: { required: LfAccess[]; forbidden: LfAccess[] };
}

/**
 * What a deploy role calls to manage Lake Formation settings, LF-tags, locations and grants. Lake Formation actions
 * accept only `"*"` as resource (Service Authorization Reference): Lake Formation itself decides.
 */
export const LAKE_FORMATION_ADMIN_ACTIONS = [
  "lakeformation:PutDataLakeSettings",
  "lakeformation:RegisterResource",
  "lakeformation:DeregisterResource",
  "lakeformation:CreateLFTag",
  "lakeformation:UpdateLFTag",
  "lakeformation:DeleteLFTag",
  "lakeformation:AddLFTagsToResource",
  "lakeformation:RemoveLFTagsFromResource",
  "lakeformation:GrantPermissions",
  "lakeformation:RevokePermissions",
  "lakeformation:BatchGrantPermissions",
  "lakeformation:BatchRevokePermissions",
];

/**
 * Per Pulumi resource type, the IAM calls that create, read, update and delete it (the
 * CloudFormation registry handlers of AWS's resource schemas, names checked against the Service
 * Authorization Reference), the calls of features this platform does not use, and which actions
 * accept only `"*"` as resource. Deploy roles are built from it (projects/bootstrap).
 */
export const DEPLOY_ACTION_TABLE = DEPLOY_ACTIONS as {
  unused: { type?: string; pattern: string; why: string }[];
  starOnly: string[];
  types: Record<string, Record<"create" | "read" | "update" | "delete", string[]>>;
};
