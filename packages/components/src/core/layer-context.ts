import {
  isLayer,
  LAYER_OWNERS,
  type PlatformTags,
  type ProgramName,
  platformTags,
} from "@lakehouse/contracts";
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
}

/**
 * Sets a program up the same way everywhere: platform tags on every resource, and the
 * retention policy for stateful resources (kept unless the stack config says otherwise).
 */
export function startLayer(
  program: ProgramName,
  common: { environment: string; allowDataDestruction: boolean },
): LayerContext {
  const ownerTeam = isLayer(program) ? LAYER_OWNERS[program] : "platform";
  const tags = platformTags(program, common.environment, ownerTeam);
  applyPlatformTags(tags);
  // Layer roles carry the bootstrap's workload boundary; the bootstrap's own CI roles do not.
  if (isLayer(program)) applyWorkloadBoundary(`lakehouse-${common.environment}`);
  const retainData = !common.allowDataDestruction;
  return {
    program,
    stack: pulumi.getStack(),
    environment: common.environment,
    namePrefix: `lakehouse-${common.environment}`,
    tags,
    retainData,
    statefulOptions: retainData ? { protect: true, retainOnDelete: true } : {},
  };
}
