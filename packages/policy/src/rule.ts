import { resourceLabel } from "./resource-label";
import type { Subject } from "./subject";

/**
 * Mandatory rules block a preview, an update and the offline plan. Advisory rules are printed:
 * they encode a judgement that a reviewer should weigh, not a platform promise.
 */
export type Enforcement = "mandatory" | "advisory";

interface RuleInfo {
  /** Kebab-case id; also the policy name in the pack and the `rule` of an exemption. */
  name: string;
  /** What the rule demands, in one sentence. */
  description: string;
  enforcement: Enforcement;
}

/** A rule over one resource: returns one message per problem (what is wrong and how to fix it). */
export interface ResourceRule extends RuleInfo {
  scope: "resource";
  appliesTo(type: string): boolean;
  check(subject: Subject): string[];
}

/** A rule over a whole stack, for promises that span resources (a bucket and its companions). */
export interface StackRule extends RuleInfo {
  scope: "stack";
  check(subjects: readonly Subject[]): Finding[];
}

export type Rule = ResourceRule | StackRule;

export interface Finding {
  urn: string;
  message: string;
}

export interface Violation extends Finding {
  rule: string;
}

/** `appliesTo` for a fixed set of type tokens. */
export function ofType(...types: string[]): (type: string) => boolean {
  const set = new Set(types);
  return (type) => set.has(type);
}

/** Runs one rule over subjects; resource rules see each subject of their types. */
export function runRule(rule: Rule, subjects: readonly Subject[]): Violation[] {
  if (rule.scope === "stack") return rule.check(subjects).map((f) => ({ ...f, rule: rule.name }));
  return subjects
    .filter((s) => rule.appliesTo(s.type))
    .flatMap((s) => rule.check(s).map((message) => ({ urn: s.urn, rule: rule.name, message })));
}

/**
 * A resource rule whose `check` returns the problem(s) without the resource's name; the message
 * is prefixed with it (`Table "orders" has no point-in-time recovery: ...`).
 */
export function resourceRule(
  name: string,
  enforcement: Enforcement,
  description: string,
  appliesTo: (type: string) => boolean,
  check: (subject: Subject) => string | string[] | undefined,
): ResourceRule {
  return {
    name,
    description,
    enforcement,
    scope: "resource",
    appliesTo,
    check(subject) {
      const problems = check(subject);
      const list = problems === undefined ? [] : Array.isArray(problems) ? problems : [problems];
      return list.map((problem) => `${resourceLabel(subject)} ${problem}`);
    },
  };
}
