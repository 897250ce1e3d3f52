import { existsSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { parse } from "yaml";
import { ConfigError } from "./config";
import { type ProgramName, stackFile } from "./layers";

/** The account topology: `stacks/accounts.yaml`, relative to the repository root. */
export const TOPOLOGY_FILE = "stacks/accounts.yaml";

/** Where one stack deploys. */
export interface Placement {
  stack: string;
  /** 12-digit AWS account id. */
  account: string;
  region: string;
}

/** Every stack's placement, in the file's order (the order decides which stack owns a singleton). */
export interface Topology {
  stacks: Placement[];
}

/**
 * Scope of a singleton or physical name: IAM names and account-wide services are one per account,
 * S3 bucket names one per partition, everything else one per account and region.
 */
export type Scope = "global" | "account" | "account-region";

/** The account and account-region singletons, the program that owns each, and its scope. */
export const SINGLETONS = {
  githubOidcProvider: {
    title: "GitHub OIDC provider",
    type: "aws:iam/openIdConnectProvider:OpenIdConnectProvider",
    scope: "account",
    program: "bootstrap",
  },
  dmsAccountRoles: {
    title: "DMS account roles (dms-vpc-role, dms-cloudwatch-logs-role)",
    type: "aws:iam/role:Role",
    scope: "account",
    program: "bootstrap",
  },
  quicksightSubscription: {
    title: "QuickSight account subscription",
    type: "aws:quicksight/accountSubscription:AccountSubscription",
    scope: "account",
    program: "bootstrap",
  },
  lakeFormationSettings: {
    title: "Lake Formation data lake settings",
    type: "aws:lakeformation/dataLakeSettings:DataLakeSettings",
    scope: "account-region",
    program: "lake-storage",
  },
  catalogEncryption: {
    title: "Glue Data Catalog encryption settings",
    type: "aws:glue/dataCatalogEncryptionSettings:DataCatalogEncryptionSettings",
    scope: "account-region",
    program: "lake-storage",
  },
  defaultDatabase: {
    title: "Glue `default` database",
    type: "aws:glue/catalogDatabase:CatalogDatabase",
    scope: "account-region",
    program: "lake-storage",
  },
  lfTags: {
    title: "LF-tag keys and values",
    type: "aws:lakeformation/lfTag:LfTag",
    scope: "account-region",
    program: "lake-storage",
  },
} as const satisfies Record<string, { title: string; type: string; scope: Scope; program: string }>;

export type Singleton = keyof typeof SINGLETONS;

const ACCOUNT_ID = /^\d{12}$/;
const REGION = /^[a-z]{2}(-[a-z]+)+-\d$/;

/** Parses and validates the topology; every problem is reported at once, naming the file. */
export function parseTopology(text: string, file: string = TOPOLOGY_FILE): Topology {
  const doc = (parse(text) ?? {}) as { stacks?: unknown };
  const problems: string[] = [];
  const stacks: Placement[] = [];
  if (!doc.stacks || typeof doc.stacks !== "object" || Array.isArray(doc.stacks)) {
    throw new ConfigError(file, ["stacks: expected a map of stack name -> { account, region }"]);
  }
  for (const [stack, value] of Object.entries(doc.stacks as Record<string, unknown>)) {
    const entry = (value ?? {}) as { account?: unknown; region?: unknown };
    const account = typeof entry.account === "number" ? String(entry.account) : entry.account;
    if (typeof account !== "string" || !ACCOUNT_ID.test(account))
      problems.push(
        `stacks.${stack}.account: expected a 12-digit AWS account id as a quoted string; got ${JSON.stringify(entry.account)}`,
      );
    if (typeof entry.region !== "string" || !REGION.test(entry.region))
      problems.push(
        `stacks.${stack}.region: expected an AWS region, e.g. eu-west-1; got ${JSON.stringify(entry.region)}`,
      );
    stacks.push({ stack, account: String(account), region: String(entry.region) });
  }
  if (problems.length > 0) throw new ConfigError(file, problems);
  return { stacks };
}

let override: Topology | undefined;
let cached: Topology | undefined;

/**
 * Plans (and tests) of another topology than the file's: every program run while it is set sees
 * it. `undefined` restores the file.
 */
export function useTopology(topology: Topology | undefined): void {
  override = topology;
}

/** The repository root: where `stacks/accounts.yaml` is, above this package. */
export function repoRoot(): string {
  let dir = resolve(__dirname);
  for (;;) {
    if (existsSync(join(dir, TOPOLOGY_FILE))) return dir;
    const up = resolve(dir, "..");
    if (up === dir) throw new Error(`${TOPOLOGY_FILE} not found above ${__dirname}`);
    dir = up;
  }
}

/** The topology in force: the one set by `useTopology`, else `stacks/accounts.yaml`. */
export function topology(): Topology {
  if (override) return override;
  cached ??= parseTopology(readFileSync(join(repoRoot(), TOPOLOGY_FILE), "utf8"));
  return cached;
}

/** The placement of a stack; a stack the topology does not list fails, naming the file. */
export function placementOf(stack: string, topo: Topology = topology()): Placement {
  const found = topo.stacks.find((p) => p.stack === stack);
  if (!found)
    throw new ConfigError(TOPOLOGY_FILE, [
      `stacks.${stack}: missing; every stack names its account and region (known: ${topo.stacks.map((p) => p.stack).join(", ")})`,
    ]);
  return found;
}

/** Whether two placements share a scope (the same account, or account and region). */
export function sameScope(a: Placement, b: Placement, scope: Scope): boolean {
  if (scope === "global") return true;
  if (scope === "account") return a.account === b.account;
  return a.account === b.account && a.region === b.region;
}

/** The stacks that share `stack`'s scope, itself included, in the file's order. */
export function stacksInScope(stack: string, scope: Scope, topo: Topology = topology()): Placement[] {
  const self = placementOf(stack, topo);
  return topo.stacks.filter((p) => sameScope(p, self, scope));
}

/** The stack that owns a singleton in `stack`'s scope: the first stack of that scope in the topology. */
export function singletonOwner(singleton: Singleton, stack: string, topo: Topology = topology()): string {
  return stacksInScope(stack, SINGLETONS[singleton].scope, topo)[0]?.stack ?? stack;
}

/** Whether `stack` creates the singleton (else another stack of its scope does). */
export function ownsSingleton(singleton: Singleton, stack: string, topo: Topology = topology()): boolean {
  return singletonOwner(singleton, stack, topo) === stack;
}

/**
 * The config another stack's file sets for a program (`namespace:key` -> value, as written), for
 * the owner of a singleton that serves every stack of its scope. A stack without the file has none.
 */
export function otherStackConfig(program: ProgramName, stack: string): Record<string, unknown> {
  const file = join(repoRoot(), stackFile(program, stack));
  if (!existsSync(file)) return {};
  return ((parse(readFileSync(file, "utf8")) ?? {}) as { config?: Record<string, unknown> }).config ?? {};
}
