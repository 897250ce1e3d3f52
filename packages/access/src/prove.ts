import type { AccessMatrix, IamAccess, LfAccess } from "@lakehouse/contracts";
import type { DeployActionTable } from "./deploy-action-table";
import { planAddresses } from "./deploy-calls";
import type { LayerResources } from "./deploy-manifest";
import { deployRequirements } from "./deploy-matrix";
import { evaluateIam } from "./iam-engine";
import { deployDecision, LakeFormationModel } from "./lake-formation";
import { type LintFinding, lintPolicies } from "./lint";
import { buildModel } from "./model";
import { fillPlaceholders, type PlaceholderValues, principalArn } from "./placeholders";
import { accountAndRegion, type PlannedProgram } from "./plan";

/** A layer's declared matrix and the file that declares it. */
export interface DeclaredMatrix {
  layer: string;
  file: string;
  matrix: AccessMatrix;
}

export interface AccessCheck {
  layer: string;
  file: string;
  expectation: "required" | "forbidden";
  engine: "IAM" | "Lake Formation";
  principal: string;
  action: string;
  resource: string;
  why: string;
  allowed: boolean;
  because: string;
  ok: boolean;
}

export interface AccessProof {
  stack: string;
  checks: AccessCheck[];
  lint: LintFinding[];
  /** One line per failed check or lint finding, naming principal, action, resource, cause and file. */
  failures: string[];
}

/** The deploy roles' inputs: the type-to-calls table and each layer's planned types (projects/bootstrap/src). */
export interface DeployInputs {
  table: DeployActionTable;
  manifest: Record<string, LayerResources>;
  /** Where they are declared, for messages. */
  file: string;
}

/**
 * Evaluates every declared access of the stack's plan (and, given the deploy inputs, every call
 * each layer's deploy role makes for its plan) and lints every policy document in it.
 */
export async function proveAccess(
  stack: string,
  programs: PlannedProgram[],
  declared: DeclaredMatrix[],
  deploy?: DeployInputs,
  /**
   * The Lake Formation settings, LF-tags and catalog encryption another stack of the account and
   * region creates for this one (`stacks/accounts.yaml`): in a shared account they govern this
   * stack's grants and deploy calls too.
   */
  scopeSingletons: PlannedProgram[] = [],
): Promise<AccessProof> {
  const { account, region } = accountAndRegion(programs);
  const { byUrn } = await planAddresses(programs, account, region);
  const addressed = new Map<string, string>();
  for (const [urn, a] of byUrn) if (a.ok && a.arn && a.kind === "self") addressed.set(urn, a.arn);
  const model = buildModel(programs, addressed);
  const matrices = [...declared];
  const problems: string[] = [];
  if (deploy) {
    const d = await deployRequirements(
      programs,
      deploy.table,
      deploy.manifest,
      model.account,
      model.region,
      stack,
      scopeSingletons,
    );
    problems.push(...d.problems.map((p) => `${deploy.file}: ${p}`));
    for (const layer of new Set([...d.required, ...d.forbidden].map((r) => r.layer))) {
      matrices.push({
        layer,
        file: `${deploy.file} (${layer}'s deploy role, from its plan)`,
        matrix: {
          required: d.required.filter((r) => r.layer === layer),
          forbidden: d.forbidden.filter((r) => r.layer === layer),
        },
      });
    }
  }
  const lf = new LakeFormationModel([...programs, ...scopeSingletons]);
  const values: PlaceholderValues = { account: model.account, region: model.region, stack, programs };
  const checks: AccessCheck[] = [];
  const failures: string[] = [...problems];
  for (const { layer, file, matrix } of matrices) {
    const iam = (a: IamAccess, expectation: AccessCheck["expectation"]) => ({ a, expectation });
    for (const { a, expectation } of [
      ...matrix.required.map((a) => iam(a, "required")),
      ...matrix.forbidden.map((a) => iam(a, "forbidden")),
    ]) {
      let principal: string;
      let resource: string;
      let context: Record<string, string | string[]>;
      try {
        principal = principalArn(a.principal, values);
        resource = fillPlaceholders(a.resource, values);
        context = Object.fromEntries(
          Object.entries(a.context ?? {}).map(([k, v]) => [
            k,
            Array.isArray(v) ? v.map((x) => fillPlaceholders(x, values)) : fillPlaceholders(v, values),
          ]),
        );
      } catch (err) {
        failures.push(`${file}: ${(err as Error).message} (in "${a.why}")`);
        continue;
      }
      for (const action of a.actions) {
        const d = await evaluateIam(
          model,
          { principal, action, resource, context },
          expectation === "required" ? "allowed" : "denied",
        );
        const allowed = d.decision === "Allowed";
        // An invalid request (an ARN the action never takes) can never be allowed: fine when forbidden.
        const ok = expectation === "required" ? allowed : !allowed;
        checks.push({
          layer,
          file,
          expectation,
          engine: "IAM",
          principal,
          action,
          resource,
          why: a.why,
          allowed,
          because: d.because,
          ok,
        });
      }
    }
    const lfAccess = (a: LfAccess, expectation: AccessCheck["expectation"]) => {
      const principal = principalArn(a.principal, values);
      const database = fillPlaceholders(a.database, values);
      const table = a.table === undefined ? undefined : fillPlaceholders(a.table, values);
      const d = lf.evaluate({
        principal,
        permission: a.permission,
        database,
        table,
        columns: a.columns,
        grantable: a.grantable,
      });
      const resource = table
        ? `${database}.${table}${Array.isArray(a.columns) ? ` (${a.columns.join(", ")})` : a.columns === "all" ? " (all columns)" : ""}`
        : `database ${database}`;
      const ok = expectation === "required" ? d.allowed : !d.allowed;
      checks.push({
        layer,
        file,
        expectation,
        engine: "Lake Formation",
        principal,
        action: `lakeformation ${a.permission}${a.grantable ? " (grantable)" : ""}`,
        resource,
        why: a.why,
        allowed: d.allowed,
        because: d.because,
        ok,
      });
    };
    for (const a of matrix.lakeFormation?.required ?? []) lfAccess(a, "required");
    for (const a of matrix.lakeFormation?.forbidden ?? []) lfAccess(a, "forbidden");
  }
  if (deploy) {
    // Deploy roles are Lake Formation principals too: each must be able to create its layer's LF resources.
    for (const p of programs.filter((x) => x.layer !== "bootstrap")) {
      const principal = `arn:aws:iam::${model.account}:role/lakehouse-${stack}-${p.layer}-deploy`;
      const created = new Set(
        p.resources
          .filter((r) => r.type === "aws:glue/catalogTable:CatalogTable")
          .map((r) => `${String(r.inputs.databaseName)}.${String(r.inputs.name)}`),
      );
      for (const r of p.resources.filter((x) => x.type.startsWith("aws:lakeformation/"))) {
        const d = deployDecision(lf, principal, r, created);
        checks.push({
          layer: p.layer,
          file: `${deploy.file} (${p.layer}'s deploy role, from its plan)`,
          expectation: "required",
          engine: "Lake Formation",
          principal,
          action: `create ${r.type.split(":")[1]}`,
          resource: r.name,
          why: `deploys ${r.type} ${r.name}`,
          allowed: d.allowed,
          because: d.because,
          ok: d.allowed,
        });
      }
    }
  }
  for (const c of checks) {
    if (c.ok) continue;
    const what = c.expectation === "required" ? "required access denied" : "forbidden access allowed";
    failures.push(
      `${what}: ${c.principal} ${c.action} on ${c.resource}: ${c.because} (declared in ${c.file}: ${c.why})`,
    );
  }
  const lint = await lintPolicies(programs);
  for (const f of lint)
    failures.push(`policy lint [${f.kind}] ${f.where} statement ${f.statement}: ${f.message}`);
  return { stack, checks, lint, failures };
}
