import { describe, expect, it } from "vitest";
import { deployDecision, LakeFormationModel } from "../src";
import { ACCOUNT, program } from "./plan-builder";

const ANALYST = `arn:aws:iam::${ACCOUNT}:role/analyst`;
const JOBS = `arn:aws:iam::${ACCOUNT}:role/jobs`;
const ADMIN = `arn:aws:iam::${ACCOUNT}:role/admin`;
const tags = (name: string, target: object, lfTags: [string, string][]) => ({
  type: "aws:lakeformation/resourceLfTags:ResourceLfTags",
  name,
  inputs: { ...target, lfTags: lfTags.map(([key, value]) => ({ key, value })) },
});
const grant = (name: string, inputs: Record<string, unknown>) => ({
  type: "aws:lakeformation/permissions:Permissions",
  name,
  inputs,
});

const lake = new LakeFormationModel([
  program("lake-storage", [
    {
      type: "aws:lakeformation/dataLakeSettings:DataLakeSettings",
      name: "settings",
      inputs: { admins: [ADMIN] },
    },
    tags("cdc-db", { database: { name: "cdc" } }, [
      ["domain", "sales"],
      ["sensitivity", "confidential"],
    ]),
  ]),
  program("transformation", [
    {
      type: "aws:glue/catalogTable:CatalogTable",
      name: "customers",
      inputs: {
        databaseName: "cdc",
        name: "customers",
        openTableFormatInput: {
          icebergInput: {
            icebergTableInput: {
              schema: { fields: [{ name: "id" }, { name: "email" }, { name: "country" }] },
            },
          },
        },
      },
    },
    tags("customers", { table: { databaseName: "cdc", name: "customers" } }, [["sensitivity", "public"]]),
    tags("email", { tableWithColumns: { databaseName: "cdc", name: "customers", columnNames: ["email"] } }, [
      ["sensitivity", "confidential"],
    ]),
    grant("jobs-customers", {
      principal: JOBS,
      permissions: ["SELECT", "DESCRIBE"],
      tableWithColumns: { databaseName: "cdc", name: "customers", excludedColumnNames: ["email"] },
    }),
    grant("jobs-cdc-db", {
      principal: JOBS,
      permissions: ["DESCRIBE"],
      permissionsWithGrantOptions: ["DESCRIBE"],
      database: { name: "cdc" },
    }),
  ]),
  program("analytics", [
    grant("analyst-tables", {
      principal: ANALYST,
      permissions: ["SELECT", "DESCRIBE"],
      lfTagPolicy: {
        resourceType: "TABLE",
        expressions: [
          { key: "domain", values: ["sales"] },
          { key: "sensitivity", values: ["public", "internal"] },
        ],
      },
    }),
    grant("analyst-default", {
      principal: ANALYST,
      permissions: ["DESCRIBE"],
      database: { name: "default" },
    }),
  ]),
]);

describe("LakeFormationModel", () => {
  it("columns inherit table tags, tables inherit database tags, unless assigned their own", () => {
    expect(Object.fromEntries(lake.effectiveTags("cdc"))).toEqual({
      domain: "sales",
      sensitivity: "confidential",
    });
    expect(Object.fromEntries(lake.effectiveTags("cdc", "customers"))).toEqual({
      domain: "sales",
      sensitivity: "public",
    });
    expect(Object.fromEntries(lake.effectiveTags("cdc", "customers", "email"))).toEqual({
      domain: "sales",
      sensitivity: "confidential",
    });
  });

  it("a tag-expression grant gives the columns whose tags match, never the confidential ones", () => {
    expect(
      lake.evaluate({
        principal: ANALYST,
        permission: "SELECT",
        database: "cdc",
        table: "customers",
        columns: ["id", "country"],
      }).allowed,
    ).toBe(true);
    const email = lake.evaluate({
      principal: ANALYST,
      permission: "SELECT",
      database: "cdc",
      table: "customers",
      columns: ["email"],
    });
    expect(email.allowed).toBe(false);
    expect(email.because).toContain("sensitivity=confidential");
  });

  it("SELECT on all columns (SELECT *, Iceberg metadata tables) needs every column", () => {
    const all = lake.evaluate({
      principal: ANALYST,
      permission: "SELECT",
      database: "cdc",
      table: "customers",
      columns: "all",
    });
    expect(all).toEqual({
      allowed: false,
      because: expect.stringContaining("for column(s) email"),
    });
  });

  it("column exclusions leave out the excluded columns", () => {
    expect(
      lake.evaluate({
        principal: JOBS,
        permission: "SELECT",
        database: "cdc",
        table: "customers",
        columns: ["id"],
      }).allowed,
    ).toBe(true);
    expect(
      lake.evaluate({
        principal: JOBS,
        permission: "SELECT",
        database: "cdc",
        table: "customers",
        columns: ["email"],
      }).allowed,
    ).toBe(false);
  });

  it("DESCRIBE on the default database must be granted explicitly", () => {
    expect(lake.evaluate({ principal: ANALYST, permission: "DESCRIBE", database: "default" }).allowed).toBe(
      true,
    );
    expect(lake.evaluate({ principal: JOBS, permission: "DESCRIBE", database: "default" }).allowed).toBe(
      false,
    );
  });

  it("grantable only from permissionsWithGrantOptions, or as administrator", () => {
    expect(
      lake.evaluate({ principal: JOBS, permission: "DESCRIBE", database: "cdc", grantable: true }).allowed,
    ).toBe(true);
    const notGrantable = lake.evaluate({
      principal: ANALYST,
      permission: "DESCRIBE",
      database: "default",
      grantable: true,
    });
    expect(notGrantable.allowed).toBe(false);
    expect(notGrantable.because).toContain("nothing grantable");
    expect(
      lake.evaluate({
        principal: ADMIN,
        permission: "SELECT",
        database: "cdc",
        table: "customers",
        grantable: true,
      }).allowed,
    ).toBe(true);
    // administrators describe everything but read nothing they were not granted
    expect(
      lake.evaluate({ principal: ADMIN, permission: "DESCRIBE", database: "cdc", table: "customers" })
        .allowed,
    ).toBe(true);
    expect(
      lake.evaluate({
        principal: ADMIN,
        permission: "SELECT",
        database: "cdc",
        table: "customers",
        columns: ["id"],
      }).allowed,
    ).toBe(false);
  });
});

describe("deployDecision (a deploy role creating its layer's Lake Formation resources)", () => {
  const DEPLOY = `arn:aws:iam::${ACCOUNT}:role/analytics-deploy`;
  const model = new LakeFormationModel([
    program("lake-storage", [
      {
        type: "aws:lakeformation/dataLakeSettings:DataLakeSettings",
        name: "settings",
        inputs: { admins: [ADMIN] },
      },
      grant("deploy-tables", {
        principal: DEPLOY,
        permissions: ["SELECT", "DESCRIBE"],
        permissionsWithGrantOptions: ["SELECT", "DESCRIBE"],
        lfTagPolicy: {
          resourceType: "TABLE",
          expressions: [{ key: "sensitivity", values: ["public", "internal"] }],
        },
      }),
      grant("deploy-tag", {
        principal: DEPLOY,
        permissions: ["ASSOCIATE"],
        lfTag: { key: "domain", values: ["sales"] },
      }),
      grant("deploy-tag-expressions", {
        principal: DEPLOY,
        permissions: ["GRANT_WITH_LF_TAG_EXPRESSION"],
        lfTag: { key: "sensitivity", values: ["public", "internal", "confidential"] },
      }),
    ]),
  ]);
  const readerGrant = (values: string[]) => ({
    type: "aws:lakeformation/permissions:Permissions",
    inputs: {
      principal: ANALYST,
      permissions: ["SELECT"],
      lfTagPolicy: { resourceType: "TABLE", expressions: [{ key: "sensitivity", values }] },
    },
  });

  it("needs an administrator for settings, LF-tags and locations", () => {
    const settings = { type: "aws:lakeformation/dataLakeSettings:DataLakeSettings", inputs: {} };
    expect(deployDecision(model, ADMIN, settings, new Set()).allowed).toBe(true);
    expect(deployDecision(model, DEPLOY, settings, new Set())).toEqual({
      allowed: false,
      because: "aws:lakeformation/dataLakeSettings:DataLakeSettings needs a data lake administrator",
    });
  });

  it("passes on grants by LF-tag expression only within what it holds with grant option", () => {
    expect(deployDecision(model, DEPLOY, readerGrant(["public"]), new Set()).allowed).toBe(true);
    const wider = deployDecision(model, DEPLOY, readerGrant(["public", "confidential"]), new Set());
    expect(wider.allowed).toBe(false);
    expect(wider.because).toContain("no grantable SELECT on an LF-tag expression");
  });

  it("grants by LF-tag expression only with GRANT_WITH_LF_TAG_EXPRESSION on every value the expression names", () => {
    const other = `arn:aws:iam::${ACCOUNT}:role/other-deploy`;
    const withoutTagRight = new LakeFormationModel([
      program("lake-storage", [
        grant("other-tables", {
          principal: other,
          permissions: ["SELECT", "DESCRIBE"],
          permissionsWithGrantOptions: ["SELECT", "DESCRIBE"],
          lfTagPolicy: { resourceType: "TABLE", expressions: [{ key: "sensitivity", values: ["public"] }] },
        }),
        grant("other-tag", {
          principal: other,
          permissions: ["DESCRIBE"],
          lfTag: { key: "sensitivity", values: ["public"] },
        }),
      ]),
    ]);
    expect(deployDecision(withoutTagRight, other, readerGrant(["public"]), new Set())).toEqual({
      allowed: false,
      because: "no GRANT_WITH_LF_TAG_EXPRESSION on LF-tag sensitivity=public",
    });
  });

  it("assigns LF-tags it holds ASSOCIATE on, and grants on tables it creates", () => {
    const tagging = (value: string) => ({
      type: "aws:lakeformation/resourceLfTags:ResourceLfTags",
      inputs: { lfTags: [{ key: "domain", value }], table: { databaseName: "cdc", name: "t" } },
    });
    expect(deployDecision(model, DEPLOY, tagging("sales"), new Set()).allowed).toBe(true);
    expect(deployDecision(model, DEPLOY, tagging("marketing"), new Set()).because).toBe(
      "no ASSOCIATE on LF-tag domain=marketing",
    );
    const onOwnTable = {
      type: "aws:lakeformation/permissions:Permissions",
      inputs: { principal: ANALYST, permissions: ["SELECT"], table: { databaseName: "cdc", name: "t" } },
    };
    expect(deployDecision(model, DEPLOY, onOwnTable, new Set(["cdc.t"]))).toEqual({
      allowed: true,
      because: "creator of the table",
    });
    expect(deployDecision(model, DEPLOY, onOwnTable, new Set()).allowed).toBe(false);
  });
});
