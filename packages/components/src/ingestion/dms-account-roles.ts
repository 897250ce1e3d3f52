import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { serviceTrust } from "./log-group";

/**
 * The two account-wide roles DMS looks up by name (`dms-vpc-role`, `dms-cloudwatch-logs-role`;
 * DMS User Guide, "Creating the IAM roles to use with AWS DMS"). IAM names are one per account, so
 * exactly one program per account creates them: the bootstrap of the account's owning stack
 * (`stacks/accounts.yaml`).
 */
export class DmsAccountRoles extends pulumi.ComponentResource {
  readonly dependencies: pulumi.Resource[] = [];

  constructor(name: string, opts?: pulumi.ComponentResourceOptions) {
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
    role("vpc", "dms-vpc-role", "AmazonDMSVPCManagementRole");
    role("logs", "dms-cloudwatch-logs-role", "AmazonDMSCloudWatchLogsRole");
    this.registerOutputs({});
  }
}
