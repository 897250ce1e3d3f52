import { EXEMPTIONS, type Exemption, findExemption } from "./exemptions";
import type { Rule, Violation } from "./rule";
import { runRule } from "./rule";
import { RULES } from "./rules";
import type { Subject } from "./subject";

export interface EvaluateOptions {
  rules?: readonly Rule[];
  exemptions?: readonly Exemption[];
  /** The day exemptions are checked against (tests pin it). */
  now?: Date;
}

export interface ExemptedViolation extends Violation {
  exemption: Exemption;
}

export interface Evaluation {
  /** Violations of mandatory rules: a plan with any of these fails. */
  mandatory: Violation[];
  /** Violations of advisory rules: printed, never fatal. */
  advisory: Violation[];
  /** Violations covered by a current exemption: printed so they stay visible. */
  exempted: ExemptedViolation[];
}

/** Runs the rules over one stack's resources and sorts the violations by enforcement. */
export function evaluate(subjects: readonly Subject[], options: EvaluateOptions = {}): Evaluation {
  const exemptions = options.exemptions ?? EXEMPTIONS;
  const now = options.now ?? new Date();
  const result: Evaluation = { mandatory: [], advisory: [], exempted: [] };
  for (const rule of options.rules ?? RULES) {
    for (const violation of runRule(rule, subjects)) {
      const exemption = findExemption(violation, exemptions, now);
      if (exemption) result.exempted.push({ ...violation, exemption });
      else result[rule.enforcement].push(violation);
    }
  }
  return result;
}

/** A resource of the offline plan (`.plan/<stack>/<project>.json`). */
export interface PlannedResource {
  urn: string;
  type: string;
  name: string;
  inputs: Record<string, unknown>;
  protect: boolean;
  id?: string | null;
}

/**
 * The offline adapter: evaluates one program's planned resources (one Pulumi stack, as the pack
 * sees it in a preview) for the given stack name.
 */
export function evaluateOffline(
  resources: readonly PlannedResource[],
  options: EvaluateOptions & { stack: string },
): Evaluation {
  const subjects = resources.map(
    (r): Subject => ({
      urn: r.urn,
      type: r.type,
      name: r.name,
      inputs: r.inputs,
      protect: r.protect,
      stack: options.stack,
      id: r.id ?? null,
    }),
  );
  return evaluate(subjects, options);
}

/** One line per violation: `[rule] urn: message`. */
export function formatViolation(violation: Violation): string {
  return `[${violation.rule}] ${violation.urn}: ${violation.message}`;
}
