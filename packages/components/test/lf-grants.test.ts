import { installMocks, outputValue } from "@lakehouse/testing";
import type * as pulumi from "@pulumi/pulumi";
import { describe, expect, it } from "vitest";

const { recorder } = installMocks({ project: "lakehouse-transformation", stack: "dev" });

import { LfPrincipalGrants, LfTableTags } from "../src";

const settle = () => new Promise((r) => setTimeout(r, 100));

describe("LfPrincipalGrants", () => {
  it("renders each method as one Permissions resource on the right kind of resource", async () => {
    const g = new LfPrincipalGrants("role-a", { principal: "arn:aws:iam::123456789012:role/a" });
    g.onDatabase("db", "raw", ["CREATE_TABLE", "DESCRIBE"]);
    g.onAllTables("tables", "raw", ["SELECT"]);
    g.onTable("one", "cdc", "orders", ["INSERT"]);
    g.onTablesTagged("tagged", [{ key: "domain", values: ["sales"] }], ["SELECT", "DESCRIBE"]);
    g.onDataLocation("loc", "arn:aws:s3:::refined/iceberg");
    await outputValue(g.grants[4]?.id as pulumi.Output<string>);
    const get = (n: string) =>
      recorder.get("aws:lakeformation/permissions:Permissions", `role-a-${n}`).inputs;
    expect(get("db")).toMatchObject({ database: { name: "raw" }, permissions: ["CREATE_TABLE", "DESCRIBE"] });
    expect(get("tables")).toMatchObject({
      table: { databaseName: "raw", wildcard: true },
      permissions: ["SELECT"],
    });
    expect(get("one")).toMatchObject({ table: { databaseName: "cdc", name: "orders" } });
    expect(get("tagged")).toMatchObject({
      lfTagPolicy: { resourceType: "TABLE", expressions: [{ key: "domain", values: ["sales"] }] },
    });
    expect(get("loc")).toMatchObject({
      dataLocation: { arn: "arn:aws:s3:::refined/iceberg" },
      permissions: ["DATA_LOCATION_ACCESS"],
    });
  });

  it("chains a principal's grants so Lake Formation never sees two changes at once", async () => {
    const g = new LfPrincipalGrants("role-b", { principal: "arn:aws:iam::123456789012:role/b" });
    const first = g.onDatabase("db", "raw", ["DESCRIBE"]);
    g.onAllTables("tables", "raw", ["SELECT"]);
    await outputValue(g.grants[1]?.id as pulumi.Output<string>);
    const firstUrn = await outputValue(first.urn);
    expect(recorder.get("aws:lakeformation/permissions:Permissions", "role-b-tables").dependencies).toContain(
      firstUrn,
    );
  });

  it("refuses an empty permission list", () => {
    const g = new LfPrincipalGrants("role-c", { principal: "p" });
    expect(() => g.onTable("none", "db", "t", [])).toThrow(/no permissions given/);
  });
});

describe("LfTableTags", () => {
  const ontology = { domain: ["sales", "marketing"], sensitivity: ["public", "internal", "confidential"] };

  it("tags the table, and only the columns whose value differs from the table's", async () => {
    new LfTableTags("customers", {
      databaseName: "cdc",
      tableName: "customers",
      tableTags: { domain: "sales", sensitivity: "public" },
      columnTags: {
        sensitivity: {
          customer_id: "public",
          email: "confidential",
          full_name: "confidential",
          country: "internal",
        },
      },
      ontology,
    });
    await settle();
    const tags = recorder
      .ofType("aws:lakeformation/resourceLfTags:ResourceLfTags")
      .filter((t) => t.name.startsWith("customers"));
    expect(
      tags
        .map((t) => [
          t.name,
          (t.inputs.tableWithColumns as { columnNames?: string[] } | undefined)?.columnNames ?? null,
          t.inputs.lfTags,
        ])
        .sort((a, b) => String(a[0]).localeCompare(String(b[0]))),
    ).toEqual([
      [
        "customers",
        null,
        [
          { key: "domain", value: "sales" },
          { key: "sensitivity", value: "public" },
        ],
      ],
      [
        "customers-sensitivity-confidential",
        ["email", "full_name"],
        [{ key: "sensitivity", value: "confidential" }],
      ],
      ["customers-sensitivity-internal", ["country"], [{ key: "sensitivity", value: "internal" }]],
    ]);
  });

  it("fails naming the table, key and value when a value is outside the lake's ontology", async () => {
    const errors: unknown[] = [];
    const onRejection = (e: unknown) => errors.push(e);
    process.on("unhandledRejection", onRejection);
    try {
      const bad = new LfTableTags("bad", {
        databaseName: "cdc",
        tableName: "bad",
        tableTags: { domain: "finance" },
        ontology,
      });
      void bad;
      await settle();
    } finally {
      process.off("unhandledRejection", onRejection);
    }
    const message = errors.map((e) => (e instanceof Error ? e.message : String(e))).join("\n");
    expect(message).toMatch(
      /table bad: LF-tag domain=finance is not in the lake's ontology \(domain: sales, marketing\)/,
    );
  });
});
