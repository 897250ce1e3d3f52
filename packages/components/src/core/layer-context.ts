import {
  isLayer,
  LAYER_OWNERS,
  ownsSingleton,
  type Placement,
  type PlatformTags,
  type ProgramName,
  placementOf,
  platformTags,
  type Singleton,
  stackFile,
  TOPOLOGY_FILE,
} from "@lakehouse/contracts";
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { z } from "zod";
import { applyWorkloadBoundary } from "./permissions-boundary";
import { applyPlatformTags } from "./platform-tags";

/** Config keys every program shares (in its own namespace, `lakehouse-<layer>:<key>`). */
export const commonConfigShape = {
  environment: z
    .string()
    .regex(/^[a-z][a-z0-9-]{1,15}$/, "lower-case letters, digits and dashes, 2-16 characters")
    .describe("the environment name used in resource names and tags, e.g. dev or prod"),
  allowDataDestruction: z
    .boolean()
    .default(false)
    .describe("true only where deleting the stack may delete data (buckets, tables, keys, clusters)"),
  stackOrg: z
    .string()
    .default("")
    .describe("the organization part of stack reference names (empty: the organization Pulumi reports)"),
};

export interface LayerContext {
  program: ProgramName;
  stack: string;
  environment: string;
  /** `lakehouse-<environment>`: the prefix of every physical name. */
  namePrefix: string;
  tags: PlatformTags;
  /** Whether stateful resources are kept: protected against deletion and retained if removed. */
  retainData: boolean;
  /** Resource options for stateful resources (data buckets, tables, keys, clusters). */
  statefulOptions: pulumi.CustomResourceOptions;
  /** The account and region the stack deploys into (`stacks/accounts.yaml`), checked against the credentials. */
  placement: Placement;
  /** Whether this stack creates an account (or account-region) singleton; else another stack of its scope does. */
  owns(singleton: Singleton): boolean;
}

/**
 * Sets a program up the same way everywhere: platform tags on every resource, the retention
 * policy for stateful resources (kept unless the stack config says otherwise), and the stack's
 * placement: the credentials' account and the provider's region must be the ones
 * `stacks/accounts.yaml` names, so prod never deploys with dev's credentials or the other way round.
 */
export async function startLayer(
  program: ProgramName,
  common: { environment: string; allowDataDestruction: boolean },
): Promise<LayerContext> {
  const stack = pulumi.getStack();
  const placement = placementOf(stack);
  const [identity, region] = await Promise.all([aws.getCallerIdentity(), aws.getRegion()]);
  const problems = [
    identity.accountId === placement.account
      ? undefined
      : `stack ${stack} deploys into account ${placement.account} (${TOPOLOGY_FILE}), but the credentials are for account ${identity.accountId}: use that account's credentials, or correct ${TOPOLOGY_FILE}`,
    region.region === placement.region
      ? undefined
      : `stack ${stack} deploys into region ${placement.region} (${TOPOLOGY_FILE}), but aws:region is ${region.region} (${stackFile(program, stack)}): make them agree`,
  ].filter((p) => p !== undefined);
  if (problems.length > 0) throw new Error(problems.join("; "));
  const ownerTeam = isLayer(program) ? LAYER_OWNERS[program] : "platform";
  const tags = platformTags(program, common.environment, ownerTeam);
  applyPlatformTags(tags);
  // Layer roles carry the bootstrap's workload boundary; the bootstrap's own CI roles do not.
  if (isLayer(program)) applyWorkloadBoundary(`lakehouse-${common.environment}`);
  const retainData = !common.allowDataDestruction;
  return {
    program,
    stack,
    environment: common.environment,
    namePrefix: `lakehouse-${common.environment}`,
    tags,
    retainData,
    statefulOptions: retainData ? { protect: true, retainOnDelete: true } : {},
    placement,
    owns: (singleton) => ownsSingleton(singleton, stack),
  };
}
