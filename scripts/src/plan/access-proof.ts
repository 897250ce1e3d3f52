import { execFileSync } from "node:child_process";
import { appendFileSync, existsSync, readFileSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import {
  type AccessProof,
  buildModel,
  type DeclaredMatrix,
  type DeployInputs,
  layerResources,
  mergeLayerResources,
  proveAccess,
  renderAccessTable,
} from "@lakehouse/access";
import type { AccessMatrix } from "@lakehouse/contracts";
import type { PlanFile } from "./plan-file";

export type MatrixLoader = (repoRoot: string, plans: PlanFile[]) => Promise<DeclaredMatrix[]>;
type ModuleLoader = (file: string) => Promise<unknown>;

/** A layer's matrix lives next to the code that creates its principals: `projects/<layer>/src/access.ts`. */
export async function loadMatrices(
  repoRoot: string,
  plans: PlanFile[],
  // require, as the plan loads programs: the CLI runs under tsx's CommonJS hook.
  load: ModuleLoader = async (file) => require(file),
): Promise<DeclaredMatrix[]> {
  const out: DeclaredMatrix[] = [];
  for (const plan of plans) {
    const file = join(repoRoot, "projects", plan.layer, "src", "access.ts");
    if (!existsSync(file)) continue;
    const mod = (await load(file)) as { access?: AccessMatrix | ((plans: PlanFile[]) => AccessMatrix) };
    if (!mod.access) throw new Error(`${relative(repoRoot, file)} exports no "access" matrix`);
    const matrix = typeof mod.access === "function" ? mod.access(plans) : mod.access;
    out.push({ layer: plan.layer, file: relative(repoRoot, file), matrix });
  }
  return out;
}

/** The bootstrap's deploy-role data: per type the calls, per layer the planned types. */
export function loadDeployInputs(repoRoot: string): DeployInputs | undefined {
  const dir = join(repoRoot, "projects", "bootstrap", "src");
  const table = join(repoRoot, "packages", "contracts", "src", "deploy-actions.json");
  const manifest = join(dir, "layer-resources.json");
  if (!existsSync(table)) return undefined;
  return {
    table: JSON.parse(readFileSync(table, "utf8")),
    manifest: existsSync(manifest) ? JSON.parse(readFileSync(manifest, "utf8")) : {},
    file: relative(repoRoot, manifest),
  };
}

/**
 * The access proof of one stack's plan: every declared access evaluated by the IAM engine and the
 * Lake Formation evaluator, every policy document linted. Appends the access table to summary.md.
 */
export async function proveStackAccess(
  stack: string,
  plans: PlanFile[],
  summaryFile: string,
  matrices: DeclaredMatrix[],
  deployInputs?: DeployInputs,
  scopeSingletons: PlanFile[] = [],
): Promise<AccessProof> {
  const proof = await proveAccess(stack, plans, matrices, deployInputs, scopeSingletons);
  appendFileSync(summaryFile, `\n${renderAccessTable(proof)}`);
  return proof;
}

/**
 * Each layer's planned types and ARN patterns over every stack planned, for the bootstrap's deploy
 * roles; `scope` gives a stack the singletons another stack of its account and region creates.
 */
export async function deployRolesFrom(
  repoRoot: string,
  planned: { stack: string; plans: PlanFile[] }[],
  scope: (stack: string) => PlanFile[] = () => [],
): Promise<DeployInputs> {
  const deploy = loadDeployInputs(repoRoot);
  if (!deploy) throw new Error("packages/contracts/src/deploy-actions.json is missing");
  const manifest = mergeLayerResources(
    await Promise.all(
      planned.map(({ stack, plans }) => {
        const { account, region } = buildModel(plans);
        return layerResources(plans, deploy.table, account, region, stack, scope(stack));
      }),
    ),
  );
  return { ...deploy, manifest };
}

/** `lakehouse plan --update-deploy-roles`: writes `deployRolesFrom` to the bootstrap's layer-resources.json. */
export async function writeLayerResources(
  repoRoot: string,
  planned: { stack: string; plans: PlanFile[] }[],
  scope: (stack: string) => PlanFile[] = () => [],
): Promise<string> {
  const merged = (await deployRolesFrom(repoRoot, planned, scope)).manifest;
  const file = join(repoRoot, "projects", "bootstrap", "src", "layer-resources.json");
  writeFileSync(file, `${JSON.stringify(merged, null, 2)}\n`);
  // in the repository's format, so `pnpm lint` passes on the written file
  execFileSync(join(repoRoot, "node_modules", ".bin", "biome"), ["format", "--write", file], {
    stdio: "ignore",
  });
  return relative(repoRoot, file);
}
