import { commonConfigShape } from "@lakehouse/components";
import { ConfigError, loadConfig, ownsSingleton, stackFile, TOPOLOGY_FILE } from "@lakehouse/contracts";
import * as pulumi from "@pulumi/pulumi";
import { z } from "zod";

/** Config of the bootstrap program (stacks/bootstrap/Pulumi.<stack>.yaml, namespace lakehouse-bootstrap). */
export const bootstrapConfigShape = {
  ...commonConfigShape,
  githubRepository: z
    .string()
    .regex(/^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/, "owner/name")
    .describe("the GitHub repository as owner/name"),
  deployBranch: z.string().min(1).default("main"),
  /** The GitHub OIDC provider is one per account: created by the account's owning stack, or adopted. */
  existingGithubOidcProviderArn: z
    .union([z.literal(""), z.string().regex(/^arn:aws:iam::\d{12}:oidc-provider\//, "an OIDC provider ARN")])
    .default("")
    .describe(
      'the ARN of a GitHub OIDC provider created outside this platform (arn:aws:iam::<account>:oidc-provider/token.actions.githubusercontent.com; "": the owning stack creates it)',
    ),
  quicksightSubscription: z
    .enum(["create", "existing"])
    .default("create")
    .describe('"create" (the owning stack subscribes the account to QuickSight) or "existing"'),
  quicksightAccountName: z.string().default("").describe("the QuickSight account name (globally unique)"),
  quicksightNotificationEmail: z
    .union([z.literal(""), z.email()])
    .default("")
    .describe("the e-mail address for QuickSight notifications"),
  quicksightEdition: z.enum(["ENTERPRISE", "ENTERPRISE_AND_Q"]).default("ENTERPRISE"),
  stateVersionRetentionDays: z.number().int().min(1).default(90).describe("days to keep old state versions"),
  replicaRegion: z
    .union([z.literal(""), z.string().regex(/^[a-z]{2}(-[a-z]+)+-\d$/, "an AWS region, e.g. eu-central-1")])
    .default("")
    // "" (the Pulumi.yaml default) means no replica region.
    .transform((region) => (region === "" ? undefined : region))
    .describe('a second AWS region for replicas of the versioned buckets ("" for none; prod sets one)'),
};

export type BootstrapConfig = ReturnType<typeof bootstrapConfig>;

export function bootstrapConfig() {
  const config = loadConfig("bootstrap", bootstrapConfigShape);
  const stack = pulumi.getStack();
  // Only the stack that subscribes the account (stacks/accounts.yaml) needs the subscription's details.
  if (ownsSingleton("quicksightSubscription", stack) && config.quicksightSubscription === "create") {
    const missing = (["quicksightAccountName", "quicksightNotificationEmail"] as const).filter(
      (k) => config[k] === "",
    );
    if (missing.length > 0)
      throw new ConfigError(
        stackFile("bootstrap", stack),
        missing.map(
          (k) =>
            `lakehouse-bootstrap:${k}: required: stack ${stack} subscribes its account to QuickSight (${TOPOLOGY_FILE}); set it, or quicksightSubscription: existing; missing`,
        ),
      );
  }
  return config;
}
