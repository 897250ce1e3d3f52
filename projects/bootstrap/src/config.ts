import { commonConfigShape } from "@lakehouse/components";
import { ConfigError, loadConfig, stackFile } from "@lakehouse/contracts";
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
  /** The GitHub OIDC provider is one per account: create it here, or pass the ARN of the existing one. */
  createGithubOidcProvider: z.boolean().default(true),
  existingGithubOidcProviderArn: z.string().default(""),
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
  if (
    !config.createGithubOidcProvider &&
    !/^arn:aws:iam::\d{12}:oidc-provider\//.test(config.existingGithubOidcProviderArn)
  ) {
    throw new ConfigError(stackFile("bootstrap", pulumi.getStack()), [
      "lakehouse-bootstrap:existingGithubOidcProviderArn: must be the ARN of the account's GitHub OIDC provider " +
        `(arn:aws:iam::<account>:oidc-provider/token.actions.githubusercontent.com) when createGithubOidcProvider is false; got ${JSON.stringify(config.existingGithubOidcProviderArn)}`,
    ]);
  }
  return config;
}
