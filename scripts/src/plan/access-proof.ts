import { appendFileSync, existsSync } from "node:fs";
import { join, relative } from "node:path";
import { type AccessProof, type DeclaredMatrix, proveAccess, renderAccessTable } from "@lakehouse/access";
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

/**
 * The access proof of one stack's plan: every declared access evaluated by the IAM engine and the
 * Lake Formation evaluator, every policy document linted. Appends the access table to summary.md.
 */
export async function proveStackAccess(
  stack: string,
  plans: PlanFile[],
  summaryFile: string,
  matrices: DeclaredMatrix[],
): Promise<AccessProof> {
  const proof = await proveAccess(stack, plans, matrices);
  appendFileSync(summaryFile, `\n${renderAccessTable(proof)}`);
  return proof;
}
