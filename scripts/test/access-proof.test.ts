import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { proveAccess } from "@lakehouse/access";
import * as aws from "@pulumi/aws";
import { beforeAll, describe, expect, it } from "vitest";
import { parseArgs } from "../src/args";
import { planCommand } from "../src/commands/plan";
import { loadDeployInputs, loadMatrices } from "../src/plan/access-proof";
import type { PlanFile } from "../src/plan/plan-file";
import { REPO_ROOT } from "../src/repo-root";
import { stackPlan } from "./support/stack-plans";

/** The dev plan as `lakehouse plan` makes it, and the proof it runs; each test breaks one thing in a copy. */
let plans: PlanFile[];
const prove = async (changed: PlanFile[]) =>
  proveAccess(
    "dev",
    changed,
    await loadMatrices(REPO_ROOT, changed, (f) => import(f)),
    loadDeployInputs(REPO_ROOT),
  );

/** A copy of the plans with one resource's policy document rewritten. */
function withPolicy(
  layer: string,
  name: string,
  edit: (statements: Record<string, unknown>[]) => Record<string, unknown>[],
): PlanFile[] {
  const copy = structuredClone(plans);
  const r = copy.find((p) => p.layer === layer)?.resources.find((x) => x.name === name);
  if (!r) throw new Error(`no ${name} in ${layer}`);
  const doc = JSON.parse(String(r.inputs.policy));
  r.inputs.policy = JSON.stringify({ ...doc, Statement: edit(doc.Statement) });
  return copy;
}

beforeAll(async () => {
  plans = await stackPlan("dev");
}, 180_000);

describe("the access proof on the dev plan", { timeout: 120_000 }, () => {
  it("holds as planned: every required access allowed, every forbidden one denied, no lint finding", async () => {
    const proof = await prove(plans);
    expect(proof.failures).toEqual([]);
    expect(proof.checks.length).toBeGreaterThan(1000);
  });

  it("fails when a key grant is removed, naming the principal, the action and what is missing", async () => {
    // the events Firehose reads its Parquet schema from the encrypted catalog
    const broken = withPolicy("ingestion", "events-role-policy", (st) =>
      st.filter((s) => s.Sid !== "DecryptCatalog"),
    );
    const { failures } = await prove(broken);
    expect(failures).toContainEqual(
      expect.stringMatching(
        /^required access denied: arn:aws:iam::123456789012:role\/lakehouse-dev-events-firehose kms:Decrypt on arn:aws:kms:.*: ingestion: iam\/rolePolicy events-role-events-raw-write-events statement "EncryptDecryptThroughS3" matches but its condition fails \(StringEquals kms:ViaService, request has "glue\.eu-west-1\.amazonaws\.com"\) \(declared in projects\/ingestion\/src\/access\.ts: /,
      ),
    );
  });

  it("fails when a grant is narrowed by a kms:ViaService condition the call does not carry", async () => {
    const broken = withPolicy("transformation", "crawler-kms-data", (st) =>
      st.map((s) => ({
        ...s,
        Condition: { StringEquals: { "kms:ViaService": "s3.eu-west-1.amazonaws.com" } },
      })),
    );
    const { failures } = await prove(broken);
    expect(failures).toContainEqual(
      expect.stringMatching(
        /^required access denied: arn:aws:iam::123456789012:role\/lakehouse-dev-glue-crawlers kms:Encrypt on .*statement "UseDataKey" matches but its condition fails \(StringEquals kms:ViaService, request has "glue\.eu-west-1\.amazonaws\.com"\)/,
      ),
    );
  });

  it("fails when an action that accepts only * is granted on an ARN", async () => {
    const broken = withPolicy("ingestion", "cdc-handler-role-stream-read", (st) =>
      st.map((s) =>
        s.Sid === "ListStreams"
          ? { ...s, Resource: "arn:aws:dynamodb:eu-west-1:123456789012:table/lakehouse-dev-orders/stream/*" }
          : s,
      ),
    );
    const { failures } = await prove(broken);
    expect(failures).toContainEqual(
      'policy lint [wildcard-only-action] ingestion: iam/rolePolicy cdc-handler-role-stream-read statement "ListStreams": dynamodb:ListStreams accepts only "*" as resource, so its grant on arn:aws:dynamodb:eu-west-1:123456789012:table/lakehouse-dev-orders/stream/* never applies',
    );
    expect(failures).toContainEqual(
      expect.stringMatching(
        /^required access denied: arn:aws:iam::123456789012:role\/lakehouse-dev-cdc-handler dynamodb:ListStreams on \*: no identity policy of lakehouse-dev-cdc-handler allows it/,
      ),
    );
  });

  it("fails when a deploy role's IAM rights are widened to every lakehouse role", async () => {
    const broken = withPolicy("bootstrap", "ingestion-deploy-permissions", (st) => [
      ...st.filter((s) => s.Sid !== "NeverTheCiRolesOrTheBoundary"),
      {
        Sid: "Widened",
        Effect: "Allow",
        Action: "iam:*",
        Resource: "arn:aws:iam::123456789012:role/lakehouse-dev-*",
      },
    ]);
    const { failures } = await prove(broken);
    expect(failures).toContainEqual(
      expect.stringMatching(
        /^forbidden access allowed: arn:aws:iam::123456789012:role\/lakehouse-dev-ingestion-deploy iam:PutRolePolicy on arn:aws:iam::123456789012:role\/lakehouse-dev-network-deploy: allowed by bootstrap: iam\/rolePolicy ingestion-deploy-permissions statement "Widened" \(declared in projects\/bootstrap\/src\/layer-resources\.json \(ingestion's deploy role, from its plan\): no deploy role changes a CI role\)/,
      ),
    );
    expect(failures).toContainEqual(
      expect.stringMatching(
        /^forbidden access allowed: arn:aws:iam::123456789012:role\/lakehouse-dev-ingestion-deploy iam:DeleteRole on arn:aws:iam::123456789012:role\/lakehouse-dev-glue-crawlers: allowed by .*"Widened"/,
      ),
    );
  });

  it("fails when a data source's call is not granted: the network deploy role cannot list availability zones", async () => {
    const broken = withPolicy("bootstrap", "network-deploy-permissions", (st) =>
      st.map((s) => ({
        ...s,
        ...(Array.isArray(s.Action)
          ? { Action: (s.Action as string[]).filter((a) => a !== "ec2:DescribeAvailabilityZones") }
          : {}),
      })),
    );
    const { failures } = await prove(broken);
    expect(failures).toContainEqual(
      expect.stringMatching(
        /^required access denied: arn:aws:iam::123456789012:role\/lakehouse-dev-network-deploy ec2:DescribeAvailabilityZones on \*: .*data source aws:index\/getAvailabilityZones:getAvailabilityZones/,
      ),
    );
  });

  it("fails when the deny on CI roles also denies reading one: lake-storage's session-context lookup of its own role", async () => {
    const broken = withPolicy("bootstrap", "lake-storage-deploy-permissions", (st) =>
      st.map((s) => {
        if (s.Sid !== "NeverTheCiRolesOrTheBoundary") return s;
        const { NotAction: _, ...rest } = s;
        return { ...rest, Action: ["iam:*"] };
      }),
    );
    const { failures } = await prove(broken);
    expect(failures).toContainEqual(
      expect.stringMatching(
        /^required access denied: arn:aws:iam::123456789012:role\/lakehouse-dev-lake-storage-deploy iam:GetRole on arn:aws:iam::123456789012:role\/lakehouse-dev-lake-storage-deploy: denied by .*"NeverTheCiRolesOrTheBoundary".*data source aws:iam\/getSessionContext:getSessionContext/,
      ),
    );
  });

  it("fails when a program calls a data source whose calls are not modelled", async () => {
    const broken = structuredClone(plans);
    const network = broken.find((p) => p.layer === "network") as PlanFile;
    network.invokes.push({ token: "aws:ec2/getVpc:getVpc", args: { default: true }, result: {} });
    const { failures } = await prove(broken);
    expect(failures).toContainEqual(
      expect.stringContaining(
        "network calls the data source aws:ec2/getVpc:getVpc, whose AWS calls packages/access/src/invoke-calls.ts does not model",
      ),
    );
  });

  it("fails when a reader loses DESCRIBE on the default database (Lake Formation)", async () => {
    const broken = structuredClone(plans);
    const analytics = broken.find((p) => p.layer === "analytics") as PlanFile;
    analytics.resources = analytics.resources.filter((r) => r.name !== "analyst-default-database");
    const { failures } = await prove(broken);
    expect(failures).toContainEqual(
      expect.stringMatching(
        /^required access denied: arn:aws:iam::123456789012:role\/lakehouse-dev-analyst lakeformation DESCRIBE on database default: no grant gives lakehouse-dev-analyst DESCRIBE on database default \(declared in projects\/analytics\/src\/access\.ts: /,
      ),
    );
  });

  it("fails when a runtime call is not granted: the Glue job role cannot resolve `default` on Spark start", async () => {
    const broken = structuredClone(plans);
    const t = broken.find((p) => p.layer === "transformation") as PlanFile;
    t.resources = t.resources.filter(
      (r) => r.name !== "jobs-catalog-read-default" && r.name !== "jobs-lf-default-db",
    );
    const { failures } = await prove(broken);
    expect(failures).toContainEqual(
      expect.stringMatching(
        /^required access denied: arn:aws:iam::123456789012:role\/lakehouse-dev-glue-jobs glue:GetDatabase on arn:aws:glue:eu-west-1:123456789012:database\/default: no identity policy .*\(declared in projects\/transformation\/src\/access\.ts: Glue 5\.0 Spark .*AWSCatalogMetastoreClient\.java/,
      ),
    );
    expect(failures).toContainEqual(
      expect.stringMatching(
        /^required access denied: arn:aws:iam::123456789012:role\/lakehouse-dev-glue-jobs lakeformation DESCRIBE on database default: no grant/,
      ),
    );
  });

  it("fails when the QuickSight run-as role cannot browse the catalog (AWSQuicksightAthenaAccess)", async () => {
    const broken = structuredClone(plans);
    const a = broken.find((p) => p.layer === "analytics") as PlanFile;
    a.resources = a.resources.filter((r) => r.name !== "quicksight-browse");
    const { failures } = await prove(broken);
    for (const action of ["ListDataCatalogs", "GetTableMetadata", "ListWorkGroups", "ListEngineVersions"]) {
      expect(failures).toContainEqual(
        expect.stringMatching(
          new RegExp(
            `^required access denied: arn:aws:iam::123456789012:role/lakehouse-dev-quicksight-athena athena:${action} on .*QuickSight Athena data source`,
          ),
        ),
      );
    }
  });

  it("fails when a Firehose schema read is narrowed to the table alone (Glue authorizes catalog, database and table)", async () => {
    const broken = withPolicy("ingestion", "events-role-policy", (st) =>
      st.map((s) => (s.Sid === "ReadSchema" ? { ...s, Resource: (s.Resource as string[]).slice(2) } : s)),
    );
    const { failures } = await prove(broken);
    expect(failures).toContainEqual(
      expect.stringMatching(
        /^required access denied: arn:aws:iam::123456789012:role\/lakehouse-dev-events-firehose glue:GetTableVersions on arn:aws:glue:eu-west-1:123456789012:catalog: .*Firehose \(S3 destination\)/,
      ),
    );
  });

  it("fails when the analytics deploy role may not grant by LF-tag expression (GRANT_WITH_LF_TAG_EXPRESSION)", async () => {
    const broken = structuredClone(plans);
    const l = broken.find((p) => p.layer === "lake-storage") as PlanFile;
    l.resources = l.resources.filter((r) => r.name !== "analytics-deploy-lf-tags-tag-sensitivity");
    const { failures } = await prove(broken);
    expect(failures).toContainEqual(
      expect.stringMatching(
        /^required access denied: arn:aws:iam::123456789012:role\/lakehouse-dev-analytics-deploy create lakeformation\/permissions on analyst-tables: no GRANT_WITH_LF_TAG_EXPRESSION on LF-tag sensitivity=public, sensitivity=internal/,
      ),
    );
  });
});

describe("lakehouse plan fails on an access defect", { timeout: 120_000 }, () => {
  it("exits 1 naming the policy, the action and why, for a program granting a *-only action on an ARN", async () => {
    const lines: string[] = [];
    const out = mkdtempSync(join(tmpdir(), "lakehouse-plan-access-"));
    const code = await planCommand(
      parseArgs(["plan", "--stack", "dev", "--layers", "network", "--out", out]),
      {
        log: (line) => lines.push(line),
        loadMatrices: async () => [],
        loadProgram: async (program) => async () => {
          if (program !== "network") return {};
          const role = new aws.iam.Role("reader", {
            name: "lakehouse-dev-reader",
            assumeRolePolicy: JSON.stringify({
              Version: "2012-10-17",
              Statement: [
                { Effect: "Allow", Principal: { Service: "glue.amazonaws.com" }, Action: "sts:AssumeRole" },
              ],
            }),
          });
          new aws.iam.RolePolicy("reader-lf", {
            role: role.name,
            policy: JSON.stringify({
              Version: "2012-10-17",
              Statement: [
                {
                  Sid: "Catalog",
                  Effect: "Allow",
                  Action: "lakeformation:GetDataAccess",
                  Resource: "arn:aws:lakeformation:eu-west-1:123456789012:catalog:123456789012",
                },
              ],
            }),
          });
          return {};
        },
      },
    );
    expect(code).toBe(1);
    expect(lines).toContainEqual(
      'access dev: policy lint [wildcard-only-action] network: iam/rolePolicy reader-lf statement "Catalog": lakeformation:GetDataAccess accepts only "*" as resource, so its grant on arn:aws:lakeformation:eu-west-1:123456789012:catalog:123456789012 never applies',
    );
  });
});
