import { resolve } from "node:path";
import { LAYERS, pulumiWorkDir, stackFile } from "@lakehouse/contracts";
import { allowFlags, layersFlag, type ParsedArgs, stacksFlag } from "../args";
import type { CommandSpec } from "../command-spec";
import { initStack, requirePulumiCli } from "../deploy/automation-driver";
import { type Backend, resolveBackend } from "../deploy/backend";
import type { StackTarget } from "../deploy/driver";
import { LayerFailure, summarizeFailure } from "../deploy/layer-failure";
import { REPO_ROOT } from "../repo-root";

export const initSpec: CommandSpec = {
  name: "init",
  synopsis: "--stack <s> [--layers a,b]",
  description:
    "Creates each layer's stack once, with the secrets provider of the environment (LAKEHOUSE_SECRETS_PROVIDER, the bootstrap output secretsProvider). Pulumi writes the secrets settings into stacks/<layer>/Pulumi.<s>.yaml: commit those files. Existing stacks are left alone; preview, up, destroy and refresh never create a stack.",
  flags: { stack: "the stack to create (required)", layers: "only these layers (default: all)" },
};

export interface InitDeps {
  repoRoot?: string;
  env?: NodeJS.ProcessEnv;
  log?: (line: string) => void;
  /** Replaces the Automation API (tests). */
  initStack?: (backend: Backend, target: StackTarget) => Promise<"created" | "exists">;
}

/** `lakehouse init --stack <s> [--layers a,b]`: exit 1 when a layer's stack could not be created. */
export async function initCommand(args: ParsedArgs, deps: InitDeps = {}): Promise<number> {
  const repoRoot = deps.repoRoot ?? REPO_ROOT;
  const log = deps.log ?? console.log;
  allowFlags(args, Object.keys(initSpec.flags));
  const [stack] = stacksFlag(args.flags, true) as [string];
  const layers = layersFlag(args.flags) ?? [...LAYERS];
  const env = deps.env ?? process.env;
  const backend = resolveBackend(repoRoot, env);
  if (!deps.initStack) requirePulumiCli(env);
  const create = deps.initStack ?? initStack;
  const created: string[] = [];
  let failed = false;
  for (const layer of layers) {
    const target = { layer, stack, workDir: resolve(repoRoot, pulumiWorkDir(layer)) };
    try {
      const result = await create(backend, target);
      if (result === "created") created.push(stackFile(layer, stack));
      log(
        result === "created"
          ? `[${layer}] created stack ${stack} (secrets provider: ${backend.secretsProvider ?? "passphrase or backend"})`
          : `[${layer}] stack ${stack} exists`,
      );
    } catch (err) {
      failed = true;
      const failure = err instanceof LayerFailure ? err : summarizeFailure(err, "", []);
      log(`[${layer}] init failed: ${failure.summary}`);
    }
  }
  if (created.length > 0) {
    log(
      `commit the secrets settings Pulumi wrote: git add ${created.join(" ")} && git commit -m "stacks: ${stack}"`,
    );
  }
  return failed ? 1 : 0;
}
