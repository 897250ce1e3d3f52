import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { serviceTrust } from "./log-group";

export interface DmsAccountRolesArgs {
  /** Create `dms-vpc-role` (false when the account already has it). */
  createVpcRole: boolean;
  /** Create `dms-cloudwatch-logs-role` (false when the account already has it). */
  createCloudWatchLogsRole: boolean;
}

/**
 * The two account-wide roles DMS looks up by name. They exist once per account, so a second
 * stack (or the console) may already have created them: each is created only when asked, and
 * otherwise assumed to exist. Either way `dependencies` is what DMS resources should wait on.
 */
export class DmsAccountRoles extends pulumi.ComponentResource {
  readonly dependencies: pulumi.Resource[] = [];

  constructor(name: string, args: DmsAccountRolesArgs, opts?: pulumi.ComponentResourceOptions) {
    super("lakehouse:ingestion:DmsAccountRoles", name, {}, opts);
    const partition = aws.getPartitionOutput({}, { parent: this }).partition;
    const role = (logical: string, roleName: string, policy: string) => {
      const r = new aws.iam.Role(
        `${name}-${logical}`,
        { name: roleName, assumeRolePolicy: JSON.stringify(serviceTrust("dms.amazonaws.com")) },
        // Account-wide and shared with every DMS user in the account: never deleted with this stack.
        { parent: this, retainOnDelete: true },
      );
      const attachment = new aws.iam.RolePolicyAttachment(
        `${name}-${logical}-policy`,
        {
          role: r.name,
          policyArn: pulumi.interpolate`arn:${partition}:iam::aws:policy/service-role/${policy}`,
        },
        { parent: this, retainOnDelete: true },
      );
      this.dependencies.push(r, attachment);
    };
    if (args.createVpcRole) role("vpc", "dms-vpc-role", "AmazonDMSVPCManagementRole");
    if (args.createCloudWatchLogsRole)
      role("logs", "dms-cloudwatch-logs-role", "AmazonDMSCloudWatchLogsRole");
    this.registerOutputs({});
  }
}
