import { writeFileSync } from "node:fs";
import { resolve } from "node:path";
import { LAYERS, type Layer, pulumiWorkDir, waves } from "@lakehouse/contracts";
import { allowFlags, layersFlag, type ParsedArgs, stacksFlag, stringFlag } from "../args";
import type { CommandSpec } from "../command-spec";
import { realDriverFactory } from "../deploy/automation-driver";
import { resolveBackend } from "../deploy/backend";
import type { DriftedResource } from "../deploy/driver";
import { summarizeFailure } from "../deploy/layer-failure";
import { linePrefixer } from "../deploy/line-prefixer";
import { requireConfig } from "../deploy/required-config";
import { openRunLog } from "../deploy/run-log";
import { REPO_ROOT } from "../repo-root";
import type { DeployDeps } from "./deploy";

export const driftSpec: CommandSpec = {
  name: "drift",
  synopsis: "--stack <s> [--layers a,b] [--out drift.md] [--json drift.json]",
  description:
    "Drift detection: `preview --refresh --expect-no-changes` per layer (Automation API), printing each drifted resource and its properties; exit 0 when every layer matches the cloud, 1 on drift or a failed layer.",
  flags: {
    stack: "the stack (required)",
    layers: "only these layers (default: all)",
    out: "also write the report as Markdown (the scheduled workflow's issue body)",
    json: 'also write { stack, drifted, failed, layers } as JSON (the workflow reads "drifted" and "failed")',
  },
};

export interface LayerDrift {
  layer: Layer;
  drifted: DriftedResource[];
  /** Why the check of this layer failed (it says nothing about drift then). */
  error?: string;
}

/** `lakehouse drift --stack <s>`: every layer's stack compared with its account, one layer at a time. */
export async function driftCommand(args: ParsedArgs, deps: DeployDeps = {}): Promise<number> {
  const repoRoot = deps.repoRoot ?? REPO_ROOT;
  const show = deps.log ?? console.log;
  allowFlags(args, Object.keys(driftSpec.flags));
  const [stack] = stacksFlag(args.flags, true) as [string];
  const layers = layersFlag(args.flags) ?? [...LAYERS];
  requireConfig(repoRoot, layers, stack);
  const backend = resolveBackend(repoRoot, deps.env ?? process.env);
  const driverFor = deps.driverFor ?? realDriverFactory(backend);
  const runLog = openRunLog(repoRoot, "drift", stack);
  const log = (line: string) => {
    show(line);
    runLog.write(line);
  };
  log(`drift ${stack}: ${layers.join(", ")} (backend ${backend.url})`);
  const results: LayerDrift[] = [];
  // One layer at a time: a refresh reads every resource, and the provider's API limits are per account.
  for (const layer of waves(layers).flat()) {
    const detail = linePrefixer(layer, runLog.write);
    try {
      const driver = await driverFor({ layer, stack, workDir: resolve(repoRoot, pulumiWorkDir(layer)) });
      const { drifted } = await driver.drift({ onOutput: detail.write, onError: detail.write });
      detail.flush();
      results.push({ layer, drifted });
      if (drifted.length === 0) log(`[${layer}] no drift`);
      for (const d of drifted)
        log(
          `[${layer}] drift: ${d.op} ${d.type} ${resourceName(d.urn)}${d.properties.length ? `: ${d.properties.join(", ")}` : ""}`,
        );
    } catch (err) {
      detail.flush();
      const failure = summarizeFailure(err, "", []);
      log(`[${layer}] drift check failed: ${failure.summary}`);
      runLog.write(`[${layer}] drift ${stack} failed:\n${failure.detail}\n`);
      results.push({ layer, drifted: [], error: failure.summary });
    }
  }
  const drifted = results.reduce((n, r) => n + r.drifted.length, 0);
  const failed = results.filter((r) => r.error).length;
  log(`drift ${stack}: ${drifted} drifted resource(s), ${failed} layer(s) not checked`);
  const out = stringFlag(args.flags, "out");
  if (out) writeFileSync(resolve(out), renderDrift(stack, results));
  const json = stringFlag(args.flags, "json");
  if (json)
    writeFileSync(resolve(json), `${JSON.stringify({ stack, drifted, failed, layers: results }, null, 2)}\n`);
  show(`full log: ${runLog.path}`);
  return drifted > 0 || failed > 0 ? 1 : 0;
}

/** The drift report: per layer, the resources the cloud and the program disagree on. */
export function renderDrift(stack: string, results: LayerDrift[]): string {
  const lines = [
    `## Drift: stack \`${stack}\``,
    "",
    "`lakehouse drift` (`pulumi preview --refresh --expect-no-changes` per layer) found the account and the stack apart:",
    "",
    "| layer | drifted resources | result |",
    "|---|---:|---|",
  ];
  for (const r of results)
    lines.push(
      `| ${r.layer} | ${r.error ? "-" : r.drifted.length} | ${r.error ? `not checked: ${r.error.replace(/\|/g, "\\|")}` : r.drifted.length ? "drift" : "clean"} |`,
    );
  for (const r of results.filter((r) => r.drifted.length > 0)) {
    lines.push("", `### ${r.layer}`, "");
    for (const d of r.drifted)
      lines.push(
        `- **${d.op}** \`${d.type}\` **${resourceName(d.urn)}**${d.properties.length ? `: ${d.properties.map((p) => `\`${p}\``).join(", ")}` : ""}`,
      );
  }
  lines.push(
    "",
    "Bring the account back with `pnpm lakehouse up --stack " +
      stack +
      " --layers <layer>`, or, when the change made by hand is to stay, make it in the code and deploy it.",
  );
  return `${lines.join("\n")}\n`;
}

const resourceName = (urn: string) => urn.split("::").pop() ?? urn;
