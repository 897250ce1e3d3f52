/** The parts of an offline plan (`.plan/<stack>/<project>.json`) the access proof reads. */
export interface PlannedResource {
  urn: string;
  type: string;
  name: string;
  /** The id the provider returned (the mock's, per packages/testing/src/provider-resources.ts). */
  id?: string | null;
  /** The ARN the resource gets (from the mock's realistic state), when it has one. */
  arn?: string;
  inputs: Record<string, unknown>;
}

export interface PlannedProgram {
  /** `bootstrap` or a layer name. */
  layer: string;
  stack: string;
  resources: PlannedResource[];
  /** The data sources the program calls (token, arguments, answer): reads its deploy makes. */
  invokes?: { token: string; args: Record<string, unknown>; result: Record<string, unknown> }[];
  outputs: Record<string, unknown>;
}

export type PolicyDocument = { Version?: string; Statement: PolicyStatement[] | PolicyStatement };
export type PolicyStatement = Record<string, unknown>;

/** Parses a policy input (JSON string or object); undefined when absent or not a document. */
export function parsePolicy(value: unknown): PolicyDocument | undefined {
  const doc = typeof value === "string" ? safeJson(value) : value;
  if (!doc || typeof doc !== "object" || !("Statement" in doc)) return undefined;
  return doc as PolicyDocument;
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

export function statementsOf(doc: PolicyDocument): PolicyStatement[] {
  return Array.isArray(doc.Statement) ? doc.Statement : [doc.Statement];
}

export const asList = (v: unknown): string[] =>
  v === undefined || v === null ? [] : Array.isArray(v) ? v.map(String) : [String(v)];

/** Account and region of the plan, read off the ARNs the mock gave its resources. */
export function accountAndRegion(programs: PlannedProgram[]): { account: string; region: string } {
  for (const p of programs) {
    for (const r of p.resources) {
      const m = r.arn ? /^arn:aws:[a-z0-9-]+:([a-z0-9-]+):(\d{12}):/.exec(r.arn) : null;
      if (m?.[1] && m[2]) return { region: m[1], account: m[2] };
    }
  }
  // A plan without a regional resource has nothing account- or region-bound to prove.
  return { account: "000000000000", region: "us-east-1" };
}

/** The platform tags of a planned resource (`tags` input). */
export function tagsOf(r: PlannedResource): Record<string, string> {
  const tags = r.inputs.tags;
  // aws-native resources take tags as a list of { key, value }
  if (Array.isArray(tags))
    return Object.fromEntries(tags.map((t: { key: string; value: string }) => [t.key, t.value]));
  return tags && typeof tags === "object" ? (tags as Record<string, string>) : {};
}
