export {
  type EvaluateOptions,
  type Evaluation,
  type ExemptedViolation,
  evaluate,
  evaluateOffline,
  formatViolation,
  type PlannedResource,
} from "./evaluate";
export {
  EXEMPTIONS,
  type Exemption,
  exemptionProblems,
  findExemption,
  MAX_EXEMPTION_DAYS,
} from "./exemptions";
export { fromPolicyResource, fromResourceArgs, pulumiPolicies } from "./pulumi-adapter";
export { type GuardrailReport, guardrailReport, type PlannedProgram } from "./report";
export {
  type Enforcement,
  type Finding,
  type ResourceRule,
  type Rule,
  runRule,
  type StackRule,
  type Violation,
} from "./rule";
export { RULES } from "./rules";
export { AUDIT_LOG_COMPONENTS, isStateful, STATEFUL_TYPES } from "./stateful";
export { isProduction, type Subject, stackOfUrn, UNKNOWN } from "./subject";

/** The policy pack's name, for `pulumi preview --policy-pack` and the Automation API's `policyPacks`. */
export const POLICY_PACK_NAME = "lakehouse-guardrails";
