import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

/**
 * Lake Formation parameters set explicitly, since DataLakeSettings clears what it is not given.
 * Version 4 is the current cross-account sharing protocol (hybrid access, LF-tag sharing).
 */
export const DEFAULT_LAKE_FORMATION_PARAMETERS: Record<string, string> = { CROSS_ACCOUNT_VERSION: "4" };

export interface LakeFormationSettingsArgs {
  /** Data lake administrators from configuration (IAM role or user ARNs); must not be empty. */
  admins: pulumi.Input<string>[];
  /**
   * Also make the principal running the deployment an administrator (its IAM role, resolved
   * from an assumed-role session), so that the grants of this and later layers succeed.
   * @default true
   */
  includeDeployer?: boolean;
  /** Read-only administrators. @default [] */
  readOnlyAdmins?: pulumi.Input<string>[];
  /** @default DEFAULT_LAKE_FORMATION_PARAMETERS */
  parameters?: Record<string, string>;
  /**
   * Protect the settings and retain them on delete: a destroy leaves the account's admins and
   * defaults as they are instead of clearing them. @default false
   */
  retain?: boolean;
}

/**
 * The account's Lake Formation settings, with Lake Formation as the only access gate: no default
 * `IAM_ALLOWED_PRINCIPALS` grant on new databases or tables (empty default permissions), admins
 * from config plus the deployer. Every setting is given explicitly because this singleton
 * replaces the whole configuration on each update.
 */
export class LakeFormationSettings extends pulumi.ComponentResource {
  readonly settings: aws.lakeformation.DataLakeSettings;
  /** Admins as deployed: config admins, then the deployer (deduplicated, sorted). */
  readonly admins: pulumi.Output<string[]>;

  constructor(name: string, args: LakeFormationSettingsArgs, opts?: pulumi.ComponentResourceOptions) {
    super("lakehouse:governance:LakeFormationSettings", name, {}, opts);
    // The list itself is plain (only its entries may be Outputs), so an empty one fails right here.
    if (args.admins.length === 0)
      throw new Error(`LakeFormationSettings "${name}": admins must not be empty`);
    const includeDeployer = args.includeDeployer ?? true;
    const deployer = includeDeployer
      ? aws
          .getCallerIdentityOutput({}, { parent: this })
          .arn.apply((arn) => aws.iam.getSessionContextOutput({ arn }, { parent: this }).issuerArn)
      : pulumi.output(undefined);
    this.admins = pulumi.all([pulumi.all(args.admins), deployer]).apply(([configured, d]) => {
      if (configured.length === 0)
        throw new Error(`LakeFormationSettings "${name}": admins must not be empty`);
      return [...new Set([...configured, ...(d ? [d] : [])])].sort();
    });
    this.settings = new aws.lakeformation.DataLakeSettings(
      name,
      {
        admins: this.admins,
        readOnlyAdmins: args.readOnlyAdmins ?? [],
        // Empty lists: no IAM_ALLOWED_PRINCIPALS grant, so only Lake Formation permissions apply.
        createDatabaseDefaultPermissions: [],
        createTableDefaultPermissions: [],
        parameters: args.parameters ?? DEFAULT_LAKE_FORMATION_PARAMETERS,
        trustedResourceOwners: [],
        allowExternalDataFiltering: false,
      },
      { parent: this, ...(args.retain ? { protect: true, retainOnDelete: true } : {}) },
    );
    this.registerOutputs({ admins: this.admins });
  }
}
