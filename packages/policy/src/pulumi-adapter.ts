import {
  type Policies,
  type PolicyResource,
  type ResourceValidationArgs,
  type ResourceValidationPolicy,
  type StackValidationPolicy,
  UnknownValueError,
} from "@pulumi/policy";
import type { EvaluateOptions } from "./evaluate";
import { EXEMPTIONS, findExemption } from "./exemptions";
import { runRule } from "./rule";
import { RULES } from "./rules";
import { type Subject, stackOfUrn, UNKNOWN } from "./subject";
import { isRecord } from "./values";

/**
 * The @pulumi/policy adapter: one policy per rule, with the rule's enforcement level. Resource
 * rules validate each resource's inputs as it is registered; stack rules validate the whole stack
 * at the end of a preview or update. Exempted violations are not reported.
 */
export function pulumiPolicies(options: EvaluateOptions = {}): Policies {
  const exemptions = options.exemptions ?? EXEMPTIONS;
  const now = () => options.now ?? new Date();
  return (options.rules ?? RULES).map((rule): ResourceValidationPolicy | StackValidationPolicy => {
    const current = (subjects: Subject[]) =>
      runRule(rule, subjects).filter((v) => !findExemption(v, exemptions, now()));
    const base = { name: rule.name, description: rule.description, enforcementLevel: rule.enforcement };
    if (rule.scope === "resource") {
      return {
        ...base,
        validateResource: (args, reportViolation) => {
          if (!rule.appliesTo(args.type)) return;
          for (const v of current([fromResourceArgs(args)])) reportViolation(v.message);
        },
      };
    }
    return {
      ...base,
      validateStack: (args, reportViolation) => {
        for (const v of current(args.resources.map(fromPolicyResource))) reportViolation(v.message, v.urn);
      },
    };
  });
}

/** The rule's subject for a resource being registered (its inputs). */
export function fromResourceArgs(args: ResourceValidationArgs): Subject {
  return {
    urn: args.urn,
    type: args.type,
    name: args.name,
    inputs: plainProps(args.props),
    protect: args.opts?.protect ?? false,
    stack: stackOfUrn(args.urn),
  };
}

/** The rule's subject for a resource of the stack (its outputs, and what each input was computed from). */
export function fromPolicyResource(resource: PolicyResource): Subject {
  const propertyDependencies: Record<string, string[]> = {};
  for (const [key, deps] of Object.entries(resource.propertyDependencies ?? {})) {
    propertyDependencies[key] = deps.map((d) => d.urn);
  }
  return {
    urn: resource.urn,
    type: resource.type,
    name: resource.name,
    inputs: plainProps(resource.props),
    protect: resource.opts?.protect ?? false,
    stack: stackOfUrn(resource.urn),
    propertyDependencies,
  };
}

/**
 * Copies props out of the pack's unknown-checking proxy, replacing values a preview cannot know
 * with UNKNOWN, so one unknown field does not abort a whole rule.
 */
function plainProps(props: Record<string, unknown>): Record<string, unknown> {
  const copy = plain(props);
  return isRecord(copy) ? copy : {};
}

function plain(value: unknown): unknown {
  if (Array.isArray(value)) return Array.from({ length: value.length }, (_, i) => readField(value, i));
  if (isRecord(value)) {
    const copy: Record<string, unknown> = {};
    for (const key of Object.keys(value)) copy[key] = readField(value, key);
    return copy;
  }
  return value;
}

function readField(container: Record<string | number, unknown> | unknown[], key: string | number): unknown {
  try {
    return plain((container as Record<string | number, unknown>)[key]);
  } catch (err) {
    if (err instanceof UnknownValueError) return UNKNOWN;
    throw err;
  }
}
