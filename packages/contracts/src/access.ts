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

/**
 * One call an AWS runtime (Glue, Athena, QuickSight, Firehose, DMS) makes with a principal's
 * credentials, as the runtime's documentation or source says, with that source. Runtime call lists
 * (`packages/contracts/src/runtime-calls/`) are written from the runtime's side, never from the
 * grants: a layer binds them to its principals and resources (`runtimeAccess`), and the proof
 * evaluates them like any other required access.
 *
 * Templates may hold the use's parameters as `<name>` (bound by the layer) and the matrix
 * placeholders as `{…}` (filled from the plan).
 */
export interface RuntimeCall {
  /** IAM actions; each is evaluated on each of `resources`. Absent for a Lake Formation permission. */
  actions?: readonly string[];
  /**
   * The ARNs the request is authorized against. Glue authorizes a table call against the catalog,
   * the database and the table, so all three are listed.
   */
  resources?: readonly string[];
  /** Request context the call carries (e.g. `kms:ViaService`). */
  context?: Record<string, string>;
  /** A Lake Formation permission the call needs instead of (or besides) IAM. */
  lakeFormation?: {
    permission: LfPermission;
    database: string;
    table?: string;
    /** `all`, or a parameter (`<columns>`) bound to the column list. */
    columns?: "all" | string;
  };
  /** Where this call is documented: an AWS documentation URL (and section), or `owner/repo@commit path` of the runtime's source. */
  source: string;
}

/** Something a runtime does, once when it starts or on each run, and the calls it makes for it. */
export interface RuntimeUse {
  when: "start" | "run";
  /** What the runtime does, e.g. "reads a catalog table". */
  does: string;
  /** The parameters its calls name as `<param>`; every one must be bound. */
  params: readonly string[];
  calls: RuntimeCall[];
}

/** A runtime and every call it makes, from its documentation. */
export interface RuntimeCalls {
  runtime: string;
  uses: Record<string, RuntimeUse>;
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
