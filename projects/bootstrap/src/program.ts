import { startLayer } from "@lakehouse/components";
import { type BootstrapOutputs, LAYERS } from "@lakehouse/contracts";
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { bootstrapConfig } from "./config";

type Exports = { [K in keyof BootstrapOutputs]: pulumi.Input<BootstrapOutputs[K]> };

/** Layer 0: what every layer's CI needs once per account (state bucket, secrets key, CI roles). */
export async function program(): Promise<Exports> {
  const config = bootstrapConfig();
  const ctx = startLayer("bootstrap", config);
  const identity = await aws.getCallerIdentity();
  void new aws.kms.Key(
    "state",
    { enableKeyRotation: true, description: "Pulumi state" },
    ctx.statefulOptions,
  );
  const secretsKey = new aws.kms.Key(
    "secrets",
    { enableKeyRotation: true, description: "Pulumi secrets" },
    ctx.statefulOptions,
  );
  const state = new aws.s3.Bucket(
    "state",
    { bucket: `${ctx.namePrefix}-pulumi-state-${identity.accountId}` },
    ctx.statefulOptions,
  );
  const oidc = new aws.iam.OpenIdConnectProvider("github", {
    url: "https://token.actions.githubusercontent.com",
    clientIdLists: ["sts.amazonaws.com"],
  });
  const ciRoles: Record<
    string,
    { previewRoleArn: pulumi.Output<string>; deployRoleArn: pulumi.Output<string> }
  > = {};
  for (const l of LAYERS) {
    const role = (kind: string) =>
      new aws.iam.Role(`${l}-${kind}`, {
        name: `${ctx.namePrefix}-${l}-${kind}`,
        assumeRolePolicy: JSON.stringify({ Version: "2012-10-17", Statement: [] }),
      }).arn;
    ciRoles[l] = { previewRoleArn: role("preview"), deployRoleArn: role("deploy") };
  }
  return {
    stateBucketName: state.bucket,
    backendUrl: pulumi.interpolate`s3://${state.bucket}`,
    secretsKeyArn: secretsKey.arn,
    secretsProvider: pulumi.interpolate`awskms://${secretsKey.keyId}?region=eu-west-1`,
    githubOidcProviderArn: oidc.arn,
    ciRoles: pulumi.output(ciRoles),
  };
}
