import { describe, expect, it } from "vitest";
import {
  ATHENA,
  DMS_POSTGRES_SOURCE,
  DMS_S3_TARGET,
  FIREHOSE,
  GLUE_CRAWLER,
  GLUE_SPARK,
  QUICKSIGHT_ATHENA,
  type RuntimeCalls,
  runtimeAccess,
} from "../src";

const RUNTIMES: RuntimeCalls[] = [
  GLUE_SPARK,
  GLUE_CRAWLER,
  ATHENA,
  QUICKSIGHT_ATHENA,
  FIREHOSE,
  DMS_POSTGRES_SOURCE,
  DMS_S3_TARGET,
];

describe("runtime call lists", () => {
  it("cite a source for every call: AWS documentation or a pinned commit of the runtime's code", () => {
    for (const spec of RUNTIMES) {
      for (const use of Object.values(spec.uses)) {
        for (const call of use.calls) {
          expect(call.source).toMatch(/^(https:\/\/docs\.aws\.amazon\.com\/|[\w-]+\/[\w.-]+@[0-9a-f]{40} )/);
          // each call is an IAM request or a Lake Formation permission
          expect((call.actions?.length ?? 0) > 0 || call.lakeFormation !== undefined).toBe(true);
        }
      }
    }
  });

  it("name in their calls only the parameters their uses declare", () => {
    for (const spec of RUNTIMES) {
      for (const [name, use] of Object.entries(spec.uses)) {
        const text = JSON.stringify(use.calls);
        const named = new Set([...text.matchAll(/<([a-zA-Z]+)>/g)].map((m) => m[1]));
        expect([...named].sort(), `${spec.runtime} ${name}`).toEqual([...use.params].sort());
      }
    }
  });
});

describe("runtimeAccess", () => {
  it("always includes the start calls: a Glue job's Spark session resolves `default`", () => {
    const { required, lakeFormation } = runtimeAccess(GLUE_SPARK, "{prefix}-glue-jobs", {});
    expect(required.map((r) => `${r.actions.join(",")} ${r.resource}`)).toEqual([
      "glue:GetDatabase arn:aws:glue:{region}:{account}:catalog",
      "glue:GetDatabase arn:aws:glue:{region}:{account}:database/default",
    ]);
    expect(lakeFormation).toEqual([
      expect.objectContaining({
        principal: "{prefix}-glue-jobs",
        permission: "DESCRIBE",
        database: "default",
      }),
    ]);
    expect(required[0]?.why).toContain("AWSCatalogMetastoreClient.java");
  });

  it("binds each run use once per resource, parameters in ARNs, context and columns", () => {
    const { required, lakeFormation } = runtimeAccess(ATHENA, "analyst", {
      readTable: [
        { database: "db", table: "a", columns: ["x", "y"] },
        { database: "db", table: "b", columns: "all" },
      ],
    });
    expect(required.map((r) => r.resource)).toContain("arn:aws:glue:{region}:{account}:table/db/b");
    expect(lakeFormation.map((l) => [l.table, l.columns])).toEqual([
      ["a", ["x", "y"]],
      ["b", "all"],
    ]);
    const list = runtimeAccess(DMS_S3_TARGET, "dms", {
      s3Target: [{ bucket: "arn:aws:s3:::b", object: "arn:aws:s3:::b/p/f", prefix: "p/", key: "k" }],
    }).required.find((r) => r.actions.includes("s3:ListBucket"));
    expect(list?.context).toEqual({ "s3:prefix": "p/" });
  });

  it("fails loudly on an unknown use, a missing or extra parameter, or an unbound start use", () => {
    expect(() => runtimeAccess(ATHENA, "p", { nope: [{}] } as never)).toThrow(/has no use "nope"/);
    expect(() => runtimeAccess(ATHENA, "p", { readTable: [{ database: "db", table: "t" }] })).toThrow(
      /parameter <columns> is not bound/,
    );
    expect(() =>
      runtimeAccess(FIREHOSE, "p", { convertFormat: [{ database: "db", table: "t", extra: "x" }] }),
    ).toThrow(/takes no parameter <extra>/);
    expect(() => runtimeAccess(DMS_POSTGRES_SOURCE, "p", {})).toThrow(
      /use "sourceCredentials" runs on every start: bind <secret>, <key>/,
    );
  });
});
