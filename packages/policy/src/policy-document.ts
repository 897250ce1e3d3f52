import { asArray, isRecord, parseJson } from "./values";

/** An IAM statement with its list-or-string fields normalised to lists. */
export interface Statement {
  effect: string;
  actions: string[];
  notActions: string[];
  resources: string[];
  notResources: string[];
  principal: unknown;
  condition: Record<string, unknown>;
}

/** The statements of a policy document given as JSON text or object; none when it is unreadable. */
export function statementsOf(policy: unknown): Statement[] {
  const doc = parseJson(policy);
  if (!isRecord(doc)) return [];
  return asArray(doc.Statement)
    .filter(isRecord)
    .map((s) => ({
      effect: String(s.Effect ?? ""),
      actions: strings(s.Action),
      notActions: strings(s.NotAction),
      resources: strings(s.Resource),
      notResources: strings(s.NotResource),
      principal: s.Principal,
      condition: isRecord(s.Condition) ? s.Condition : {},
    }));
}

function strings(value: unknown): string[] {
  return asArray(value).filter((v): v is string => typeof v === "string");
}
