import { DmsAccountRoles, type LayerContext } from "@lakehouse/components";
import { singletonOwner } from "@lakehouse/contracts";
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { GITHUB_OIDC_HOST } from "./ci-roles";
import type { BootstrapConfig } from "./config";

/**
 * The account's singletons, created once per account by the bootstrap of the stack that owns them
 * (the account's first stack in `stacks/accounts.yaml`); every other stack of the account uses
 * them. One per account, so never deleted with a stack (retained), and no layer's deploy role
 * needs the rights to create them.
 */
export function accountBaseline(ctx: LayerContext, config: BootstrapConfig, accountId: string) {
  // GitHub's OIDC provider: one per account and URL (IAM CreateOpenIDConnectProvider fails with
  // EntityAlreadyExists for a second one). Adopted when it was created outside this platform.
  const ownOidc = ctx.owns("githubOidcProvider") && config.existingGithubOidcProviderArn === "";
  const oidcProviderArn = ownOidc
    ? new aws.iam.OpenIdConnectProvider(
        "github",
        { url: `https://${GITHUB_OIDC_HOST}`, clientIdLists: ["sts.amazonaws.com"] },
        { retainOnDelete: true },
      ).arn
    : pulumi.output(
        config.existingGithubOidcProviderArn || `arn:aws:iam::${accountId}:oidc-provider/${GITHUB_OIDC_HOST}`,
      );

  // dms-vpc-role and dms-cloudwatch-logs-role: DMS looks them up by these names in the account.
  if (ctx.owns("dmsAccountRoles")) new DmsAccountRoles("dms-account-roles");

  // QuickSight is subscribed once per account; its datasets and dashboards (analytics) need it.
  if (ctx.owns("quicksightSubscription") && config.quicksightSubscription === "create") {
    new aws.quicksight.AccountSubscription(
      "quicksight",
      {
        accountName: config.quicksightAccountName,
        notificationEmail: config.quicksightNotificationEmail,
        edition: config.quicksightEdition,
        authenticationMethod: "IAM_AND_QUICKSIGHT",
      },
      // Deleting the subscription unsubscribes the whole account: never as a side effect.
      { protect: true, retainOnDelete: true },
    );
  }
  return { oidcProviderArn, owner: singletonOwner("githubOidcProvider", ctx.stack) };
}
