import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { Parameter } from "@aws-sdk/client-rds";
import { DEFAULT_INVOKES, type ProgramRun, readStackConfig, runProgram } from "@lakehouse/testing";
import { parse } from "yaml";
import { program } from "../../src/program";
import { repoRoot } from "./program";

const dir = join(__dirname, "..", "attached");

/**
 * The test stack config with both sources attached: the dev stack's file, then Pulumi.attached.yaml
 * over it, run as the dev stack (its account and region in stacks/accounts.yaml, where the owner's
 * resources of provider-answers.json live) under its own environment name.
 */
export const ATTACHED_STACK = "dev";

// biome-ignore lint/suspicious/noExplicitAny: provider answers are JSON in several result shapes
export type ProviderAnswers = Record<string, any>;

/** A fresh copy of what the account answers for the attached sources (provider-answers.json). */
export function providerAnswers(): ProviderAnswers {
  const { $comment: _, ...answers } = JSON.parse(readFileSync(join(dir, "provider-answers.json"), "utf8"));
  return answers;
}

/** Each data source's lookup argument, as the program passes it. */
const lookupKey: Record<string, (args: Record<string, unknown>) => string> = {
  "aws:dynamodb/getTable:getTable": (a) => String(a.name),
  "aws:rds/getCluster:getCluster": (a) => String(a.clusterIdentifier),
  "aws:rds/getSubnetGroup:getSubnetGroup": (a) => String(a.name),
  "aws:vpc/getSecurityGroupRules:getSecurityGroupRules": (a) =>
    String((a.filters as { values: string[] }[])[0]?.values[0]),
  "aws:vpc/getSecurityGroupRule:getSecurityGroupRule": (a) => String(a.securityGroupRuleId),
  "aws:secretsmanager/getSecret:getSecret": (a) => String(a.arn),
  "aws:kms/getKey:getKey": (a) => String(a.keyId),
};

/** Invoke fakes answering from `answers`; a lookup of something the account lacks fails as the provider does. */
export function attachedInvokes(answers: ProviderAnswers) {
  return Object.fromEntries(
    Object.entries(lookupKey).map(([token, key]) => [
      token,
      (args: Record<string, unknown>, region: string, account: string) => {
        const found = answers[token]?.[key(args)];
        if (found) return found;
        const fallback = DEFAULT_INVOKES[token];
        if (fallback) return fallback(args, region, account);
        throw new Error(`${token}: ${key(args)} not found`);
      },
    ]),
  );
}

/** DescribeDBClusterParameters answered from `answers` (all pages at once). */
export function describeFrom(answers: ProviderAnswers) {
  return async (groupName: string): Promise<Parameter[]> => {
    const parameters = answers.DescribeDBClusterParameters?.[groupName];
    if (!parameters) throw new Error(`DBParameterGroupNotFound: ${groupName}`);
    return parameters;
  };
}

/** The stack config of the attached variant, plus overrides. */
export function attachedConfig(overrides: Record<string, string> = {}) {
  const { config, secretKeys } = readStackConfig(repoRoot, "ingestion", "dev");
  const overlay = (
    parse(readFileSync(join(dir, "Pulumi.attached.yaml"), "utf8")) as {
      config: Record<string, unknown>;
    }
  ).config;
  const attached = Object.fromEntries(
    Object.entries(overlay).map(([k, v]) => [k, typeof v === "string" ? v : JSON.stringify(v)]),
  );
  return { config: { ...config, ...attached, ...overrides }, secretKeys };
}

/** Runs the ingestion program on the attached variant against `answers`. */
export function runAttached(
  answers: ProviderAnswers = providerAnswers(),
  overrides: Record<string, string> = {},
): Promise<ProgramRun> {
  const { config, secretKeys } = attachedConfig(overrides);
  return runProgram(() => program({ describeClusterParameters: describeFrom(answers) }), {
    project: "lakehouse-ingestion",
    stack: ATTACHED_STACK,
    config,
    secretKeys,
    invokes: attachedInvokes(answers),
  });
}
