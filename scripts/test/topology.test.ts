import { readFileSync } from "node:fs";
import { join } from "node:path";
import { proveAccess } from "@lakehouse/access";
import { parseTopology, type Topology, topology } from "@lakehouse/contracts";
import { beforeAll, describe, expect, it } from "vitest";
import { loadDeployInputs, loadMatrices } from "../src/plan/access-proof";
import type { PlanFile } from "../src/plan/plan-file";
import { checkTopology, type PlannedStack, scopeSingletons } from "../src/plan/topology-check";
import { REPO_ROOT } from "../src/repo-root";
import { stackPlan } from "./support/stack-plans";

/** The documented default (one account per environment) and the supported shared account. */
const SEPARATE: Topology = topology();
const SHARED: Topology = parseTopology(
  readFileSync(join(__dirname, "fixtures", "accounts.shared.yaml"), "utf8"),
  "scripts/test/fixtures/accounts.shared.yaml",
);
const DEV_ACCOUNT = "123456789012";
const PROD_ACCOUNT = "345678901234";

const planAll = async (topo: Topology): Promise<PlannedStack[]> => {
  const out: PlannedStack[] = [];
  for (const stack of ["dev", "prod"])
    out.push({
      stack,
      plans: await stackPlan(stack, { topology: topo }),
    });
  return out;
};
const resources = (s: PlannedStack, type: string) =>
  s.plans.flatMap((p) => p.resources.filter((r) => r.type === type));
const of = (planned: PlannedStack[], stack: string) => planned.find((s) => s.stack === stack) as PlannedStack;

let separate: PlannedStack[];
let shared: PlannedStack[];
beforeAll(async () => {
  separate = await planAll(SEPARATE);
  shared = await planAll(SHARED);
}, 300_000);

describe("the topology check", { timeout: 300_000 }, () => {
  it("the file's default places dev and prod in accounts of their own", () => {
    expect(SEPARATE.stacks).toEqual([
      { stack: "dev", account: DEV_ACCOUNT, region: "eu-west-1" },
      { stack: "prod", account: PROD_ACCOUNT, region: "eu-west-1" },
    ]);
    // each plan runs in its own account: the caller identity and every ARN say so
    for (const s of separate) {
      const account = s.stack === "dev" ? DEV_ACCOUNT : PROD_ACCOUNT;
      for (const plan of s.plans) expect(plan.account).toBe(account);
      const arns = s.plans
        .flatMap((p) => p.resources.map((r) => r.arn ?? ""))
        .filter((a) => /^arn:aws:\w+:[\w-]*:\d{12}:/.test(a));
      expect(arns.filter((a) => a.split(":")[4] !== account)).toEqual([]);
    }
  });

  it("separate accounts: every stack creates its own singletons, and nothing conflicts or is missing", () => {
    expect(checkTopology(separate, SEPARATE)?.failures).toEqual([]);
    for (const s of separate) {
      expect(resources(s, "aws:lakeformation/dataLakeSettings:DataLakeSettings")).toHaveLength(1);
      expect(resources(s, "aws:iam/openIdConnectProvider:OpenIdConnectProvider")).toHaveLength(1);
      expect(resources(s, "aws:iam/role:Role").map((r) => r.inputs.name)).toEqual(
        expect.arrayContaining(["dms-vpc-role", "dms-cloudwatch-logs-role"]),
      );
    }
  });

  it("one shared account: dev owns every singleton, prod creates none, and dev's LF settings admit both deploy roles", () => {
    expect(checkTopology(shared, SHARED)?.failures).toEqual([]);
    const prod = of(shared, "prod");
    for (const type of [
      "aws:lakeformation/dataLakeSettings:DataLakeSettings",
      "aws:glue/dataCatalogEncryptionSettings:DataCatalogEncryptionSettings",
      "aws:lakeformation/lfTag:LfTag",
      "aws:iam/openIdConnectProvider:OpenIdConnectProvider",
      "aws:quicksight/accountSubscription:AccountSubscription",
    ])
      expect(resources(prod, type), type).toEqual([]);
    expect(resources(prod, "aws:iam/role:Role").map((r) => r.inputs.name)).not.toContain("dms-vpc-role");
    expect(
      resources(prod, "aws:glue/catalogDatabase:CatalogDatabase").map((r) => r.inputs.name),
    ).not.toContain("default");
    const [settings] = resources(of(shared, "dev"), "aws:lakeformation/dataLakeSettings:DataLakeSettings");
    expect(settings?.inputs.admins).toEqual(
      expect.arrayContaining([
        `arn:aws:iam::${DEV_ACCOUNT}:role/lakehouse-dev-lake-storage-deploy`,
        `arn:aws:iam::${DEV_ACCOUNT}:role/lakehouse-prod-lake-storage-deploy`,
      ]),
    );
  });

  it("one shared account: prod's access proof holds under dev's Lake Formation settings, LF-tags and catalog key", async () => {
    const plans: PlanFile[] = of(shared, "prod").plans;
    const proof = await proveAccess(
      "prod",
      plans,
      await loadMatrices(REPO_ROOT, plans, (f) => import(f)),
      loadDeployInputs(REPO_ROOT),
      scopeSingletons("prod", shared, SHARED),
    );
    // The deploy roles in layer-resources.json are generated for stacks/accounts.yaml: the
    // content-hashed script keys embed the account's bucket names, so a shared account regenerates
    // them (README, "Accounts"); everything else holds as generated.
    const hashed = /\/glue\/transformation\/manifests\/[0-9a-f]{16}\//;
    expect(proof.failures.filter((f) => !hashed.test(f))).toEqual([]);
    // prod's databases are encrypted under dev's catalog key, and its deploy role is proved on it
    const [settings] = resources(
      of(shared, "dev"),
      "aws:glue/dataCatalogEncryptionSettings:DataCatalogEncryptionSettings",
    );
    const devKey = (
      settings?.inputs.dataCatalogEncryptionSettings as
        | { encryptionAtRest: { sseAwsKmsKeyId: string } }
        | undefined
    )?.encryptionAtRest.sseAwsKmsKeyId;
    expect(devKey).toMatch(/^arn:aws:kms:eu-west-1:123456789012:key\//);
    expect(
      proof.checks.some(
        (c) =>
          c.layer === "lake-storage" && c.resource === devKey && c.action === "kms:GenerateDataKey" && c.ok,
      ),
    ).toBe(true);
  });

  it("finds the shared-account findings: two stacks of one account each creating the singletons (plans made as if each were alone)", () => {
    // The plans of separate accounts are what the stacks did before ownership came from the
    // topology: each created every singleton. Put in one account, the check names each one.
    const failures = checkTopology(separate, SHARED)?.failures ?? [];
    const scope = `in account ${DEV_ACCOUNT}`;
    for (const [what, where] of <[string, string][]>[
      ["GitHub OIDC provider (oidc-provider)", scope],
      ["Lake Formation data lake settings (settings)", `${scope} region eu-west-1`],
      ["Glue Data Catalog encryption settings (settings)", `${scope} region eu-west-1`],
      ["LF-tag keys and values (key domain)", `${scope} region eu-west-1`],
      ["LF-tag keys and values (key sensitivity)", `${scope} region eu-west-1`],
      ["DMS account roles (dms-vpc-role, dms-cloudwatch-logs-role) (role dms-vpc-role)", scope],
      ["QuickSight account subscription (subscription)", scope],
      ["Glue `default` database (database default)", `${scope} region eu-west-1`],
    ])
      expect(failures, what).toContainEqual(
        expect.stringMatching(
          new RegExp(
            `^${literal(what)} is created by more than one stack ${literal(where)}: dev \\(.+\\) and prod \\(.+\\)`,
          ),
        ),
      );
    // each stack's settings replace the other's admin list
    expect(failures).toContainEqual(
      expect.stringContaining(
        "settings of stack dev in account 123456789012 region eu-west-1 leave out stack prod's deploy role lakehouse-prod-lake-storage-deploy",
      ),
    );
    expect(failures).toContainEqual(
      expect.stringContaining(
        "settings of stack prod in account 123456789012 region eu-west-1 leave out stack dev's deploy role lakehouse-dev-lake-storage-deploy",
      ),
    );
  });

  it("finds the separate-accounts finding: prod planned as if dev's account had its singletons lacks the DMS roles", () => {
    // Shared-account plans (prod creates no singleton, as the old dmsCreateVpcRole: false) checked
    // in separate accounts: prod's account has no dms-vpc-role, and the rest is missing too.
    const failures = checkTopology(shared, SEPARATE)?.failures ?? [];
    const needs = (what: string, key: string, scope: string) =>
      expect(failures, what).toContainEqual(
        expect.stringMatching(
          new RegExp(
            `^stack prod needs the ${literal(what)} \\(${literal(key)}\\) ${literal(scope)} \\(for .+\\), and no stack there creates it`,
          ),
        ),
      );
    const account = `in account ${PROD_ACCOUNT}`;
    needs("DMS account roles (dms-vpc-role, dms-cloudwatch-logs-role)", "role dms-vpc-role", account);
    needs(
      "DMS account roles (dms-vpc-role, dms-cloudwatch-logs-role)",
      "role dms-cloudwatch-logs-role",
      account,
    );
    needs("GitHub OIDC provider", "oidc-provider", account);
    needs("QuickSight account subscription", "subscription", account);
    needs("Lake Formation data lake settings", "settings", `${account} region eu-west-1`);
    needs("Glue Data Catalog encryption settings", "settings", `${account} region eu-west-1`);
    needs("LF-tag keys and values", "domain=sales", `${account} region eu-west-1`);
    needs("Glue `default` database", "database default", `${account} region eu-west-1`);
    expect(failures.filter((f) => f.startsWith("stack dev"))).toEqual([]);
  });

  it("fails on an S3 bucket name used twice, even across accounts (bucket names are global)", () => {
    const copy = structuredClone(separate);
    const bucket = (s: PlannedStack) =>
      s.plans.flatMap((p) => p.resources).find((r) => r.type === "aws:s3/bucket:Bucket" && r.name === "raw");
    const devRaw = bucket(of(copy, "dev"));
    const prodRaw = bucket(of(copy, "prod"));
    if (!devRaw || !prodRaw) throw new Error("no raw bucket planned");
    prodRaw.inputs.bucket = devRaw.inputs.bucket;
    prodRaw.arn = devRaw.arn;
    expect(checkTopology(copy, SEPARATE)?.failures).toContainEqual(
      expect.stringMatching(
        new RegExp(
          `^physical name ${literal(`arn:aws:s3:::${devRaw.inputs.bucket}`)} is created by more than one stack globally: dev \\(lake-storage raw\\) and prod \\(lake-storage raw\\)`,
        ),
      ),
    );
  });

  it("fails on an IAM name used twice in one account, not across accounts", () => {
    const rename = (planned: PlannedStack[]) => {
      const copy = structuredClone(planned);
      const role = of(copy, "prod")
        .plans.flatMap((p) => p.resources)
        .find((r) => r.inputs.name === "lakehouse-prod-lake-storage-deploy");
      if (!role) throw new Error("no prod deploy role");
      role.inputs.name = "lakehouse-dev-lake-storage-deploy";
      role.arn = String(role.arn).replace("lakehouse-prod-", "lakehouse-dev-");
      return copy;
    };
    const name =
      /^physical name arn:aws:iam::\d{12}:role\/lakehouse-dev-lake-storage-deploy is created by more than one stack in account 123456789012/;
    expect(checkTopology(rename(shared), SHARED)?.failures).toContainEqual(expect.stringMatching(name));
    expect(checkTopology(rename(separate), SEPARATE)?.failures.filter((f) => name.test(f))).toEqual([]);
  });

  it("is not run on part of the topology: it needs every stack and every layer", () => {
    expect(checkTopology([of(separate, "dev")], SEPARATE)).toBeUndefined();
    const partial = separate.map((s) => ({ ...s, plans: s.plans.filter((p) => p.layer !== "analytics") }));
    expect(checkTopology(partial, SEPARATE)).toBeUndefined();
  });
});

function literal(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
