import {
  BOOTSTRAP,
  LAYERS,
  type Placement,
  placementOf,
  projectName,
  type Scope,
  SINGLETONS,
  type Singleton,
  TOPOLOGY_FILE,
  type Topology,
} from "@lakehouse/contracts";
import type { PlanFile, PlanResource } from "./plan-file";

/** One stack's offline plan, every program of it. */
export interface PlannedStack {
  stack: string;
  plans: PlanFile[];
}

export interface TopologyReport {
  /** One line per problem, naming the singleton or name, the stacks and the scope. */
  failures: string[];
  /** Physical names and singletons compared across the stacks. */
  names: number;
  /** Distinct accounts and account-regions of the topology. */
  scopes: number;
}

/**
 * How a singleton shows in a plan: the key of what a resource creates (one per scope), and the
 * keys a resource cannot work without. A need is met when some stack of the same scope creates
 * that key; it is read from the resource that needs it, never from the one that would grant it.
 */
interface SingletonRule {
  creates(r: PlanResource): string[];
  needs(r: PlanResource): string[];
  /** Why the need holds, with its source. */
  why: string;
}

const GITHUB_OIDC = "token.actions.githubusercontent.com";
const DMS_ROLES = ["dms-vpc-role", "dms-cloudwatch-logs-role"];
const str = (v: unknown) => (typeof v === "string" ? v : JSON.stringify(v ?? ""));
const isType = (r: PlanResource, type: string) => r.type === type;

const RULES: Record<Singleton, SingletonRule> = {
  githubOidcProvider: {
    creates: (r) =>
      isType(r, SINGLETONS.githubOidcProvider.type) && str(r.inputs.url).endsWith(GITHUB_OIDC)
        ? ["oidc-provider"]
        : [],
    // A role GitHub Actions assumes names the provider in its trust policy (Principal.Federated).
    needs: (r) =>
      isType(r, "aws:iam/role:Role") &&
      str(r.inputs.assumeRolePolicy).includes(`oidc-provider/${GITHUB_OIDC}`)
        ? ["oidc-provider"]
        : [],
    why: "sts:AssumeRoleWithWebIdentity needs the account's IAM OIDC provider for the issuer (IAM User Guide, 'Configuring a role for GitHub OIDC identity provider')",
  },
  dmsAccountRoles: {
    creates: (r) =>
      isType(r, "aws:iam/role:Role") && DMS_ROLES.includes(str(r.inputs.name))
        ? [`role ${r.inputs.name}`]
        : [],
    needs: (r) => (r.type.startsWith("aws:dms/") ? DMS_ROLES.map((n) => `role ${n}`) : []),
    why: "DMS looks both roles up by name in the account (DMS User Guide, 'Creating the IAM roles to use with AWS DMS')",
  },
  quicksightSubscription: {
    creates: (r) => (isType(r, SINGLETONS.quicksightSubscription.type) ? ["subscription"] : []),
    needs: (r) =>
      r.type.startsWith("aws:quicksight/") && r.type !== SINGLETONS.quicksightSubscription.type
        ? ["subscription"]
        : [],
    why: "every QuickSight API call but the subscription's fails in an account without a subscription",
  },
  lakeFormationSettings: {
    creates: (r) => (isType(r, SINGLETONS.lakeFormationSettings.type) ? ["settings"] : []),
    needs: (r) =>
      r.type.startsWith("aws:lakeformation/") && r.type !== SINGLETONS.lakeFormationSettings.type
        ? ["settings"]
        : [],
    why: "Lake Formation grants, tags and locations need an admin of the account-region's data lake settings",
  },
  catalogEncryption: {
    creates: (r) => (isType(r, SINGLETONS.catalogEncryption.type) ? ["settings"] : []),
    // Secure by default: no catalog metadata in an account-region whose catalog is not encrypted.
    needs: (r) =>
      isType(r, "aws:glue/catalogDatabase:CatalogDatabase") || isType(r, "aws:glue/catalogTable:CatalogTable")
        ? ["settings"]
        : [],
    why: "catalog metadata is encrypted at rest with a customer-managed key (the platform's default)",
  },
  defaultDatabase: {
    creates: (r) =>
      isType(r, SINGLETONS.defaultDatabase.type) && r.inputs.name === "default" ? ["database default"] : [],
    // Glue Spark's Hive client resolves `default` on start (packages/contracts/src/runtime-calls), and
    // a Lake Formation grant on it needs it to exist.
    needs: (r) =>
      isType(r, "aws:glue/job:Job") ||
      (isType(r, "aws:lakeformation/permissions:Permissions") &&
        (r.inputs.database as { name?: unknown } | undefined)?.name === "default")
        ? ["database default"]
        : [],
    why: "Glue 5 Spark sessions resolve the `default` database when they start (runtime-calls)",
  },
  lfTags: {
    creates: (r) =>
      isType(r, SINGLETONS.lfTags.type)
        ? [`key ${r.inputs.key}`, ...((r.inputs.values as string[]) ?? []).map((v) => `${r.inputs.key}=${v}`)]
        : [],
    needs: (r) => {
      if (isType(r, "aws:lakeformation/resourceLfTags:ResourceLfTags"))
        return ((r.inputs.lfTags as { key: string; value: string }[]) ?? []).map(
          (t) => `${t.key}=${t.value}`,
        );
      const policy = r.inputs.lfTagPolicy as
        | { expressions?: { key: string; values: string[] }[] }
        | undefined;
      if (isType(r, "aws:lakeformation/permissions:Permissions") && policy)
        return (policy.expressions ?? []).flatMap((e) => e.values.map((v) => `${e.key}=${v}`));
      return [];
    },
    why: "an LF-tag can be assigned or granted only with a key and value that exist in the account-region",
  },
};

/**
 * Names unique per account-region that the mock gives no ARN: the input that holds the name.
 * Every other named resource is compared by its ARN, whose account and region fields are its
 * scope (none for S3 buckets: global; no region for IAM: per account).
 */
const NAME_INPUTS: Record<string, string> = {
  "aws:dms/replicationSubnetGroup:ReplicationSubnetGroup": "replicationSubnetGroupId",
  "aws:dms/endpoint:Endpoint": "endpointId",
  "aws:dms/s3Endpoint:S3Endpoint": "endpointId",
  "aws:dms/replicationConfig:ReplicationConfig": "replicationConfigIdentifier",
  "aws:dms/replicationInstance:ReplicationInstance": "replicationInstanceId",
  "aws:dms/replicationTask:ReplicationTask": "replicationTaskId",
  "aws-native:appflow:Flow": "flowName",
  "aws:glue/securityConfiguration:SecurityConfiguration": "name",
};

/**
 * Types named within their parent, whose mock ARN leaves the parent out: a table optimizer's id is
 * catalog, database, table and type (terraform-provider-aws glue/catalog_table_optimizer.go).
 */
const WITHIN_PARENT = new Set(["aws:glue/catalogTableOptimizer:CatalogTableOptimizer"]);

function scopeKey(scope: Scope, p: Placement): string {
  if (scope === "global") return "globally";
  if (scope === "account") return `in account ${p.account}`;
  return `in account ${p.account} region ${p.region}`;
}

/** The physical name and its scope, where the resource has one; the account is the topology's. */
function physicalName(r: PlanResource, p: Placement): { name: string; scope: string } | undefined {
  const nameInput = NAME_INPUTS[r.type];
  if (nameInput !== undefined && typeof r.inputs[nameInput] === "string") {
    const region = typeof r.inputs.region === "string" ? r.inputs.region : p.region;
    return { name: `${r.type} ${r.inputs[nameInput]}`, scope: scopeKey("account-region", { ...p, region }) };
  }
  // Autonamed resources get a random suffix from Pulumi, and components have no AWS name: only an
  // explicit name input that the ARN carries names a physical resource two stacks could both claim.
  if (!r.arn || r.type.startsWith("lakehouse:") || WITHIN_PARENT.has(r.type)) return undefined;
  const explicit = Object.entries(r.inputs).some(
    ([k, v]) =>
      typeof v === "string" && v !== "" && /^(name|bucket|.*Id|.*Name)$/.test(k) && r.arn?.includes(v),
  );
  if (!explicit) return undefined;
  // arn:partition:service:region:account:resource (the resource part may hold more colons); the
  // account is the topology's, so plans made for another topology compare as this one places them
  const [, partition, service, region, account, ...rest] = r.arn.split(":");
  const name = ["arn", partition, service, region, account ? p.account : "", ...rest].join(":");
  if (!account) return { name, scope: scopeKey("global", p) };
  if (!region) return { name, scope: scopeKey("account", p) };
  return { name, scope: scopeKey("account-region", { ...p, region: region as string }) };
}

/** What the lake-storage deploy role of a stack is called: its bootstrap plan creates it. */
function lakeStorageDeployRole(stack: PlannedStack): string | undefined {
  const bootstrap = stack.plans.find((p) => p.layer === "bootstrap");
  const role = bootstrap?.resources.find(
    (r) => r.type === "aws:iam/role:Role" && str(r.inputs.name).endsWith("-lake-storage-deploy"),
  );
  return role ? str(role.inputs.name) : undefined;
}

/**
 * The Lake Formation settings, LF-tags and catalog encryption the other planned stacks of `stack`'s
 * account and region create: they govern `stack`'s grants and deploy calls where it shares the
 * account (its access proof and its deploy roles read them).
 */
export function scopeSingletons(stack: string, planned: PlannedStack[], topology: Topology): PlanFile[] {
  const self = placementOf(stack, topology);
  const types = new Set<string>([
    SINGLETONS.lakeFormationSettings.type,
    SINGLETONS.lfTags.type,
    SINGLETONS.catalogEncryption.type,
  ]);
  return planned
    .filter((s) => s.stack !== stack)
    .filter((s) => {
      const p = placementOf(s.stack, topology);
      return p.account === self.account && p.region === self.region;
    })
    .flatMap((s) =>
      s.plans.map((plan) => ({ ...plan, resources: plan.resources.filter((r) => types.has(r.type)) })),
    )
    .filter((plan) => plan.resources.length > 0);
}

/**
 * The topology check over the offline plans of every stack (`stacks/accounts.yaml`, or a test's
 * topology). It fails when two stacks of one scope create the same singleton or the same physical
 * name (IAM per account, S3 globally, the rest per account-region), when a stack needs a singleton
 * no stack of its scope creates, and when a scope's Lake Formation settings leave out a stack's
 * lake-storage deploy role (the settings replace the whole admin list). Undefined when not every
 * stack of the topology, or not every program, is planned: the check needs all of them.
 */
export function checkTopology(planned: PlannedStack[], topology: Topology): TopologyReport | undefined {
  const stacks = topology.stacks.map((p) => planned.find((s) => s.stack === p.stack));
  if (stacks.some((s) => s === undefined)) return undefined;
  const full = (s: PlannedStack) =>
    [BOOTSTRAP, ...LAYERS].every((program) => s.plans.some((p) => p.project === projectName(program)));
  if (!(stacks as PlannedStack[]).every(full)) return undefined;

  const failures: string[] = [];
  // (scope, name) -> stack -> resource names that create it
  const creators = new Map<string, Map<string, string[]>>();
  const add = (key: string, stack: string, what: string) => {
    const byStack = creators.get(key) ?? new Map<string, string[]>();
    byStack.set(stack, [...(byStack.get(stack) ?? []), what]);
    creators.set(key, byStack);
  };
  for (const s of stacks as PlannedStack[]) {
    const p = placementOf(s.stack, topology);
    for (const plan of s.plans)
      for (const r of plan.resources) {
        const what = `${plan.layer} ${r.name}`;
        for (const [singleton, rule] of Object.entries(RULES) as [Singleton, SingletonRule][])
          for (const key of rule.creates(r))
            add(
              `${SINGLETONS[singleton].title}|${key}|${scopeKey(SINGLETONS[singleton].scope, p)}`,
              s.stack,
              what,
            );
        const name = physicalName(r, p);
        if (name) add(`name|${name.name}|${name.scope}`, s.stack, what);
      }
  }
  for (const [key, byStack] of creators) {
    if (byStack.size < 2) continue;
    const [kind, name, scope] = key.split("|");
    const who = [...byStack].map(([stack, what]) => `${stack} (${what.join(", ")})`).join(" and ");
    failures.push(
      kind === "name"
        ? `physical name ${name} is created by more than one stack ${scope}: ${who}; the second create fails`
        : `${kind} (${name}) is created by more than one stack ${scope}: ${who}; one per scope, owned by the scope's first stack in ${TOPOLOGY_FILE}`,
    );
  }

  for (const s of stacks as PlannedStack[]) {
    const p = placementOf(s.stack, topology);
    for (const [singleton, rule] of Object.entries(RULES) as [Singleton, SingletonRule][]) {
      const { title, scope } = SINGLETONS[singleton];
      const missing = new Map<string, string>();
      for (const plan of s.plans)
        for (const r of plan.resources)
          for (const key of rule.needs(r))
            if (!creators.has(`${title}|${key}|${scopeKey(scope, p)}`) && !missing.has(key))
              missing.set(key, `${plan.layer} ${r.name}`);
      for (const [key, by] of missing)
        failures.push(
          `stack ${s.stack} needs the ${title} (${key}) ${scopeKey(scope, p)} (for ${by}), and no stack there creates it: ${rule.why}`,
        );
    }
  }

  // The settings replace the admin list: every stack's lake-storage deploy role must be in it.
  for (const s of stacks as PlannedStack[]) {
    const p = placementOf(s.stack, topology);
    const role = lakeStorageDeployRole(s);
    if (role === undefined) continue;
    const settings = (stacks as PlannedStack[])
      .filter((o) => placementOf(o.stack, topology).account === p.account)
      .filter((o) => placementOf(o.stack, topology).region === p.region)
      .flatMap((o) => o.plans.flatMap((plan) => plan.resources.map((r) => ({ owner: o.stack, r }))))
      .filter(({ r }) => r.type === SINGLETONS.lakeFormationSettings.type);
    for (const { owner, r } of settings) {
      if (!((r.inputs.admins as string[]) ?? []).includes(`arn:aws:iam::${p.account}:role/${role}`))
        failures.push(
          `the Lake Formation data lake settings of stack ${owner} ${scopeKey("account-region", p)} leave out stack ${s.stack}'s deploy role ${role}: the settings replace the whole admin list, so its lake-storage deploys lose Lake Formation admin`,
        );
    }
  }

  const scopes = new Set(topology.stacks.flatMap((p) => [p.account, `${p.account}/${p.region}`]));
  return { failures, names: creators.size, scopes: scopes.size };
}
