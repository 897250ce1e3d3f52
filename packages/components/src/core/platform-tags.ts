import type { PlatformTags } from "@lakehouse/contracts";
import * as pulumi from "@pulumi/pulumi";
import taggableTypes from "./taggable-types.json";

const TAGGABLE = new Set<string>(taggableTypes);

/** Whether an AWS resource type accepts a `tags` input (from the installed @pulumi/aws). */
export function isTaggable(type: string): boolean {
  return TAGGABLE.has(type);
}

/**
 * Adds the platform tags to every taggable AWS resource of the stack; tags a resource sets
 * itself win. A stack transformation runs in the SDK before registration, so the tags are real
 * resource inputs: visible in previews, the offline plan and the policy pack alike (provider
 * default tags are not). Call once at the start of a program.
 */
export function applyPlatformTags(tags: PlatformTags): void {
  const base: Record<string, string> = { ...tags };
  pulumi.runtime.registerStackTransformation((args) => {
    if (!isTaggable(args.type)) return undefined;
    const own = args.props.tags as pulumi.Input<Record<string, pulumi.Input<string>>> | undefined;
    const merged = own === undefined ? base : pulumi.output(own).apply((t) => ({ ...base, ...t }));
    return { props: { ...args.props, tags: merged }, opts: args.opts };
  });
}
