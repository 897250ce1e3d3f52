import { createHash } from "node:crypto";
import { runSimulation, runUnsafeSimulation, type Simulation } from "@cloud-copilot/iam-simulate";
import { type AccessModel, type NamedPolicy, type Principal, type ResourceEntry, resourceFor } from "./model";
import { asList, type PolicyStatement, statementsOf } from "./plan";
import { acceptsResource, expandAction, wildcardRegex } from "./service-reference";

export type Decision = "Allowed" | "ExplicitlyDenied" | "ImplicitlyDenied" | "Invalid";

export interface IamRequest {
  principal: string;
  action: string;
  resource: string;
  context?: Record<string, string | string[]>;
}

export interface IamDecision {
  decision: Decision;
  /** The deciding statement(s), or why nothing allows it. */
  because: string;
}

interface AnalysedStatement {
  policyId: string;
  statement: { sid(): string | undefined; index(): number };
  actionMatch: boolean;
  resourceMatch: boolean;
  conditionMatch: string;
  explain?: {
    conditions?: {
      operator: string;
      conditionKeyValue: string;
      matches: boolean;
      resolvedConditionKeyValue?: unknown;
    }[];
  };
}
interface AnalysedPolicySet {
  result: string;
  allowStatements: AnalysedStatement[];
  denyStatements: AnalysedStatement[];
  unmatchedStatements: AnalysedStatement[];
}

/** A principal outside the account that its own account lets do anything: only resource policies stop it. */
export const OUTSIDE_ACCOUNT = "arn:aws:iam::210987654321:root";
const allowAll: NamedPolicy = {
  name: "the outside account's own policies (assumed to allow everything)",
  policy: { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "*", Resource: "*" }] },
};

/**
 * Evaluates one request with the real IAM policy engine (@cloud-copilot/iam-simulate): the
 * principal's identity policies and permissions boundary, the resource's policy (bucket, key,
 * queue, topic, role trust), and the request context the call carries plus what the plan knows
 * (resource and principal tags, principal ARN and account, TLS). No SCPs or session policies.
 */
export async function evaluateIam(
  model: AccessModel,
  req: IamRequest,
  /** When given, a decision that meets it is returned without the engine's explanation (faster). */
  expected?: "allowed" | "denied",
): Promise<IamDecision> {
  const principal = model.principals.get(req.principal);
  const outside = !principal && !req.principal.includes(`::${model.account}:`);
  if (!principal && !outside) {
    return { decision: "Invalid", because: `no IAM role ${req.principal} in the plan` };
  }
  const resource = resourceFor(model, req.resource);
  const isRole = model.principals.get(req.resource);
  const resourcePolicy = isRole?.trust ?? resource?.policy;
  const context: Record<string, string | string[]> = {
    "aws:SecureTransport": "true",
    "aws:PrincipalArn": req.principal,
    "aws:PrincipalAccount": outside ? (req.principal.split(":")[4] as string) : model.account,
    "aws:PrincipalType": outside ? "Account" : "AssumedRole",
    "aws:RequestedRegion": model.region,
  };
  if (req.action.startsWith("kms:")) context["kms:CallerAccount"] = context["aws:PrincipalAccount"] as string;
  for (const [k, v] of Object.entries(principal?.tags ?? {})) context[`aws:PrincipalTag/${k}`] = v;
  if (resource && resource.arn === req.resource) {
    for (const [k, v] of Object.entries(resource.tags)) context[`aws:ResourceTag/${k}`] = v;
  }
  Object.assign(context, req.context ?? {});
  const simulation: Simulation = {
    request: {
      principal: principal ? sessionArn(principal) : req.principal,
      action: req.action,
      resource: { resource: req.resource, accountId: resourceAccount(req.resource, model.account) },
      contextVariables: context,
    },
    identityPolicies: relevant(
      principal ? principal.identityPolicies : [allowAll],
      req.action,
      req.resource === "*",
    ),
    permissionBoundaryPolicies: principal?.boundary ? boundaryFor(principal.boundary, req.action) : undefined,
    serviceControlPolicies: [],
    resourceControlPolicies: [],
    resourcePolicy: resourcePolicy?.policy,
  };
  // The decision and its explanation follow from the simulation and the names and kinds the
  // explanation quotes: the same ones give the same answer (a proof of a changed copy of a plan
  // asks mostly what the proof of the plan asked).
  // (a digest of them: the inputs run to kilobytes, and a proof asks thousands of questions)
  const key = createHash("sha256")
    .update(
      JSON.stringify([
        simulation,
        expected ?? null,
        resourcePolicy?.name ?? null,
        principal?.name ?? null,
        principal?.boundary?.name ?? null,
        resource?.type ?? null,
        outside,
      ]),
    )
    .digest("base64");
  const known = decisions.get(key);
  if (known) return { ...known };
  const decided = await simulate(simulation, expected, req, principal, resource, resourcePolicy, outside);
  if (decisions.size >= MAX_DECISIONS) decisions.clear();
  decisions.set(key, decided);
  return { ...decided };
}

/** Answers of the engine by their inputs (see evaluateIam); cleared when full. */
const decisions = new Map<string, IamDecision>();
const MAX_DECISIONS = 100_000;

async function simulate(
  simulation: Simulation,
  expected: "allowed" | "denied" | undefined,
  req: IamRequest,
  principal: Principal | undefined,
  resource: ResourceEntry | undefined,
  resourcePolicy: NamedPolicy | undefined,
  outside: boolean,
): Promise<IamDecision> {
  // (runUnsafeSimulation of iam-simulate 0.1.173 fails on a resource policy: it loads it without a name)
  // (and it allows a request for which no identity statement is left: the full engine decides those)
  if (
    expected &&
    !simulation.resourcePolicy &&
    simulation.identityPolicies.length > 0 &&
    (await requestIsValid(req.action, req.resource))
  ) {
    // The same engine without input validation (done above from the same data) or explanation.
    const quick = runUnsafeSimulation(simulation, {});
    if ((quick === "Allowed") === (expected === "allowed"))
      return { decision: quick, because: quick === "Allowed" ? "allowed" : "denied" };
  }
  const response = await runSimulation(simulation, {});
  if (response.resultType === "error") {
    return {
      decision: "Invalid",
      because: `the IAM engine rejects the request: ${describeErrors(response.errors)}`,
    };
  }
  const results = response.resultType === "single" ? [response.result] : response.results;
  const analysis = results[0]?.analysis;
  const decision = response.overallResult;
  if (!analysis) return { decision, because: "no resource of the request matched any statement" };
  const identity = analysis.identityAnalysis as AnalysedPolicySet | undefined;
  const resourceSide = analysis.resourceAnalysis as AnalysedPolicySet | undefined;
  const boundary = analysis.permissionBoundaryAnalysis as AnalysedPolicySet | undefined;
  const resourceName = resourcePolicy?.name ?? "resource policy";
  if (decision === "Allowed") {
    const allows = [
      ...(identity?.allowStatements ?? []).map((s) => label(s)),
      ...(resourceSide?.allowStatements ?? []).map((s) => label(s, resourceName)),
    ];
    return { decision, because: `allowed by ${allows.join(" and ") || "the engine"}` };
  }
  if (decision === "ExplicitlyDenied") {
    const denies = [
      ...(identity?.denyStatements ?? []).map((s) => label(s)),
      ...(resourceSide?.denyStatements ?? []).map((s) => label(s, resourceName)),
      ...(boundary?.denyStatements ?? []).map((s) => label(s)),
    ];
    return { decision, because: `denied by ${denies.join(" and ")}` };
  }
  const reasons: string[] = [];
  if (boundary && boundary.result !== "Allowed")
    reasons.push(`the permissions boundary ${principal?.boundary?.name} does not allow it`);
  const identityAllows = identity?.result === "Allowed";
  const resourceAllows = resourceSide?.result === "Allowed" || resourceSide?.result === "AllowedForAccount";
  const nearMisses = (set: AnalysedPolicySet | undefined, name?: string) =>
    (set?.unmatchedStatements ?? [])
      .filter((s) => s.actionMatch && s.resourceMatch && s.conditionMatch !== "Match")
      .map((s) => `${label(s, name)} matches but its condition fails (${failedConditions(s)})`);
  if (!identityAllows) {
    const near = nearMisses(identity);
    reasons.push(
      near.length > 0
        ? near.join("; ")
        : `no identity policy of ${principal?.name ?? req.principal} allows it`,
    );
  }
  if (
    resourcePolicy &&
    !resourceAllows &&
    (identityAllows || resource?.type === "aws:kms/key:Key" || outside)
  ) {
    const near = nearMisses(resourceSide, resourceName);
    reasons.push(
      near.length > 0
        ? near.join("; ")
        : `${resourceName} does not allow it${resource?.type === "aws:kms/key:Key" ? " (a key policy must allow the account or the principal)" : ""}`,
    );
  }
  if (reasons.length === 0) reasons.push("not allowed by any policy");
  return { decision, because: reasons.join("; ") };
}

const relevantCache = new WeakMap<NamedPolicy, Map<string, NamedPolicy | undefined>>();

/** Which statements of a policy can apply to an action: its Action entries indexed once per policy. */
interface ActionIndex {
  statements: PolicyStatement[];
  /** Lower-cased literal action -> indices of the statements naming it. */
  literal: Map<string, number[]>;
  /** Statements with a wildcard entry (`s3:Get*`), each entry's matcher. */
  patterns: { index: number; re: RegExp }[];
  /** Statements that can apply to any action: NotAction, or Action `*`. */
  any: number[];
}

const actionIndexes = new WeakMap<NamedPolicy, ActionIndex>();

function actionIndex(p: NamedPolicy): ActionIndex {
  let index = actionIndexes.get(p);
  if (index) return index;
  const statements = statementsOf(p.policy);
  index = { statements, literal: new Map(), patterns: [], any: [] };
  for (const [i, st] of statements.entries()) {
    const actions = asList(st.Action);
    if (st.NotAction !== undefined || actions.includes("*")) {
      index.any.push(i);
      continue;
    }
    for (const a of actions) {
      if (a.includes("*") || a.includes("?")) index.patterns.push({ index: i, re: wildcardRegex(a) });
      else {
        const key = a.toLowerCase();
        const list = index.literal.get(key);
        if (list) list.push(i);
        else index.literal.set(key, [i]);
      }
    }
  }
  actionIndexes.set(p, index);
  return index;
}

/** The statements of a policy whose Action can match `action` (or that have NotAction), in document order. */
function statementsFor(p: NamedPolicy, action: string): PolicyStatement[] {
  const index = actionIndex(p);
  const hit = new Set<number>(index.any);
  for (const i of index.literal.get(action.toLowerCase()) ?? []) hit.add(i);
  for (const { index: i, re } of index.patterns) if (!hit.has(i) && re.test(action)) hit.add(i);
  return index.statements.filter((_, i) => hit.has(i));
}

/**
 * The statements of each policy that can apply to the action (Action matching it, or NotAction)
 * and, for a request on `*`, to `*`:
 * the others cannot change the decision, and leaving them out keeps evaluation fast (a deploy
 * role's policy names hundreds of actions). A boundary without any stays, as an empty ceiling.
 */
function relevant(
  policies: NamedPolicy[],
  action: string,
  onStar = false,
): { name: string; policy: unknown }[] {
  const key = onStar ? `${action} *` : action;
  const out: { name: string; policy: unknown }[] = [];
  for (const p of policies) {
    let byAction = relevantCache.get(p);
    if (!byAction) {
      byAction = new Map();
      relevantCache.set(p, byAction);
    }
    if (!byAction.has(key)) {
      const kept = statementsFor(p, action).filter(
        (st) =>
          // A request on "*" (an action that accepts only "*") matches only a statement on "*":
          // IAM compares the literal "*", which no ARN pattern matches.
          !onStar || st.NotResource !== undefined || asList(st.Resource).includes("*"),
      );
      byAction.set(key, kept.length ? { name: p.name, policy: { ...p.policy, Statement: kept } } : undefined);
    }
    const kept = byAction.get(key);
    if (kept) out.push({ name: kept.name, policy: kept.policy });
  }
  return out;
}

/** A boundary with no statement for the action still bounds: then it is passed whole (it allows nothing of it). */
function boundaryFor(boundary: NamedPolicy, action: string): { name: string; policy: unknown }[] {
  const kept = relevant([boundary], action);
  return kept.length ? kept : [{ name: boundary.name, policy: boundary.policy }];
}

const validity = new Map<string, boolean>();

/** Whether the action exists and takes the resource (`*` for actions that accept only `*`), as the engine validates. */
async function requestIsValid(action: string, resource: string): Promise<boolean> {
  const key = `${action} ${resource}`;
  let v = validity.get(key);
  if (v === undefined) {
    const [info] = (await expandAction(action)) ?? [];
    v =
      info !== undefined &&
      (resource === "*" ? info.wildcardOnly : !resource.includes("*") && acceptsResource(info, resource));
    validity.set(key, v);
  }
  return v;
}

/** Requests are made by a session of the role, as services and CI do. */
const sessionArn = (p: Principal) =>
  p.arn.replace(/^arn:aws:iam::(\d+):role\/(?:.*\/)?([^/]+)$/, "arn:aws:sts::$1:assumed-role/$2/session");

function resourceAccount(arn: string, fallback: string): string {
  return /^arn:aws:[a-z0-9-]+:[a-z0-9-]*:(\d{12}):/.exec(arn)?.[1] ?? fallback;
}

function label(s: AnalysedStatement, policyName?: string): string {
  const sid = s.statement.sid();
  return `${policyName ?? s.policyId} statement ${sid ? `"${sid}"` : `#${s.statement.index() + 1}`}`;
}

function failedConditions(s: AnalysedStatement): string {
  const failed = (s.explain?.conditions ?? []).filter((c) => !c.matches);
  return (
    failed
      .map(
        (c) =>
          `${c.operator} ${c.conditionKeyValue}, request has ${c.resolvedConditionKeyValue === undefined ? "no such key" : JSON.stringify(c.resolvedConditionKeyValue)}`,
      )
      .join(", ") || "condition"
  );
}

function describeErrors(errors: { message: string }): string {
  const details = Object.entries(errors)
    .filter(([k]) => k !== "message")
    .map(([k, v]) => `${k}: ${JSON.stringify(v)}`);
  return [errors.message, ...details].join("; ");
}
