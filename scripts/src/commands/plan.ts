import { appendFileSync, existsSync, mkdirSync, realpathSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { diffAccess, renderAccessDiff } from "@lakehouse/access";
import { type ProgramName, TOPOLOGY_FILE, topology } from "@lakehouse/contracts";
import { guardrailReport } from "@lakehouse/policy";
import { computeAlarmMatrix, renderAlarmMatrix } from "../alarms/matrix";
import {
  allowFlags,
  booleanFlag,
  layersFlag,
  type ParsedArgs,
  stacksFlag,
  stringFlag,
  UsageError,
} from "../args";
import type { CommandSpec } from "../command-spec";
import { budgetViolation } from "../cost/budget";
import { estimateCost } from "../cost/estimate";
import { costHeadline, renderCostDiff, renderCostMarkdown, renderCostTable } from "../cost/render";
import { stackCost } from "../cost/stack-cost";
import { renderFreshness, renderFreshnessDiff } from "../freshness/render";
import { computeFreshness, type FreshnessReport } from "../freshness/staleness";
import {
  guardVerdict,
  offlineStatefulChanges,
  parseLabels,
  renderGuard,
  STATEFUL_APPROVAL_LABEL,
} from "../guard/stateful-guard";
import {
  loadDeployInputs,
  loadMatrices,
  type MatrixLoader,
  proveStackAccess,
  writeLayerResources,
} from "../plan/access-proof";
import { ga4GrainProblems } from "../plan/ga4-grain";
import { type PlanOptions, type ProgramLoader, runPlan } from "../plan/run-plan";
import { checkTopology, scopeSingletons } from "../plan/topology-check";
import { writePlan } from "../plan/write-plan";
import { diffPlans } from "../plan-diff/diff-plans";
import { readPlans } from "../plan-diff/read-plans";
import { renderPlanDiff } from "../plan-diff/render-diff";
import { describeUrnChange, urnChanges } from "../plan-diff/urn-stability";
import { REPO_ROOT } from "../repo-root";

export const planSpec: CommandSpec = {
  name: "plan",
  synopsis:
    "[--stack dev|prod] [--layers a,b] [--out dir] [--diff <base plan dir> [--diff-out file.md] [--pr-labels json]] [--update-deploy-roles]",
  description:
    "Offline plan: runs the bootstrap and every layer program under mocks (no cloud, no Pulumi CLI) in DAG order, writes <out>/<stack>/, prints the monthly cost estimate per layer, and checks the guardrails, the freshness targets, the budget and the access proof (exit 1 on a mandatory violation, a missed target, an estimate over monthlyBudgetUsd or an access defect).",
  flags: {
    stack: "one stack (default: every stack)",
    layers: "these layers and the layers they read (default: all)",
    out: "output folder (default .plan)",
    diff: "a base plan folder written by `lakehouse plan --out` on the base commit; writes a Markdown diff (needs --stack)",
    "diff-out": "where the diff goes (default <out>/<stack>/diff.md)",
    "pr-labels": `the pull request's labels as a JSON array; "${STATEFUL_APPROVAL_LABEL}" lets a stateful replace or delete through the diff's guard`,
    "update-deploy-roles":
      "write projects/bootstrap/src/layer-resources.json (what each layer's deploy role may call, on which resources) from the plans",
  },
};

/** Test hook: `<program>.<key>` is removed from that program's outputs before its consumers run. */
export const DROP_OUTPUT_ENV = "LAKEHOUSE_PLAN_DROP_OUTPUT";

/**
 * `lakehouse plan [--stack dev|prod] [--layers a,b] [--out dir] [--diff <base plan dir> [--diff-out file]]`:
 * the offline plan, written to `<out>/<stack>/` (default `.plan/`), checked by the guardrails (exit 1
 * on a mandatory violation, after the files are written). With `--diff`, also a Markdown
 * comparison with the base plan, written to `--diff-out` (default `<out>/<stack>/diff.md`).
 */
export interface PlanDeps {
  repoRoot?: string;
  log?: (line: string) => void;
  env?: NodeJS.ProcessEnv;
  loadProgram?: ProgramLoader;
  /** Loads the access matrices of the planned programs; default: `projects/<layer>/src/access.ts`. */
  loadMatrices?: MatrixLoader;
}

export async function planCommand(args: ParsedArgs, deps: PlanDeps = {}): Promise<number> {
  const repoRoot = deps.repoRoot ?? REPO_ROOT;
  const log = deps.log ?? console.log;
  allowFlags(args, Object.keys(planSpec.flags));
  const updateDeployRoles = booleanFlag(args.flags, "update-deploy-roles");
  const planned: { stack: string; plans: Awaited<ReturnType<typeof runPlan>> }[] = [];
  const baseDir = stringFlag(args.flags, "diff");
  const stacks = stacksFlag(args.flags, baseDir !== undefined);
  const layers = layersFlag(args.flags);
  const outDir = resolve(stringFlag(args.flags, "out") ?? join(repoRoot, ".plan"));
  const diffOut = stringFlag(args.flags, "diff-out");
  const labels = parseLabels(stringFlag(args.flags, "pr-labels"));
  if (diffOut !== undefined && baseDir === undefined)
    throw new UsageError("--diff-out needs --diff <base plan dir>");
  if (labels.length > 0 && baseDir === undefined)
    throw new UsageError("--pr-labels needs --diff <base plan dir> (the labels approve changes in the diff)");
  if (baseDir !== undefined && !existsSync(baseDir))
    throw new UsageError(
      `--diff ${baseDir}: no such folder (write it with "lakehouse plan --out ${baseDir}" on the base commit)`,
    );
  if (baseDir !== undefined && sameFolder(baseDir, outDir))
    throw new UsageError(
      `--diff ${baseDir} is the folder this plan writes (--out ${outDir}), so it would compare the plan with itself; write the base plan elsewhere (lakehouse plan --out /tmp/base-plan on the base commit)`,
    );
  const basePlans = baseDir === undefined ? undefined : readPlans(baseDir, stacks[0] as string);
  const alterOutputs = dropOutput((deps.env ?? process.env)[DROP_OUTPUT_ENV]);
  let mandatoryViolations = 0;
  let accessFailures = 0;
  let freshnessFailures = 0;
  let costFailures = 0;
  let guardFailures = 0;
  let grainFailures = 0;
  let uncoveredHops = 0;
  for (const stack of stacks) {
    const started = performance.now();
    const plans = await runPlan({ repoRoot, stack, layers, alterOutputs, loadProgram: deps.loadProgram });
    const files = writePlan(outDir, stack, plans);
    planned.push({ stack, plans });
    const count = plans.reduce((n, p) => n + p.resources.length, 0);
    log(
      `plan ${stack}: ${plans.length} programs, ${count} resources in ${((performance.now() - started) / 1000).toFixed(1)} s -> ${files.length} files in ${join(outDir, stack)}`,
    );
    // The same rule functions the policy pack runs on previews, evaluated on the planned resources.
    const guardrails = guardrailReport(plans);
    for (const line of guardrails.lines) log(line);
    mandatoryViolations += guardrails.mandatory;
    // Worst-case staleness per table and dashboard data set, against the stack's targets.
    const freshness = freshnessOf(stack, plans);
    if (freshness === undefined) {
      log(
        `freshness ${stack}: not computed (the tables' layers, ingestion and transformation, are not all planned)`,
      );
    } else if ("error" in freshness) {
      log(`freshness ${stack}: ${freshness.error}`);
      freshnessFailures += 1;
    } else {
      appendFileSync(join(outDir, stack, "summary.md"), `\n${renderFreshness(freshness)}`);
      for (const line of freshness.failures) log(`freshness ${stack}: target missed: ${line}`);
      log(
        `freshness ${stack}: ${freshness.tables.length} tables, ${freshness.dataSets.length} dashboard data sets, ${freshness.failures.length} target(s) missed`,
      );
      freshnessFailures += freshness.failures.length;
    }
    // What the plan costs a month, per resource and layer, against the stack's budget.
    const cost = stackCost(repoRoot, stack, plans);
    appendFileSync(
      join(outDir, stack, "summary.md"),
      `\n${renderCostMarkdown(cost.estimate, cost.config.monthlyBudgetUsd)}`,
    );
    log(costHeadline(cost.estimate));
    for (const line of renderCostTable(cost.estimate, { resources: false }).split("\n")) log(`  ${line}`);
    const overBudget = budgetViolation(cost.estimate, cost.config.monthlyBudgetUsd, cost.config.file);
    if (overBudget) {
      log(`cost ${stack}: ${overBudget}`);
      costFailures += 1;
    }
    // The GA4 flow writes no field the refine does not declare (an undeclared dimension changes the grain).
    const grain = ga4GrainProblems(stack, plans);
    for (const line of grain) log(`sources ${stack}: ${line}`);
    grainFailures += grain.length;
    // Every hop of the data path, derived from the planned resources, needs an alarm for failure and for silence.
    if (["lake-storage", "ingestion", "transformation"].every((l) => plans.some((p) => p.layer === l))) {
      try {
        const matrix = computeAlarmMatrix(stack, plans);
        appendFileSync(join(outDir, stack, "summary.md"), `\n${renderAlarmMatrix(matrix)}`);
        for (const line of matrix.uncovered) log(`alarms ${stack}: uncovered hop: ${line}`);
        log(
          `alarms ${stack}: ${matrix.hops.length} hops, ${matrix.uncovered.length} without an alarm for failure, silence or (jobs) data quality, ${matrix.hops.filter((h) => h.dashboard.length > 0).length} charted on the dashboard`,
        );
        uncoveredHops += matrix.uncovered.length;
      } catch (err) {
        log(`alarms ${stack}: ${err instanceof Error ? err.message : String(err)}`);
        uncoveredHops += 1;
      }
    } else {
      log(
        `alarms ${stack}: matrix not computed (lake-storage, ingestion and transformation are not all planned)`,
      );
    }
    // Every declared access against the real IAM engine and the Lake Formation rules; every policy linted.
    const accessStarted = performance.now();
    const proof = await proveStackAccess(
      stack,
      plans,
      join(outDir, stack, "summary.md"),
      await (deps.loadMatrices ?? loadMatrices)(repoRoot, plans),
      deps.loadMatrices ? undefined : loadDeployInputs(repoRoot),
      scopeSingletons(stack, planned, topology()),
    );
    for (const line of proof.failures) log(`access ${stack}: ${line}`);
    log(
      `access ${stack}: ${proof.checks.filter((c) => c.ok).length}/${proof.checks.length} declared accesses hold, ${proof.lint.length} policy lint finding(s) in ${((performance.now() - accessStarted) / 1000).toFixed(1)} s`,
    );
    accessFailures += proof.failures.length;
    if (basePlans) {
      const projects = new Set(plans.map((p) => p.project));
      // with --layers, compare only the programs planned now
      const base = layers ? basePlans.filter((p) => projects.has(p.project)) : basePlans;
      const target = resolve(diffOut ?? join(outDir, stack, "diff.md"));
      mkdirSync(dirname(target), { recursive: true });
      // Reviewers see privilege changes, not only resource changes.
      const baseFreshness = freshness && !("error" in freshness) ? freshnessOf(stack, base) : undefined;
      const freshnessDiff =
        freshness && !("error" in freshness)
          ? `\n${renderFreshnessDiff(stack, baseFreshness ?? { error: "the base plan has no transformation layer" }, freshness)}`
          : "";
      // The base priced with this branch's usage and prices: the delta is what the change to the plan costs.
      const baseCost = estimateCost(stack, cost.estimate.region, base, cost.config.usage, cost.prices);
      const diffs = diffPlans(base, plans);
      // A stateful replace or delete fails the check unless the pull request is labelled for it;
      // a stateful URN change without an alias fails it always (the alias is the fix).
      const verdict = guardVerdict(offlineStatefulChanges(diffs), labels);
      const renames = urnChanges(diffs);
      for (const c of verdict.changes)
        log(
          `stateful ${stack}: ${c.op} ${c.type} ${c.urn}: ${c.why}${verdict.approved ? ` (approved by the label ${STATEFUL_APPROVAL_LABEL})` : ` (fails the check; the label ${STATEFUL_APPROVAL_LABEL} lets it through)`}`,
        );
      for (const c of renames) log(`urn ${stack}: ${describeUrnChange(c)}`);
      guardFailures += (verdict.blocked ? 1 : 0) + renames.length;
      if (verdict.blocked || renames.length > 0)
        log(
          `plan diff ${stack}: the check fails: ${verdict.blocked ? verdict.changes.length : 0} stateful change(s) without the label ${STATEFUL_APPROVAL_LABEL}, ${renames.length} URN change(s) without an alias`,
        );
      const urnNotice =
        renames.length === 0
          ? ""
          : `> [!CAUTION]\n> **URN changes without an alias: the check fails.**\n>\n${renames.map((c) => `> - ${describeUrnChange(c)}`).join("\n")}\n`;
      writeFileSync(
        target,
        `${renderPlanDiff(stack, diffs, `${renderGuard(stack, verdict)}${urnNotice}`)}\n${renderCostDiff(baseCost, cost.estimate, new Map(diffs.flatMap((d) => d.renamed.map((r) => [r.from, r.to.urn]))))}\n${renderAccessDiff(diffAccess(base, plans))}${freshnessDiff}`,
      );
      log(`plan diff ${stack} against ${baseDir} -> ${target}`);
    }
  }
  // Singletons and physical names across the stacks of each account and region (stacks/accounts.yaml).
  const topo = checkTopology(planned, topology());
  if (topo === undefined)
    log(`topology: not checked (it needs every stack of ${TOPOLOGY_FILE} planned with every layer)`);
  else {
    for (const line of topo.failures) log(`topology: ${line}`);
    log(
      `topology: ${planned.length} stacks in ${topo.scopes} account and account-region scopes, ${topo.names} singletons and physical names, ${topo.failures.length} conflict(s) or missing singleton(s)`,
    );
  }
  if (updateDeployRoles) {
    // The deploy roles follow the plans: every layer's types and resources, over every stack planned.
    const file = await writeLayerResources(repoRoot, planned, (s) => scopeSingletons(s, planned, topology()));
    log(
      `deploy roles: ${file} written from the plans of ${planned.map((p) => p.stack).join(", ")}; plan again to prove them`,
    );
    return 0;
  }
  const topologyFailures = topo?.failures.length ?? 0;
  return mandatoryViolations > 0 ||
    accessFailures > 0 ||
    grainFailures > 0 ||
    freshnessFailures > 0 ||
    costFailures > 0 ||
    topologyFailures > 0 ||
    guardFailures > 0 ||
    uncoveredHops > 0
    ? 1
    : 0;
}

/**
 * The freshness report of one plan, or why the plan cannot be modelled (which fails the plan);
 * undefined when the plan leaves out a layer the tables come from.
 */
function freshnessOf(
  stack: string,
  plans: Parameters<typeof computeFreshness>[1],
): FreshnessReport | { error: string } | undefined {
  if (!["lake-storage", "ingestion", "transformation"].every((l) => plans.some((p) => p.layer === l)))
    return undefined;
  try {
    return computeFreshness(stack, plans);
  } catch (err) {
    return { error: err instanceof Error ? err.message : String(err) };
  }
}

function dropOutput(spec: string | undefined): PlanOptions["alterOutputs"] {
  if (!spec) return undefined;
  const [program, key] = spec.split(".", 2) as [ProgramName, string | undefined];
  if (!key) throw new UsageError(`${DROP_OUTPUT_ENV}=${spec}: expected <program>.<output key>`);
  return (p, outputs) =>
    p === program ? Object.fromEntries(Object.entries(outputs).filter(([k]) => k !== key)) : outputs;
}

/** Whether two paths name one folder (symbolic links resolved where they exist). */
function sameFolder(a: string, b: string): boolean {
  const real = (p: string) => (existsSync(p) ? realpathSync(p) : resolve(p));
  return real(a) === real(b);
}
