import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { policyJson } from "../security/policy";
import type { SecureBucket } from "../storage/secure-bucket";

export interface DataLocationsArgs {
  /** Physical name of the data-access role Lake Formation assumes. */
  roleName: string;
  /**
   * Resources registration must wait for (the data lake settings that make the deployer an admin).
   * @default []
   */
  dependsOn?: pulumi.Resource[];
}

/**
 * S3 locations registered with Lake Formation through a dedicated data-access role (not the
 * service-linked role, which cannot use customer-managed KMS keys of other accounts and cannot be
 * scoped): Lake Formation vends this role's credentials, limited per grant, to Athena and Glue.
 */
export class DataLocations extends pulumi.ComponentResource {
  readonly role: aws.iam.Role;
  readonly roleArn: pulumi.Output<string>;
  readonly registrations: aws.lakeformation.Resource[] = [];
  private readonly dependsOn: pulumi.Resource[];

  constructor(name: string, args: DataLocationsArgs, opts?: pulumi.ComponentResourceOptions) {
    super("lakehouse:governance:DataLocations", name, {}, opts);
    this.dependsOn = args.dependsOn ?? [];
    const account = aws.getCallerIdentityOutput({}, { parent: this }).accountId;
    this.role = new aws.iam.Role(
      name,
      {
        name: args.roleName,
        description: "Lake Formation data access to the registered lake locations",
        assumeRolePolicy: policyJson(
          account.apply((a) => [
            {
              Sid: "LakeFormationAssumes",
              Effect: "Allow" as const,
              Principal: { Service: "lakeformation.amazonaws.com" },
              Action: "sts:AssumeRole",
              Condition: { StringEquals: { "aws:SourceAccount": a } },
            },
          ]),
        ),
      },
      { parent: this },
    );
    this.roleArn = this.role.arn;
    this.registerOutputs({ roleArn: this.roleArn });
  }

  /** Registers a whole bucket, and lets the data-access role read and write it (through S3 only for KMS). */
  register(bucket: SecureBucket): aws.lakeformation.Resource {
    const name = pulumi.resourceName(bucket);
    const grant = bucket.grantReadWrite(this.role);
    const registration = new aws.lakeformation.Resource(
      `${pulumi.resourceName(this)}-${name}`,
      {
        arn: bucket.arn,
        roleArn: this.role.arn,
        useServiceLinkedRole: false,
        hybridAccessEnabled: false,
      },
      { parent: this, dependsOn: [grant, ...this.dependsOn] },
    );
    this.registrations.push(registration);
    return registration;
  }
}
