import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

export interface GlueSecurityConfigurationArgs {
  /** Physical name of the security configuration. */
  name: pulumi.Input<string>;
  /** Customer-managed key for the S3 objects jobs write (the lake's data key, so readers can decrypt). */
  s3KmsKeyArn: pulumi.Input<string>;
  /** Customer-managed key for CloudWatch logs and job bookmarks. */
  kmsKeyArn: pulumi.Input<string>;
}

/**
 * The Glue security configuration every job and crawler of a layer runs with: S3 writes
 * SSE-KMS with the data key, logs and job bookmarks with customer-managed keys too.
 */
export class GlueSecurityConfiguration extends pulumi.ComponentResource {
  readonly configuration: aws.glue.SecurityConfiguration;
  /** Name to put in a job's or crawler's `securityConfiguration`. */
  readonly name: pulumi.Output<string>;

  constructor(name: string, args: GlueSecurityConfigurationArgs, opts?: pulumi.ComponentResourceOptions) {
    super("lakehouse:etl:GlueSecurityConfiguration", name, {}, opts);
    this.configuration = new aws.glue.SecurityConfiguration(
      name,
      {
        name: args.name,
        encryptionConfiguration: {
          s3Encryption: { s3EncryptionMode: "SSE-KMS", kmsKeyArn: args.s3KmsKeyArn },
          cloudwatchEncryption: { cloudwatchEncryptionMode: "SSE-KMS", kmsKeyArn: args.kmsKeyArn },
          jobBookmarksEncryption: { jobBookmarksEncryptionMode: "CSE-KMS", kmsKeyArn: args.kmsKeyArn },
        },
      },
      { parent: this },
    );
    this.name = this.configuration.name;
    this.registerOutputs({ name: this.name });
  }
}
