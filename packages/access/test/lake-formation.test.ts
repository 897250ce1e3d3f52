import { describe, expect, it } from "vitest";
import { LakeFormationModel } from "../src";
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
