import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Ga4Row, runGa4Flow } from "../src/appflow-ga4";
import { deliverEvents, clientEvent as event } from "../src/firehose-events";
import { LocalGlue } from "../src/glue-runner";
import { LocalLake } from "../src/local-lake";
import { StackPlan } from "../src/plan";

/**
 * Schema changes at the two sources without a CDC path (README "Schema changes"): a client
 * producer sending a field outside the contract or a value of the wrong type (Firehose record
 * format conversion, aws-data-paths.md §3.5), and a GA4 dimension added to the flow's config.
 */
const dir = mkdtempSync(join(tmpdir(), "pipeline-schema-events-ga4-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
// Plans first (minutes on a busy machine), so no test's timeout includes them.
beforeAll(() => Promise.all((["dev", "dev-ga4-city"] as const).map((v) => StackPlan.load(v))), 600_000);

const EVENTS_STREAM = "aws:kinesis/firehoseDeliveryStream:FirehoseDeliveryStream";

describe("client events -> Firehose -> refine: producer-side schema changes (dev stack)", () => {
  it("a field outside the contract is nowhere in raw: the Parquet files hold exactly the schema table's columns, the refine reports nothing, the events are refined", async () => {
    const plan = await StackPlan.load("dev");
    const lake = await LocalLake.open(join(dir, "events-extra-field"));
    const glue = new LocalGlue(lake, plan);
    const columns = plan.inputs("ingestion", "aws:glue/catalogTable:CatalogTable", "events-schema")
      .storageDescriptor.columns as { name: string }[];
    // A producer built against a newer client than the contract: `coupon_code` (and a nested
    // `experiment`) are not ClientEvent fields, so the producer type refuses them; this one is untyped.
    const records = [
      { ...event("e1", "page_view", "2026-03-01T10:00:00Z"), coupon_code: "SPRING10" },
      {
        ...event("e2", "purchase", "2026-03-01T11:00:00Z", { value: 20, currency: "EUR" }),
        Coupon_Code: "X",
      },
      { ...event("e3", "page_view", "2026-03-01T12:00:00Z"), experiment: { id: "exp-1", arm: "b" } },
    ];
    const keys = await deliverEvents(
      lake,
      plan,
      records.map((r) => JSON.stringify(r)),
      new Date("2026-03-01T12:05:00Z"),
    );
    expect(keys.filter((k) => k.includes("/errors/"))).toEqual([]);
    expect(keys).toHaveLength(2); // one object per partition (event_type page_view, purchase)

    const bucket = plan.outputs("lake-storage").rawBucketName as string;
    for (const key of keys) {
      const described = await lake.rows(
        `DESCRIBE SELECT * FROM read_parquet('${lake.path(bucket, key)}', hive_partitioning = false)`,
      );
      expect(described.map((c) => c.column_name)).toEqual(columns.map((c) => c.name));
      expect(readFileSync(lake.path(bucket, key)).includes("coupon")).toBe(false);
    }

    await glue.refine("refine-events", "refined-events");
    expect(glue.schemaReports).toEqual([]);
    const refinedDb = plan.outputs("lake-storage").refinedDatabaseName;
    expect(
      await lake.rows(`SELECT event_id, event_type FROM "${refinedDb}"."client_events" ORDER BY event_id`),
    ).toEqual([
      { event_id: "e1", event_type: "page_view" },
      { event_id: "e2", event_type: "purchase" },
      { event_id: "e3", event_type: "page_view" },
    ]);
  }, 120_000);

  it("a value its column's type cannot take fails that record's conversion: it lands under errors/format-conversion-failed/ as Firehose's error document, the rest of the batch is delivered and refined", async () => {
    const plan = await StackPlan.load("dev");
    const lake = await LocalLake.open(join(dir, "events-type-change"));
    const glue = new LocalGlue(lake, plan);
    const schemaConfig = plan.inputs("ingestion", EVENTS_STREAM, "events").extendedS3Configuration
      .dataFormatConversionConfiguration.schemaConfiguration;
    // A producer release that changed `value` to text and `event_time` to a relative phrase.
    const badValue = JSON.stringify({
      ...event("bad-value", "purchase", "2026-03-01T10:00:00Z"),
      value: "twenty",
      currency: "EUR",
    });
    const badTime = JSON.stringify(event("bad-time", "page_view", "yesterday 10:00"));
    const good = [
      event("ok-1", "page_view", "2026-03-01T09:00:00Z"),
      event("ok-2", "purchase", "2026-03-01T09:30:00.123Z", { value: 12.5, currency: "EUR" }),
      // Numeric text in a double column: the OpenX SerDe takes it (only the Hive SerDe refuses it, §3.5).
      { ...event("ok-3", "purchase", "2026-03-01 09:45:00"), value: "7.25", currency: "EUR" },
    ].map((e) => JSON.stringify(e));
    const at = new Date("2026-03-01T10:05:00Z");
    const keys = await deliverEvents(
      lake,
      plan,
      [good[0], badValue, good[1], badTime, good[2]] as string[],
      at,
    );

    const errorKeys = keys.filter((k) => k.includes("/errors/"));
    expect(errorKeys).toHaveLength(1);
    expect(errorKeys[0]).toMatch(
      /^events\/errors\/format-conversion-failed\/dt=2026-03-01\/lakehouse-dev-events-1-2026-03-01-10-05-00-/,
    );
    const bucket = plan.outputs("lake-storage").rawBucketName as string;
    const docs = readFileSync(lake.path(bucket, errorKeys[0] as string), "utf8")
      .split("\n")
      .map((l) => JSON.parse(l));
    expect(docs).toHaveLength(2);
    for (const doc of docs) {
      expect(Object.keys(doc).sort()).toEqual(
        [
          "attemptsMade",
          "arrivalTimestamp",
          "lastErrorCode",
          "lastErrorMessage",
          "attemptEndingTimestamp",
          "rawData",
          "sequenceNumber",
          "subSequenceNumber",
          "dataCatalogTable",
        ].sort(),
      );
      expect(doc.arrivalTimestamp).toBe(at.getTime());
      expect(doc.dataCatalogTable).toEqual({
        catalogId: schemaConfig.catalogId,
        databaseName: schemaConfig.databaseName,
        tableName: schemaConfig.tableName,
        region: schemaConfig.region,
        versionId: "LATEST",
        catalogArn: `arn:aws:glue:${schemaConfig.region}:${schemaConfig.catalogId}:catalog`,
      });
    }
    expect(docs.map((d) => Buffer.from(d.rawData, "base64").toString("utf8"))).toEqual([badValue, badTime]);
    expect(docs[0].lastErrorMessage).toMatch(/column value: cannot convert "twenty" to double/);
    expect(docs[1].lastErrorMessage).toMatch(
      /column event_time: cannot convert "yesterday 10:00" to timestamp/,
    );

    // The refine excludes errors/ (its source exclusions) and reads the delivered records only.
    await glue.refine("refine-events", "refined-events");
    expect(glue.schemaReports).toEqual([]);
    const refinedDb = plan.outputs("lake-storage").refinedDatabaseName;
    expect(
      await lake.rows(
        `SELECT event_id, CAST(event_time AS VARCHAR) AS event_time, value FROM "${refinedDb}"."client_events" ORDER BY event_id`,
      ),
    ).toEqual([
      { event_id: "ok-1", event_time: "2026-03-01 09:00:00", value: null },
      { event_id: "ok-2", event_time: "2026-03-01 09:30:00.123", value: 12.5 },
      { event_id: "ok-3", event_time: "2026-03-01 09:45:00", value: 7.25 },
    ]);
  }, 120_000);
});

describe("GA4 -> AppFlow -> refine: a dimension added to ga4Dimensions (dev stack, variant dev-ga4-city)", () => {
  const day = (date: string, city: string, source: string, sessions: number): Ga4Row => ({
    date,
    dimensions: {
      sessionSource: source,
      sessionMedium: "organic",
      country: "Germany",
      deviceCategory: "mobile",
      city,
    },
    metrics: {
      sessions,
      totalUsers: sessions - 1,
      engagedSessions: sessions - 2,
      screenPageViews: 3 * sessions,
    },
  });
  const refined = (lake: LocalLake, plan: StackPlan) =>
    lake.rows(
      `SELECT CAST(session_date AS VARCHAR) AS session_date, session_source, sessions, total_users FROM "${plan.outputs("lake-storage").refinedDatabaseName}"."ga4_sessions" ORDER BY session_date, session_source`,
    );

  it("the flow writes the new field, the refine reports it undeclared (`city (string)`), and ga4_sessions holds the rows it did without it", async () => {
    const plan = await StackPlan.load("dev-ga4-city");
    const dev = await StackPlan.load("dev");
    const fields = (p: StackPlan) =>
      (
        p.inputs("ingestion", "aws-native:appflow:Flow", "ga4").tasks as {
          taskType: string;
          destinationField?: string;
        }[]
      )
        .filter((t) => t.taskType === "Map")
        .map((t) => t.destinationField);
    // The dimensions' Map tasks come before the metrics': compared as sets.
    expect(fields(plan).sort()).toEqual([...fields(dev), "city"].sort());

    const lake = await LocalLake.open(join(dir, "ga4-city"));
    const glue = new LocalGlue(lake, plan);
    // One city per combination: GA4 returns the same rows as without the dimension, plus its value.
    const rows = [day("2026-03-01", "Berlin", "google", 40), day("2026-03-01", "Hamburg", "bing", 12)];
    const key = await runGa4Flow(lake, plan, "exec-1", rows, "yyyymmdd");
    const file = lake.path(plan.outputs("lake-storage").rawBucketName as string, key);
    expect(await lake.rows(`SELECT sessionSource, city FROM read_parquet('${file}') ORDER BY 1`)).toEqual([
      { sessionSource: "bing", city: "Hamburg" },
      { sessionSource: "google", city: "Berlin" },
    ]);

    await glue.refine("refine-ga4-sessions", "refined-ga4-sessions");
    expect(glue.schemaReports.flatMap((r) => r.undeclared)).toEqual(["city (string)"]);
    expect(await refined(lake, plan)).toEqual([
      { session_date: "2026-03-01", session_source: "bing", sessions: "12", total_users: "11" },
      { session_date: "2026-03-01", session_source: "google", sessions: "40", total_users: "39" },
    ]);
  }, 120_000);

  it("pins a hazard: when the new dimension splits a combination into rows, ga4_sessions keeps one of them (its dedupe keys are the declared dimensions), so that day undercounts until the spec declares the dimension", async () => {
    const plan = await StackPlan.load("dev-ga4-city");
    const lake = await LocalLake.open(join(dir, "ga4-city-split"));
    const glue = new LocalGlue(lake, plan);
    const rows = [day("2026-03-01", "Berlin", "google", 40), day("2026-03-01", "Munich", "google", 25)];
    await runGa4Flow(lake, plan, "exec-1", rows, "yyyymmdd");
    await glue.refine("refine-ga4-sessions", "refined-ga4-sessions");
    expect(glue.schemaReports.flatMap((r) => r.undeclared)).toEqual(["city (string)"]);
    const got = await refined(lake, plan);
    expect(got).toHaveLength(1);
    // One city's figures, not the 65 sessions GA4 reported for the combination.
    expect(["40", "25"]).toContain(got[0]?.sessions);
  }, 120_000);
});
