/**
 * The neutral shape every rule reads: what both the Pulumi policy adapter and the offline plan
 * can provide about a resource. Rules never see `@pulumi/policy` or plan-file types.
 */
export interface Subject {
  urn: string;
  /** Type token, e.g. `aws:s3/bucket:Bucket`. */
  type: string;
  /** Logical (Pulumi) name. */
  name: string;
  /** Resource inputs; values unknown during a preview are `UNKNOWN`, secrets `"[secret]"`. */
  inputs: Record<string, unknown>;
  /** The `protect` resource option. */
  protect: boolean;
  /** Stack name, e.g. `dev` or `prod`. */
  stack: string;
  /** Physical id where known (the offline plan has one; a preview may not). */
  id?: string | null;
  /**
   * URNs of the resources each input property was computed from. A preview gives these, so a
   * companion whose `bucket` input is still unknown can be matched to its bucket.
   */
  propertyDependencies?: Record<string, readonly string[]>;
}

/** A value Pulumi cannot know until the resource is created (preview only). */
export const UNKNOWN = "[unknown]";

/** The stack of a URN: `urn:pulumi:<stack>::<project>::<type>::<name>`. */
export function stackOfUrn(urn: string): string {
  const match = /^urn:pulumi:([^:]+)::/.exec(urn);
  if (!match?.[1]) throw new Error(`not a Pulumi URN: ${urn}`);
  return match[1];
}

/** Production stacks (`prod`, `prod-eu`, ...) get the stricter rules: protection, deletion protection. */
export function isProduction(stack: string): boolean {
  return /^prod(-|$)/.test(stack);
}
