import { MOCK_ACCOUNT_ID, policyOf, type RecordedResource } from "@lakehouse/testing";
import { beforeAll, describe, expect, it } from "vitest";
import { readableColumns, runAnalytics, storage, type TaggedTable } from "./support";

const lake = storage("dev");
let run: Awaited<ReturnType<typeof runAnalytics>>;
const one = (type: string, name: string) => run.recorder.get(type, name);
const all = (type: string) => run.recorder.ofType(type);
type Statement = { Sid?: string; Action: string | string[]; Resource: string | string[]; Effect: string };
const list = (v: string | string[]) => (Array.isArray(v) ? v : [v]);
const statementsOf = (policy: RecordedResource) =>
  policyOf(policy.inputs.policy).Statement as unknown as Statement[];
const policiesOf = (roleName: string) =>
  all("aws:iam/rolePolicy:RolePolicy")
    .filter((p) => p.inputs.role === roleName)
    .flatMap(statementsOf);

beforeAll(async () => {
  run = await runAnalytics("dev");
});

describe("Athena workgroup", () => {
  it("enforces engine v3, KMS-encrypted results under its own prefix, the bucket owner, the cutoff and metrics", () => {
    const wg = one("aws:athena/workgroup:Workgroup", "analytics").inputs;
    expect(wg.name).toBe("lakehouse-dev-analytics");
    expect(wg.configuration).toEqual({
      enforceWorkgroupConfiguration: true,
      publishCloudwatchMetricsEnabled: true,
      bytesScannedCutoffPerQuery: 1073741824, // stacks/analytics/Pulumi.dev.yaml
      engineVersion: { selectedEngineVersion: "Athena engine version 3" },
      resultConfiguration: {
        outputLocation: `s3://${lake.resultsBucketName}/athena/lakehouse-dev-analytics/`,
        expectedBucketOwner: MOCK_ACCOUNT_ID,
        // no ACL: the bucket enforces bucket-owner ownership, and writers have no s3:PutObjectAcl
        encryptionConfiguration: { encryptionOption: "SSE_KMS", kmsKeyArn: lake.dataKeyArn },
      },
    });
  });

  it("leaves the results bucket's lifecycle (and so results expiry) to lake-storage", () => {
    expect(all("aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration")).toEqual([]);
  });

  it("ships every report as a named query of the workgroup, in the database it reads", () => {
    const queries = all("aws:athena/namedQuery:NamedQuery");
    expect(
      Object.fromEntries(queries.map((q) => [q.inputs.name, [q.inputs.workgroup, q.inputs.database]])),
    ).toEqual({
      daily_events_by_type: ["lakehouse-dev-analytics", lake.refinedDatabaseName],
      ga4_sessions_per_day: ["lakehouse-dev-analytics", lake.refinedDatabaseName],
      cdc_change_volume: ["lakehouse-dev-analytics", lake.cdcDatabaseName],
      cdc_current_state_orders: ["lakehouse-dev-analytics", lake.cdcDatabaseName],
      cdc_current_state_customers: ["lakehouse-dev-analytics", lake.cdcDatabaseName],
    });
    expect(run.outputs.namedQueryIds).toEqual(Object.fromEntries(queries.map((q) => [q.inputs.name, q.id])));
    expect(run.outputs.athenaWorkgroupName).toBe("lakehouse-dev-analytics");
  });
});

describe("analyst role", () => {
  it("is assumable from this account by default and may query only in the workgroup", () => {
    const role = one("aws:iam/role:Role", "analyst");
    expect(policyOf(role.inputs.assumeRolePolicy).Statement).toEqual([
      expect.objectContaining({
        Action: "sts:AssumeRole",
        Principal: { AWS: `arn:aws:iam::${MOCK_ACCOUNT_ID}:root` },
      }),
    ]);
    const statements = policiesOf("lakehouse-dev-analyst");
    const athena = statements.filter((s) => list(s.Action).some((a) => a.startsWith("athena:")));
    expect(athena.flatMap((s) => list(s.Resource))).toEqual([
      `arn:aws:athena:eu-west-1:${MOCK_ACCOUNT_ID}:workgroup/lakehouse-dev-analytics`,
    ]);
    const writes = statements.find((s) => list(s.Action).includes("s3:PutObject"));
    expect(writes?.Resource).toBe(`${lake.resultsBucketArn}/athena/lakehouse-dev-analytics/*`);
    const kms = statements.find((s) => list(s.Action).includes("kms:GenerateDataKey"));
    expect(kms?.Resource).toBe(lake.dataKeyArn);
  });

  it("uses '*' only for actions that accept nothing else (GetDataAccess; QuickSight's catalog listing)", () => {
    for (const roleName of ["lakehouse-dev-analyst", "lakehouse-dev-quicksight-athena"]) {
      const wildcards = policiesOf(roleName).filter((s) => list(s.Resource).includes("*"));
      expect(wildcards.map((s) => s.Action)).toEqual([
        ...(roleName === "lakehouse-dev-quicksight-athena"
          ? [["athena:ListDataCatalogs", "athena:ListWorkGroups", "athena:ListEngineVersions"]]
          : []),
        "lakeformation:GetDataAccess",
      ]);
      for (const s of policiesOf(roleName)) expect(list(s.Action).every((a) => !a.endsWith(":*"))).toBe(true);
    }
  });

  it("reads the catalog of the refined and cdc databases only", () => {
    const glue = policiesOf("lakehouse-dev-analyst").find((s) => list(s.Action).includes("glue:GetTable"));
    const prefix = `arn:aws:glue:eu-west-1:${MOCK_ACCOUNT_ID}`;
    expect(list(glue?.Resource ?? []).sort()).toEqual(
      [
        `${prefix}:catalog`,
        `${prefix}:database/${lake.refinedDatabaseName}`,
        `${prefix}:database/${lake.cdcDatabaseName}`,
        `${prefix}:table/${lake.refinedDatabaseName}/*`,
        `${prefix}:table/${lake.cdcDatabaseName}/*`,
      ].sort(),
    );
  });
});

describe("Lake Formation reader grants", () => {
  const events: TaggedTable = {
    database: lake.refinedDatabaseName,
    name: "client_events",
    tags: { domain: "marketing", sensitivity: "internal" },
    columns: [
      { name: "event_id" },
      { name: "event_type" },
      { name: "user_id" },
      { name: "user_email", tags: { sensitivity: "confidential" } },
      { name: "ip_address", tags: { sensitivity: "confidential" } },
      { name: "occurred_at" },
      { name: "event_date", tags: { sensitivity: "public" } },
    ],
  };
  const orders: TaggedTable = {
    database: lake.cdcDatabaseName,
    name: "orders_current",
    tags: { domain: "sales", sensitivity: "internal" },
    columns: [
      { name: "order_id" },
      { name: "status" },
      { name: "card_last4", tags: { sensitivity: "confidential" } },
    ],
  };
  const payroll: TaggedTable = {
    database: lake.refinedDatabaseName,
    name: "payroll",
    tags: { domain: "sales", sensitivity: "confidential" },
    columns: [{ name: "employee_id" }, { name: "salary" }],
  };
  const grants = () => all("aws:lakeformation/permissions:Permissions").map((g) => g.inputs as never);

  it("let the analyst read every column except those tagged confidential", async () => {
    const analyst = String(run.outputs.analystRoleArn);
    expect(readableColumns(grants(), analyst, events)).toEqual([
      "event_id",
      "event_type",
      "user_id",
      "occurred_at",
      "event_date",
    ]);
    expect(readableColumns(grants(), analyst, orders)).toEqual(["order_id", "status"]);
    expect(readableColumns(grants(), analyst, payroll)).toEqual([]);
  });

  it("give QuickSight's Athena role the same non-sensitive scope and nobody else any SELECT", () => {
    const quicksightRole = String(one("aws:iam/role:Role", "quicksight-role").state.arn);
    expect(readableColumns(grants(), quicksightRole, orders)).toEqual(["order_id", "status"]);
    const principals = new Set(
      all("aws:lakeformation/permissions:Permissions").map((g) => g.inputs.principal),
    );
    expect([...principals].sort()).toEqual([String(run.outputs.analystRoleArn), quicksightRole].sort());
  });

  it("keep the platform domain (the raw zone) out of reach: readerDomains in the stack file", () => {
    const analyst = String(run.outputs.analystRoleArn);
    const rawEnvelopes: TaggedTable = {
      database: lake.rawDatabaseName,
      name: "dynamodb_cdc",
      tags: { domain: "platform", sensitivity: "internal" },
      columns: [{ name: "op" }, { name: "keys" }],
    };
    expect(readableColumns(grants(), analyst, rawEnvelopes)).toEqual([]);
  });

  it("grant DESCRIBE on the databases by domain and on default (Athena describes it), and nothing beyond SELECT and DESCRIBE", () => {
    const analyst = all("aws:lakeformation/permissions:Permissions").filter(
      (g) => g.inputs.principal === run.outputs.analystRoleArn,
    );
    const grants = analyst.map((g) => [g.inputs.permissions, g.inputs.lfTagPolicy ?? g.inputs.database]);
    expect(grants).toHaveLength(3);
    expect(grants).toEqual(
      expect.arrayContaining([
        [
          ["DESCRIBE"],
          { resourceType: "DATABASE", expressions: [{ key: "domain", values: ["sales", "marketing"] }] },
        ],
        [
          ["SELECT", "DESCRIBE"],
          {
            resourceType: "TABLE",
            expressions: [
              { key: "domain", values: ["sales", "marketing"] },
              { key: "sensitivity", values: ["public", "internal"] },
            ],
          },
        ],
        [["DESCRIBE"], { name: "default" }],
      ]),
    );
  });
});

describe("QuickSight", () => {
  const authors = `arn:aws:quicksight:eu-west-1:${MOCK_ACCOUNT_ID}:group/default/lakehouse-dev-authors`;
  const viewers = `arn:aws:quicksight:eu-west-1:${MOCK_ACCOUNT_ID}:group/default/lakehouse-dev-viewers`;

  it("has an Athena data source on the workgroup, querying as a role QuickSight assumes", () => {
    const source = one("aws:quicksight/dataSource:DataSource", "quicksight");
    const role = one("aws:iam/role:Role", "quicksight-role");
    expect(source.inputs.type).toBe("ATHENA");
    expect(source.inputs.parameters).toEqual({
      athena: { workGroup: "lakehouse-dev-analytics", roleArn: role.state.arn },
    });
    expect(policyOf(role.inputs.assumeRolePolicy).Statement).toEqual([
      expect.objectContaining({
        Principal: { Service: "quicksight.amazonaws.com" },
        Action: "sts:AssumeRole",
      }),
    ]);
    // QuickSight's run-as documentation trusts the service without aws:SourceAccount
    expect(policyOf(role.inputs.assumeRolePolicy).Statement).toEqual([
      expect.not.objectContaining({ Condition: expect.anything() }),
    ]);
    expect(run.outputs.quicksightDataSourceArn).toBe(source.state.arn);
    expect((source.inputs.permissions as { principal: string }[]).map((p) => p.principal)).toEqual([
      authors,
      viewers,
    ]);
    expect(all("aws:quicksight/accountSubscription:AccountSubscription")).toEqual([]);
  });

  it("creates its own authors and viewers groups, and grants every asset to them and no one else", () => {
    const groups = all("aws:quicksight/group:Group");
    expect(groups.map((g) => [g.inputs.groupName, g.inputs.namespace, g.inputs.region])).toEqual([
      ["lakehouse-dev-authors", "default", "eu-west-1"],
      ["lakehouse-dev-viewers", "default", "eu-west-1"],
    ]);
    expect(groups.map((g) => g.state.arn)).toEqual([authors, viewers]);
    const principalsOf = (r: RecordedResource) =>
      [...new Set((r.inputs.permissions as { principal: string }[]).map((p) => p.principal))].sort();
    const assets = [
      ...all("aws:quicksight/dataSource:DataSource"),
      ...all("aws:quicksight/dataSet:DataSet"),
      ...all("aws-native:quicksight:Dashboard"),
    ];
    expect(assets.length).toBeGreaterThan(5);
    for (const asset of assets) expect(principalsOf(asset), asset.name).toEqual([authors, viewers]);
    // the stack files list no users yet: the groups exist, memberships come from config
    expect(all("aws:quicksight/groupMembership:GroupMembership")).toEqual([]);
  });

  it("adds the configured QuickSight users to the groups, in the identity region", async () => {
    const other = await runAnalytics("dev", {
      "lakehouse-analytics:quicksightIdentityRegion": "us-east-1",
      "lakehouse-analytics:quicksightAuthors": '["alice"]',
      "lakehouse-analytics:quicksightViewers": '["alice", "AnalystRole/bob"]',
    });
    const source = other.recorder.get("aws:quicksight/dataSource:DataSource", "quicksight");
    expect((source.inputs.permissions as { principal: string }[]).map((p) => p.principal)).toEqual([
      authors.replace(":eu-west-1:", ":us-east-1:"),
      viewers.replace(":eu-west-1:", ":us-east-1:"),
    ]);
    const members = other.recorder
      .ofType("aws:quicksight/groupMembership:GroupMembership")
      .map((m) => [m.inputs.groupName, m.inputs.memberName, m.inputs.region, m.inputs.awsAccountId]);
    expect(members).toEqual([
      ["lakehouse-dev-authors", "alice", "us-east-1", MOCK_ACCOUNT_ID],
      ["lakehouse-dev-viewers", "alice", "us-east-1", MOCK_ACCOUNT_ID],
      ["lakehouse-dev-viewers", "AnalystRole/bob", "us-east-1", MOCK_ACCOUNT_ID],
    ]);
  });

  it("has one direct-query dataset per report, on that data source, over the report SQL as a rolling window", () => {
    const source = one("aws:quicksight/dataSource:DataSource", "quicksight");
    const queries = Object.fromEntries(
      all("aws:athena/namedQuery:NamedQuery").map((q) => [q.inputs.name, String(q.inputs.query)]),
    );
    const dataSets = all("aws:quicksight/dataSet:DataSet");
    expect(dataSets.map((d) => d.name).sort()).toEqual(Object.keys(queries).sort());
    for (const d of dataSets) {
      expect(d.inputs.importMode).toBe("DIRECT_QUERY");
      const [table] = d.inputs.physicalTableMaps as {
        customSql: { dataSourceArn: string; sqlQuery: string };
      }[];
      expect(table?.customSql.dataSourceArn).toBe(source.state.arn);
      const sql = table?.customSql.sqlQuery ?? "";
      expect(sql).not.toContain("?");
      const named = queries[d.name] as string;
      if (named.includes("?")) {
        // dev reads 30 days back (quicksightWindowDays) through the same partition filter; the
        // every report over the configured window: change volume reads the change log's audit
        // table, whose rows outlive snapshot expiry (no report reads snapshot metadata)
        const days = 30;
        expect(sql).toContain(`BETWEEN CAST(current_date - INTERVAL '${days}' DAY AS DATE) AND current_date`);
        expect(sql.replace(/BETWEEN .* AND current_date/, "")).toBe(
          named.replace(/BETWEEN .* AS DATE\)/, ""),
        );
      } else {
        expect(sql).toBe(named);
      }
      const perms = d.inputs.permissions as { principal: string; actions: string[] }[];
      expect(perms.find((p) => p.principal === viewers)?.actions).not.toContain("quicksight:UpdateDataSet");
    }
    expect(all("aws:quicksight/refreshSchedule:RefreshSchedule")).toEqual([]);
  });

  it("lays out every visual of the planned dashboard on its sheet's grid, each titled, none overlapping", () => {
    const definition = one("aws-native:quicksight:Dashboard", "overview").inputs.definition as {
      sheets: {
        visuals: Record<string, { visualId: string; title: { formatText: { plainText: string } } }>[];
        layouts: { configuration: { gridLayout: { elements: Record<string, number | string>[] } } }[];
      }[];
    };
    const [sheet] = definition.sheets;
    const visuals = (sheet?.visuals ?? []).map(
      (v) => Object.values(v)[0] as { visualId: string; title: { formatText: { plainText: string } } },
    );
    const elements = sheet?.layouts[0]?.configuration.gridLayout.elements ?? [];
    expect(visuals.length).toBeGreaterThan(3);
    expect(elements.map((e) => e.elementId)).toEqual(visuals.map((v) => v.visualId));
    for (const v of visuals) expect(v.title.formatText.plainText.length).toBeGreaterThan(10);
    // titles are unique: each says what its visual shows
    expect(new Set(visuals.map((v) => v.title.formatText.plainText)).size).toBe(visuals.length);
    const cells = new Set<string>();
    for (const e of elements) {
      expect(e.elementType).toBe("VISUAL");
      const col = Number(e.columnIndex);
      const span = Number(e.columnSpan);
      const row = Number(e.rowIndex);
      const rows = Number(e.rowSpan);
      // API_GridLayoutElement: 36 columns, spans 1-36 columns and 1-21 rows
      expect(col + span).toBeLessThanOrEqual(36);
      expect(rows).toBeLessThanOrEqual(21);
      for (let c = col; c < col + span; c++)
        for (let r = row; r < row + rows; r++) {
          expect(cells.has(`${c},${r}`), `${e.elementId} overlaps at ${c},${r}`).toBe(false);
          cells.add(`${c},${r}`);
        }
    }
  });

  it("has a dashboard defined as code whose visuals use exactly the report datasets", () => {
    const dashboard = one("aws-native:quicksight:Dashboard", "overview");
    const definition = dashboard.inputs.definition as {
      dataSetIdentifierDeclarations: { identifier: string; dataSetArn: string }[];
      sheets: { visuals: Record<string, { visualId: string; chartConfiguration: unknown }>[] }[];
    };
    const dataSetArns = Object.fromEntries(
      all("aws:quicksight/dataSet:DataSet").map((d) => [d.name, d.state.arn]),
    );
    expect(
      Object.fromEntries(definition.dataSetIdentifierDeclarations.map((d) => [d.identifier, d.dataSetArn])),
    ).toEqual(dataSetArns);
    const visuals = definition.sheets.flatMap((s) => s.visuals);
    const used = new Set(JSON.stringify(visuals).match(/"dataSetIdentifier":"[a-z0-9_]+"/g));
    expect([...used].map((u) => u.split(":")[1]?.replace(/"/g, "")).sort()).toEqual(
      Object.keys(dataSetArns).sort(),
    );
    expect(visuals.map((v) => Object.values(v)[0]?.visualId)).toEqual([
      "events-by-type",
      "ga4-sessions",
      "cdc-volume",
      "cdc-deletes",
      "cdc-current-state-orders",
      "cdc-current-state-customers",
    ]);
    expect(dashboard.inputs.dashboardId).toBe("lakehouse-dev-overview");
    expect(run.outputs.quicksightDashboardId).toBe("lakehouse-dev-overview");
    const perms = dashboard.inputs.permissions as { principal: string; actions: string[] }[];
    expect(perms.find((p) => p.principal === viewers)?.actions).toEqual([
      "quicksight:DescribeDashboard",
      "quicksight:ListDashboardVersions",
      "quicksight:QueryDashboard",
    ]);
    expect(dashboard.inputs.tags).toEqual(
      expect.arrayContaining([
        { key: "layer", value: "analytics" },
        { key: "owner-team", value: "analytics-engineering" },
      ]),
    );
  });
});
