import { describe, expect, it } from "vitest";
import { ga4GrainProblems } from "../src/plan/ga4-grain";
import { runPlan } from "../src/plan/run-plan";
import { REPO_ROOT } from "../src/repo-root";
import { importProgram } from "./support/import-program";
import { stackPlan } from "./support/stack-plans";

const GA4_DIMENSIONS = "lakehouse-ingestion:ga4Dimensions";

describe("the GA4 flow's grain against the ga4_sessions spec", { timeout: 240_000 }, () => {
  it("holds for both stacks as configured: the flow writes only fields the refine declares", async () => {
    for (const stack of ["dev", "prod"]) expect(ga4GrainProblems(stack, await stackPlan(stack))).toEqual([]);
  });

  it("fails the plan on a dimension added to ga4Dimensions that the spec does not declare, naming both", async () => {
    // the stack file's list (a structured value is passed as its JSON), plus `city`
    const plans = await runPlan({
      repoRoot: REPO_ROOT,
      stack: "dev",
      layers: ["transformation"],
      loadProgram: importProgram,
      alterConfig: (_program, config) =>
        config[GA4_DIMENSIONS] === undefined
          ? config
          : { ...config, [GA4_DIMENSIONS]: JSON.stringify([...JSON.parse(config[GA4_DIMENSIONS]), "city"]) },
    });
    const problems = ga4GrainProblems("dev", plans);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(
      /^the GA4 flow lakehouse-dev-ga4 writes city \(lakehouse-ingestion:ga4Dimensions or ga4Metrics in stacks\/ingestion\/Pulumi\.dev\.yaml\), which the ga4_sessions spec does not declare: .*projects\/transformation\/src\/specs\/ga4-sessions\.ts/,
    );
  });
});
