import { startLayer } from "@lakehouse/components";
import { type BootstrapOutputs, otherStackConfig } from "@lakehouse/contracts";
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { accountBaseline } from "./account-baseline";
import { CiRoles } from "./ci-roles";
import { bootstrapConfig } from "./config";
import { StateBackend } from "./state-backend";

type Exports = { [K in keyof BootstrapOutputs]: pulumi.Input<BootstrapOutputs[K]> };

/** Layer 0: the stack's state bucket, secrets key and CI roles, and the account baseline where this stack owns it. */
export async function program(): Promise<Exports> {
  const config = bootstrapConfig();
  const ctx = await startLayer("bootstrap", config);
  const [identity, region] = await Promise.all([aws.getCallerIdentity(), aws.getRegion()]);

  // 1. State backend: the state bucket and the secrets key
  const backend = new StateBackend("pulumi", {
    namePrefix: ctx.namePrefix,
    accountId: identity.accountId,
    noncurrentVersionDays: config.stateVersionRetentionDays,
    region: region.region,
    replicaRegion: config.replicaRegion,
  });

  // 2. The account baseline: GitHub OIDC provider, DMS account roles, QuickSight subscription,
  //    created by the account's owning stack (stacks/accounts.yaml) and used by every other
  const { oidcProviderArn } = accountBaseline(ctx, config, identity.accountId);

  // 3. CI roles: a preview and a deploy role per layer
  const ci = new CiRoles("ci", {
    namePrefix: ctx.namePrefix,
    accountId: identity.accountId,
    region: region.region,
    stack: ctx.stack,
    githubRepository: config.githubRepository,
    oidcProviderArn,
    stateBucketArn: backend.bucket.arn,
    stateKeyArn: backend.stateKey.arn,
    secretsKeyArn: backend.secretsKey.arn,
    ingestionConfig: otherStackConfig("ingestion", ctx.stack),
  });

  const ciRoles = pulumi.output(
    Object.fromEntries(
      Object.entries(ci.roles).map(([layer, r]) => [
        layer,
        { previewRoleArn: r.preview.arn, deployRoleArn: r.deploy.arn },
      ]),
    ),
  );
  return {
    stateBucketName: backend.bucket.bucketName,
    backendUrl: pulumi.interpolate`s3://${backend.bucket.bucketName}`,
    secretsKeyArn: backend.secretsKey.arn,
    secretsProvider: pulumi.interpolate`awskms://alias/${ctx.namePrefix}-pulumi-secrets?region=${region.region}`,
    githubOidcProviderArn: oidcProviderArn,
    ciRoles,
  };
}
