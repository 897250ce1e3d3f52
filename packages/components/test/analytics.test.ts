import { installMocks, MOCK_ACCOUNT_ID, outputValue, policyOf } from "@lakehouse/testing";
import { describe, expect, it } from "vitest";

const { recorder } = installMocks({ project: "lakehouse-analytics", stack: "dev" });

import * as aws from "@pulumi/aws";
import {
  AthenaWorkgroup,
  athenaExecutionParameters,
  dashboardDefinition,
  executionParameterCount,
  QuickSightSqlDataSet,
  ReaderGrants,
  readerTagExpressions,
  renderSqlTemplate,
} from "../src";

const settle = () => new Promise((resolve) => setTimeout(resolve, 50));
const bucketArn = "arn:aws:s3:::lakehouse-dev-results-123456789012";
const keyArn = `arn:aws:kms:eu-west-1:${MOCK_ACCOUNT_ID}:key/0b1c2d3e-4f50-6172-8394-a5b6c7d8e9f0`;

describe("renderSqlTemplate", () => {
  const template = 'SELECT * FROM "{{db}}"."{{table}}" WHERE d = CAST(? AS DATE)';

  it("fills identifiers and leaves execution parameters alone", () => {
    expect(renderSqlTemplate(template, { db: "lakehouse_dev_refined", table: "client_events" })).toBe(
      'SELECT * FROM "lakehouse_dev_refined"."client_events" WHERE d = CAST(? AS DATE)',
    );
  });

  it("refuses a value that is not a Glue identifier, so an output cannot inject SQL", () => {
    expect(() =>
      renderSqlTemplate(template, { db: "x", table: 'client_events"; DROP TABLE y; --' }, "report r"),
    ).toThrow(/report r: \{\{table\}\} must be a Glue identifier/);
  });

  it("names every placeholder left without a value", () => {
    expect(() => renderSqlTemplate(template, {})).toThrow(
      /no value for placeholder\(s\) \{\{db\}\}, \{\{table\}\}/,
    );
  });

  it("takes program-built fragments verbatim", () => {
    expect(
      renderSqlTemplate("WITH s AS ({{union}}) SELECT 1", {}, "t", { union: "SELECT 1 UNION ALL SELECT 2" }),
    ).toBe("WITH s AS (SELECT 1 UNION ALL SELECT 2) SELECT 1");
  });
});

describe("execution parameters", () => {
  it("counts ? outside comments and string literals", () => {
    expect(executionParameterCount("-- why?\nSELECT '?' AS q /* ? */ FROM t WHERE a = ? AND b = ?")).toBe(2);
  });

  it("quotes values as Athena substitutes them, escaping quotes", () => {
    expect(athenaExecutionParameters(["2026-03-01", "o'brien"])).toEqual(["'2026-03-01'", "'o''brien'"]);
  });
});

describe("readerTagExpressions", () => {
  const lfTags = {
    domain: ["sales", "marketing", "platform"],
    sensitivity: ["public", "internal", "confidential"],
  };

  it("reads every sensitivity but the excluded ones, in the chosen domains", () => {
    expect(
      readerTagExpressions(lfTags, { domains: ["sales"], excludedSensitivity: ["confidential"] }),
    ).toEqual({
      database: [{ key: "domain", values: ["sales"] }],
      table: [
        { key: "domain", values: ["sales"] },
        { key: "sensitivity", values: ["public", "internal"] },
      ],
    });
  });

  it("rejects values and keys the lake does not define, and a scope that grants nothing", () => {
    expect(() => readerTagExpressions(lfTags, { excludedSensitivity: ["secret"] })).toThrow(
      /unknown sensitivity value/,
    );
    expect(() => readerTagExpressions(lfTags, { domains: ["hr"], excludedSensitivity: [] })).toThrow(
      /unknown domain value/,
    );
    expect(() => readerTagExpressions({ domain: ["sales"] }, { excludedSensitivity: [] })).toThrow(
      /LF-tag "sensitivity" is not defined/,
    );
    expect(() =>
      readerTagExpressions(lfTags, { excludedSensitivity: ["public", "internal", "confidential"] }),
    ).toThrow(/would grant nothing/);
  });
});

describe("AthenaWorkgroup", () => {
  it("refuses a cutoff below Athena's 10 MB minimum", () => {
    expect(
      () =>
        new AthenaWorkgroup("tiny", {
          name: "tiny",
          resultsBucketName: "b",
          resultsBucketArn: bucketArn,
          kmsKeyArn: keyArn,
          bytesScannedCutoffPerQuery: 1024,
        }),
    ).toThrow(/at least 10485760/);
  });

  it("defaults to the deploying account as bucket owner and an athena/<name> prefix, and scopes grantQuery to both", async () => {
    const wg = new AthenaWorkgroup("reports", {
      name: "lakehouse-dev-reports",
      resultsBucketName: "lakehouse-dev-results-123456789012",
      resultsBucketArn: bucketArn,
      kmsKeyArn: keyArn,
      bytesScannedCutoffPerQuery: 10 * 1024 * 1024,
    });
    const role = new aws.iam.Role("reader", { name: "reader", assumeRolePolicy: "{}" });
    const policy = wg.grantQuery("reader-athena", role);
    expect(await outputValue(wg.outputLocation)).toBe(
      "s3://lakehouse-dev-results-123456789012/athena/lakehouse-dev-reports/",
    );
    await outputValue(policy.policy);
    await settle();
    const config = recorder.get("aws:athena/workgroup:Workgroup", "reports").inputs.configuration as {
      resultConfiguration: { expectedBucketOwner: string };
      bytesScannedCutoffPerQuery: number;
    };
    expect(config.resultConfiguration.expectedBucketOwner).toBe(MOCK_ACCOUNT_ID);
    expect(config.bytesScannedCutoffPerQuery).toBe(10485760);
    const statements = policyOf(
      recorder.get("aws:iam/rolePolicy:RolePolicy", "reader-athena").inputs.policy,
    ).Statement;
    const bySid = Object.fromEntries(statements.map((s) => [s.Sid, s]));
    expect(bySid.ReadWriteResults?.Resource).toBe(`${bucketArn}/athena/lakehouse-dev-reports/*`);
    expect(bySid.ListResultsPrefix?.Condition).toEqual({
      StringLike: { "s3:prefix": ["athena/lakehouse-dev-reports/*", "athena/lakehouse-dev-reports/"] },
    });
    expect(bySid.RunQueriesInWorkgroup?.Resource).toBe(
      `arn:aws:athena:eu-west-1:${MOCK_ACCOUNT_ID}:workgroup/lakehouse-dev-reports`,
    );
    expect(bySid.EncryptResults?.Resource).toBe(keyArn);
  });
});

describe("ReaderGrants", () => {
  it("grants a QuickSight group by tag policy without any IAM policy", async () => {
    const grants = new ReaderGrants("scope", {
      databaseNames: ["refined"],
      expressions: {
        database: [{ key: "domain", values: ["sales"] }],
        table: [{ key: "domain", values: ["sales"] }],
      },
    });
    const group = `arn:aws:quicksight:eu-west-1:${MOCK_ACCOUNT_ID}:group/default/viewers`;
    const { tables, policy } = grants.grantRead("viewers", group);
    expect(policy).toBeUndefined();
    await outputValue(tables.id);
    await settle();
    const grant = recorder.get("aws:lakeformation/permissions:Permissions", "viewers-tables");
    expect(grant.inputs).toMatchObject({ principal: group, permissions: ["SELECT", "DESCRIBE"] });
    expect(grant.parent).toBe(await outputValue(grants.urn));
  });
});

describe("QuickSightSqlDataSet", () => {
  const base = {
    dataSourceArn: `arn:aws:quicksight:eu-west-1:${MOCK_ACCOUNT_ID}:datasource/src`,
    columns: [{ name: "n", type: "INTEGER" as const }],
    audience: { owners: [], viewers: [] },
  };

  it("refreshes a SPICE dataset daily at 05:00 UTC unless told otherwise; direct query has no schedule", async () => {
    const spice = new QuickSightSqlDataSet("spice", {
      ...base,
      dataSetId: "spice",
      sql: "SELECT 1 AS n",
      importMode: "SPICE",
    });
    const direct = new QuickSightSqlDataSet("direct", { ...base, dataSetId: "direct", sql: "SELECT 1 AS n" });
    expect(direct.refreshSchedule).toBeUndefined();
    await outputValue(spice.refreshSchedule?.id);
    await outputValue(direct.arn);
    await settle();
    expect(
      recorder.get("aws:quicksight/refreshSchedule:RefreshSchedule", "spice-refresh").inputs.schedule,
    ).toEqual({
      refreshType: "FULL_REFRESH",
      scheduleFrequency: { interval: "DAILY", timeOfTheDay: "05:00", timezone: "UTC" },
    });
    expect(recorder.get("aws:quicksight/dataSet:DataSet", "direct").inputs.importMode).toBe("DIRECT_QUERY");
  });
});

describe("dashboardDefinition", () => {
  const chart = {
    id: "c",
    kind: "bar" as const,
    title: "t",
    dataSet: "events",
    category: { column: "event_date", date: true },
    values: ["events"],
  };

  it("declares each dataset once and plots dates by day", () => {
    const definition = dashboardDefinition({ events: "arn:events" }, [chart]);
    expect(definition.dataSetIdentifierDeclarations).toEqual([
      { identifier: "events", dataSetArn: "arn:events" },
    ]);
    expect(JSON.stringify(definition.sheets)).toContain('"dateGranularity":"DAY"');
  });

  it("rejects a chart on an undeclared dataset, duplicate ids, and a colour split over several values", () => {
    expect(() => dashboardDefinition({}, [chart])).toThrow(/dataset "events" is not declared/);
    expect(() => dashboardDefinition({ events: "a" }, [chart, chart])).toThrow(/duplicate chart id/);
    expect(() =>
      dashboardDefinition({ events: "a" }, [{ ...chart, color: "event_type", values: ["events", "users"] }]),
    ).toThrow(/only one value/);
  });
});
