import { type EvaluateOptions, evaluateOffline, formatViolation, type PlannedResource } from "./evaluate";

/** One program of an offline plan, as `runPlan` returns it. */
export interface PlannedProgram {
  layer: string;
  stack: string;
  resources: readonly PlannedResource[];
}

export interface GuardrailReport {
  mandatory: number;
  advisory: number;
  exempted: number;
  /** What `pnpm lakehouse plan` prints: one line per violation, then a summary per stack. */
  lines: string[];
}

/** Evaluates each program of a plan on its own (as the pack sees one stack) and words the result. */
export function guardrailReport(
  plans: readonly PlannedProgram[],
  options: EvaluateOptions = {},
): GuardrailReport {
  const report: GuardrailReport = { mandatory: 0, advisory: 0, exempted: 0, lines: [] };
  for (const plan of plans) {
    const where = `guardrails ${plan.stack}/${plan.layer}`;
    const result = evaluateOffline(plan.resources, { ...options, stack: plan.stack });
    for (const v of result.mandatory) report.lines.push(`${where}: MANDATORY ${formatViolation(v)}`);
    for (const v of result.advisory) report.lines.push(`${where}: advisory ${formatViolation(v)}`);
    for (const v of result.exempted) {
      report.lines.push(
        `${where}: exempted until ${v.exemption.expires} (${v.exemption.owner}) ${formatViolation(v)}`,
      );
    }
    report.mandatory += result.mandatory.length;
    report.advisory += result.advisory.length;
    report.exempted += result.exempted.length;
  }
  const stacks = [...new Set(plans.map((p) => p.stack))].join(", ");
  report.lines.push(
    `guardrails ${stacks}: ${report.mandatory} mandatory, ${report.advisory} advisory, ${report.exempted} exempted violation(s)` +
      (report.mandatory > 0
        ? "; fix the mandatory ones, or ask for an exemption in packages/policy/src/exemptions.ts (see packages/policy/README.md)"
        : ""),
  );
  return report;
}
