/**
 * Renders `aws.iam.getPolicyDocument` arguments to IAM policy JSON the way the AWS provider does:
 * one-element lists collapse to a string, principals group by type, conditions by operator.
 */
export interface PolicyStatementArgs {
  sid?: string;
  effect?: string;
  actions?: string[];
  notActions?: string[];
  resources?: string[];
  notResources?: string[];
  principals?: { type: string; identifiers: string[] }[];
  notPrincipals?: { type: string; identifiers: string[] }[];
  conditions?: { test: string; variable: string; values: string[] }[];
}

export interface PolicyDocumentArgs {
  version?: string;
  policyId?: string;
  statements?: PolicyStatementArgs[];
  sourcePolicyDocuments?: string[];
  overridePolicyDocuments?: string[];
}

type Json = Record<string, unknown>;

function listOrOne(values: string[]): string | string[] {
  return values.length === 1 ? (values[0] as string) : values;
}

function principalBlock(principals: { type: string; identifiers: string[] }[]): unknown {
  if (principals.length === 1 && principals[0]?.type === "*") return "*";
  const block: Record<string, string | string[]> = {};
  for (const p of principals) {
    const existing = block[p.type];
    const merged = [
      ...(existing === undefined ? [] : Array.isArray(existing) ? existing : [existing]),
      ...p.identifiers,
    ];
    block[p.type] = listOrOne(merged);
  }
  return block;
}

export function renderStatement(s: PolicyStatementArgs): Json {
  const out: Json = {};
  if (s.sid) out.Sid = s.sid;
  out.Effect = s.effect ?? "Allow";
  if (s.actions?.length) out.Action = listOrOne(s.actions);
  if (s.notActions?.length) out.NotAction = listOrOne(s.notActions);
  if (s.resources?.length) out.Resource = listOrOne(s.resources);
  if (s.notResources?.length) out.NotResource = listOrOne(s.notResources);
  if (s.principals?.length) out.Principal = principalBlock(s.principals);
  if (s.notPrincipals?.length) out.NotPrincipal = principalBlock(s.notPrincipals);
  if (s.conditions?.length) {
    const condition: Record<string, Record<string, string | string[]>> = {};
    for (const c of s.conditions) {
      condition[c.test] ??= {};
      (condition[c.test] as Record<string, string | string[]>)[c.variable] = listOrOne(c.values);
    }
    out.Condition = condition;
  }
  return out;
}

/** Statements of source documents come first; a statement with the same Sid in `statements` or an override replaces them. */
export function renderPolicyDocument(args: PolicyDocumentArgs): { json: string; minifiedJson: string } {
  const bySid = new Map<string, Json>();
  const statements: Json[] = [];
  const add = (st: Json) => {
    const sid = typeof st.Sid === "string" ? st.Sid : undefined;
    if (sid && bySid.has(sid)) {
      statements[statements.indexOf(bySid.get(sid) as Json)] = st;
    } else {
      statements.push(st);
    }
    if (sid) bySid.set(sid, st);
  };
  for (const src of args.sourcePolicyDocuments ?? []) {
    for (const st of (JSON.parse(src).Statement ?? []) as Json[]) add(st);
  }
  for (const st of args.statements ?? []) add(renderStatement(st));
  for (const src of args.overridePolicyDocuments ?? []) {
    for (const st of (JSON.parse(src).Statement ?? []) as Json[]) add(st);
  }
  const doc: Json = { Version: args.version ?? "2012-10-17" };
  if (args.policyId) doc.Id = args.policyId;
  doc.Statement = statements;
  return { json: JSON.stringify(doc, null, 2), minifiedJson: JSON.stringify(doc) };
}
