import { RAW_PREFIXES, REFINED_PREFIXES } from "@lakehouse/contracts";
import { layerFixture, MOCK_ACCOUNT_ID, type RecordedResource } from "@lakehouse/testing";
import { beforeAll, describe, expect, it } from "vitest";
import { list, runTransformation, type Statement, statementsOf } from "./support";

const lake = layerFixture("lake-storage", "dev");
let run: Awaited<ReturnType<typeof runTransformation>>;
const roleArn = (name: string) => `arn:aws:iam::${MOCK_ACCOUNT_ID}:role/${name}`;
const CRAWLER = roleArn("lakehouse-dev-glue-crawlers");
const JOBS = roleArn("lakehouse-dev-glue-jobs");
const OPTIMIZER = roleArn("lakehouse-dev-iceberg-optimizer");

beforeAll(async () => {
  run = await runTransformation("dev");
});

interface Grant {
  principal: string;
  permissions: string[];
  database?: { name: string };
  table?: { databaseName: string; name?: string; wildcard?: boolean };
  dataLocation?: { arn: string };
}
const grants = (principal: string) =>
  run.recorder
    .ofType("aws:lakeformation/permissions:Permissions")
    .map((g) => g.inputs as unknown as Grant)
    .filter((g) => g.principal === principal);

/** `db` / `db.table` / `db.*` / `s3:...` -> sorted permissions: one line per grant, for whole-set assertions. */
function grantMap(principal: string): Record<string, string[]> {
  return Object.fromEntries(
    grants(principal).map((g) => {
      const target = g.database
        ? g.database.name
        : g.table
          ? `${g.table.databaseName}.${g.table.wildcard ? "*" : g.table.name}`
          : `location:${g.dataLocation?.arn}`;
      return [target, [...g.permissions].sort()];
    }),
  );
}

describe("Lake Formation grants", () => {
  it("let the crawler role create and alter tables in raw only, with data-location access to the raw prefixes", () => {
    const raw = lake.rawDatabaseName;
    expect(grantMap(CRAWLER)).toEqual({
      [raw]: ["ALTER", "CREATE_TABLE", "DESCRIBE"],
      [`${raw}.*`]: ["ALTER", "DESCRIBE"],
      ...Object.fromEntries(
        Object.values(RAW_PREFIXES).map((p) => [
          `location:${lake.rawBucketArn}/${p.replace(/\/$/, "")}`,
          ["DATA_LOCATION_ACCESS"],
        ]),
      ),
    });
  });

  it("let the job role read raw, write the refined and Iceberg tables by name, and reach only refined locations", () => {
    const { rawDatabaseName: raw, refinedDatabaseName: refined, cdcDatabaseName: cdc } = lake;
    expect(grantMap(JOBS)).toEqual({
      // Spark's Hive client resolves `default` when the session starts
      default: ["DESCRIBE"],
      [raw]: ["DESCRIBE"],
      [`${raw}.*`]: ["DESCRIBE", "SELECT"],
      [refined]: ["DESCRIBE"],
      [`${refined}.client_events`]: ["ALTER", "DESCRIBE", "INSERT", "SELECT"],
      [`${refined}.ga4_sessions`]: ["ALTER", "DESCRIBE", "INSERT", "SELECT"],
      [cdc]: ["DESCRIBE"],
      [`${cdc}.orders`]: ["ALTER", "DELETE", "DESCRIBE", "INSERT", "SELECT"],
      [`${cdc}.customers`]: ["ALTER", "DELETE", "DESCRIBE", "INSERT", "SELECT"],
      // the change log's audit table, which the merge job appends to and the optimizers maintain
      [`${cdc}.cdc_changes`]: ["ALTER", "DELETE", "DESCRIBE", "INSERT", "SELECT"],
      [`location:${lake.refinedBucketArn}/parquet`]: ["DATA_LOCATION_ACCESS"],
      [`location:${lake.refinedBucketArn}/iceberg`]: ["DATA_LOCATION_ACCESS"],
    });
  });

  it("let the optimizer role maintain only the Iceberg tables", () => {
    const cdc = lake.cdcDatabaseName;
    expect(grantMap(OPTIMIZER)).toEqual({
      [`${cdc}.orders`]: ["ALTER", "DELETE", "DESCRIBE", "INSERT", "SELECT"],
      [`${cdc}.customers`]: ["ALTER", "DELETE", "DESCRIBE", "INSERT", "SELECT"],
      // the change log's audit table, which the merge job appends to and the optimizers maintain
      [`${cdc}.cdc_changes`]: ["ALTER", "DELETE", "DESCRIBE", "INSERT", "SELECT"],
      [`location:${lake.refinedBucketArn}/iceberg`]: ["DATA_LOCATION_ACCESS"],
    });
  });

  it("never grant ALL, DROP or grant options", () => {
    for (const g of run.recorder.ofType("aws:lakeformation/permissions:Permissions")) {
      expect(g.inputs.permissions).not.toContain("ALL");
      expect(g.inputs.permissions).not.toContain("DROP");
      expect(g.inputs.permissionsWithGrantOptions ?? []).toEqual([]);
    }
  });

  it("apply one principal's grants one after another (Lake Formation rejects concurrent changes)", () => {
    const jobGrants = run.recorder
      .ofType("aws:lakeformation/permissions:Permissions")
      .filter((g) => g.inputs.principal === JOBS);
    for (const [i, g] of jobGrants.entries()) {
      if (i > 0) expect(g.dependencies).toContain((jobGrants[i - 1] as RecordedResource).urn);
    }
  });
});

describe("IAM", () => {
  const policies = (roleName: string) =>
    run.recorder.ofType("aws:iam/rolePolicy:RolePolicy").filter((p) => p.inputs.role === roleName);
  const statements = (roleName: string) => policies(roleName).flatMap(statementsOf);
  const actions = (s: Statement) => list(s.Action);
  const resources = (s: Statement) => list(s.Resource);
  const allowing = (roleName: string, action: string) =>
    statements(roleName)
      .filter((s) => actions(s).includes(action))
      .flatMap(resources);

  it("trusts only Glue, from this account", () => {
    for (const name of ["crawler", "jobs", "iceberg-optimizer"]) {
      const trust = JSON.parse(run.recorder.get("aws:iam/role:Role", name).inputs.assumeRolePolicy as string);
      expect(trust.Statement).toEqual([
        {
          Sid: "GlueAssumesRole",
          Effect: "Allow",
          Action: "sts:AssumeRole",
          Principal: { Service: "glue.amazonaws.com" },
          Condition: { StringEquals: { "aws:SourceAccount": MOCK_ACCOUNT_ID } },
        },
      ]);
    }
  });

  it("lets the job role read raw prefixes, and write only its tables' refined and quarantine prefixes and its temp folder", () => {
    expect(allowing("lakehouse-dev-glue-jobs", "s3:PutObject").sort()).toEqual(
      [
        `${lake.refinedBucketArn}/${REFINED_PREFIXES.parquet}client_events/*`,
        `${lake.refinedBucketArn}/${REFINED_PREFIXES.parquet}ga4_sessions/*`,
        `${lake.refinedBucketArn}/${REFINED_PREFIXES.iceberg}orders/*`,
        `${lake.refinedBucketArn}/${REFINED_PREFIXES.iceberg}customers/*`,
        `${lake.refinedBucketArn}/${REFINED_PREFIXES.iceberg}cdc_changes/*`,
        // a batch failing its data-quality ruleset, per table (the audit table has no ruleset)
        ...["client_events", "ga4_sessions", "orders", "customers"].map(
          (t) => `${lake.refinedBucketArn}/${REFINED_PREFIXES.quarantine}${t}/*`,
        ),
        `${lake.assetsBucketArn}/glue/transformation/tmp/*`,
      ].sort(),
    );
    expect(allowing("lakehouse-dev-glue-jobs", "s3:GetObject")).toEqual(
      expect.arrayContaining(Object.values(RAW_PREFIXES).map((p) => `${lake.rawBucketArn}/${p}*`)),
    );
    expect(
      allowing("lakehouse-dev-glue-jobs", "s3:PutObject").some((r) => r.startsWith(lake.rawBucketArn)),
    ).toBe(false);
  });

  it("lets the job role publish data-quality results of exactly this stack's rulesets", () => {
    expect(allowing("lakehouse-dev-glue-jobs", "glue:PublishDataQuality").sort()).toEqual(
      ["events", "ga4-sessions", "orders", "customers"]
        .map((d) => `arn:aws:glue:eu-west-1:${MOCK_ACCOUNT_ID}:dataQualityRuleset/lakehouse-dev-${d}`)
        .sort(),
    );
  });

  it("gives the crawler role no S3 access at all (it reads through Lake Formation credentials)", () => {
    expect(
      statements("lakehouse-dev-glue-crawlers")
        .flatMap(actions)
        .filter((a) => a.startsWith("s3:")),
    ).toEqual([]);
    expect(allowing("lakehouse-dev-glue-crawlers", "glue:CreateTable")).toEqual([
      `arn:aws:glue:eu-west-1:${MOCK_ACCOUNT_ID}:catalog`,
      `arn:aws:glue:eu-west-1:${MOCK_ACCOUNT_ID}:database/${lake.rawDatabaseName}`,
      `arn:aws:glue:eu-west-1:${MOCK_ACCOUNT_ID}:table/${lake.rawDatabaseName}/*`,
    ]);
  });

  it("never lets the job role create or delete catalog tables, and updates only its own tables", () => {
    const jobActions = statements("lakehouse-dev-glue-jobs").flatMap(actions);
    expect(jobActions).not.toContain("glue:CreateTable");
    expect(jobActions).not.toContain("glue:DeleteTable");
    expect(
      allowing("lakehouse-dev-glue-jobs", "glue:UpdateTable")
        .filter((r) => r.includes(":table/"))
        .sort(),
    ).toEqual(
      [
        `arn:aws:glue:eu-west-1:${MOCK_ACCOUNT_ID}:table/${lake.refinedDatabaseName}/client_events`,
        `arn:aws:glue:eu-west-1:${MOCK_ACCOUNT_ID}:table/${lake.refinedDatabaseName}/ga4_sessions`,
        `arn:aws:glue:eu-west-1:${MOCK_ACCOUNT_ID}:table/${lake.cdcDatabaseName}/orders`,
        `arn:aws:glue:eu-west-1:${MOCK_ACCOUNT_ID}:table/${lake.cdcDatabaseName}/customers`,
        `arn:aws:glue:eu-west-1:${MOCK_ACCOUNT_ID}:table/${lake.cdcDatabaseName}/cdc_changes`,
      ].sort(),
    );
  });

  it("has no wildcard action, and a wildcard resource only where AWS offers no resource-level permission", () => {
    for (const s of run.recorder.ofType("aws:iam/rolePolicy:RolePolicy").flatMap(statementsOf)) {
      expect(actions(s).some((a) => a.includes("*"))).toBe(false);
      if (resources(s).includes("*")) {
        expect(["cloudwatch:PutMetricData", "lakeformation:GetDataAccess"]).toEqual(
          expect.arrayContaining(actions(s)),
        );
      }
    }
    const metrics = statements("lakehouse-dev-glue-jobs").find((s) =>
      actions(s).includes("cloudwatch:PutMetricData"),
    );
    expect(metrics?.Condition).toEqual({ StringEquals: { "cloudwatch:namespace": "Glue" } });
  });
});
