import { toEnvelope } from "@lakehouse/ingestion/functions/cdc-handler/envelope";
import { beforeEach, describe, expect, it } from "vitest";
import {
  CDC_DELETED_COLUMN,
  cdcColumnNames,
  icebergSchema,
  ordersCdc,
  ordersCdcFor,
  renderChangeCountSql,
  renderMergeSql,
} from "../src/specs";
import type { CdcTableSpec } from "../src/specs/types";
import { Duck } from "./duckdb";

/** The target table as the catalog declares it (Iceberg types back to SQL types). */
async function createTarget(duck: Duck, spec: CdcTableSpec): Promise<void> {
  const types = new Map([...spec.columns, ...spec.sequence].map((c) => [c.name, c.type.toUpperCase()]));
  types.set(CDC_DELETED_COLUMN, "BOOLEAN");
  const cols = icebergSchema(spec).fields.map(
    (f) => `${f.name} ${types.get(f.name)}${f.required ? " NOT NULL" : ""}`,
  );
  await duck.run(`CREATE TABLE ${spec.table} (${cols.join(", ")})`);
}

interface OrderImage {
  order_id: string;
  customer_id: string;
  status: string;
  total_amount: number;
  currency: string;
  created_at: string;
  updated_at: string;
}

const image = (id: string, status: string, total: number, updated: string): OrderImage => ({
  order_id: id,
  customer_id: `c-${id}`,
  status,
  total_amount: total,
  currency: "EUR",
  created_at: "2026-01-05T09:00:00Z",
  updated_at: updated,
});

type EventName = "INSERT" | "MODIFY" | "REMOVE";
const attr = (v: string | number) => (typeof v === "number" ? { N: String(v) } : { S: v });
const ARN =
  "arn:aws:dynamodb:eu-west-1:123456789012:table/lakehouse-dev-orders/stream/2026-01-01T00:00:00.000";

/**
 * The envelope the ingestion CDC handler writes for a DynamoDB stream record of this change: the
 * producer's own code (toEnvelope) builds it, so a change to the envelope fails these tests.
 */
const change = (eventName: EventName, seq: string, img: OrderImage, sk = "ORDER") => {
  const { order_id, ...rest } = img;
  const item = Object.fromEntries(
    Object.entries({ pk: order_id, sk, ...rest }).map(([k, v]) => [k, attr(v)]),
  );
  return toEnvelope(
    {
      eventName,
      eventSourceARN: ARN,
      dynamodb: {
        ApproximateCreationDateTime: Date.parse(img.updated_at) / 1000,
        Keys: { pk: attr(order_id), sk: attr(sk) },
        ...(eventName === "INSERT" ? {} : { OldImage: item }),
        ...(eventName === "REMOVE" ? {} : { NewImage: item }),
        SequenceNumber: seq,
      },
    },
    "2026-01-07T00:00:00.000Z",
  );
};

describe("orders CDC merge (DynamoDB envelopes) on DuckDB", () => {
  let duck: Duck;
  beforeEach(async () => {
    duck = await Duck.open();
    await createTarget(duck, ordersCdc);
  });

  async function mergeBatch(records: unknown[]): Promise<void> {
    await duck.jsonView("source_batch", ordersCdc.rawSchema, records);
    await duck.run(renderMergeSql(ordersCdc, "orders"));
  }

  const state = () =>
    duck.rows(
      `SELECT order_id, status, CAST(total_amount AS VARCHAR) AS total, _cdc_sequence FROM orders WHERE NOT ${CDC_DELETED_COLUMN} ORDER BY order_id`,
    );

  it("collapses each key to its latest change and applies inserts, updates and deletes", async () => {
    await mergeBatch([
      change("MODIFY", "200", image("o1", "paid", 10, "2026-01-05T10:00:00Z")), // before its insert in the file
      change("INSERT", "100", image("o1", "new", 10, "2026-01-05T09:00:00Z")),
      change("INSERT", "110", image("o2", "new", 20.5, "2026-01-05T09:01:00Z")),
      change("INSERT", "110", image("o2", "new", 20.5, "2026-01-05T09:01:00Z")), // duplicate delivery
      change("INSERT", "120", image("o3", "new", 5, "2026-01-05T09:02:00Z")),
      change("REMOVE", "130", image("o3", "new", 5, "2026-01-05T09:03:00Z")),
      change("REMOVE", "140", image("o9", "new", 1, "2026-01-05T09:04:00Z")), // key never seen
    ]);
    expect(await state()).toEqual([
      { order_id: "o1", status: "paid", total: "10.00", _cdc_sequence: "200".padStart(40, "0") },
      { order_id: "o2", status: "new", total: "20.50", _cdc_sequence: "110".padStart(40, "0") },
    ]);
  });

  it("ignores late and replayed changes across runs, deletes, and re-creates a key inserted after its delete", async () => {
    await mergeBatch([
      change("INSERT", "100", image("o1", "new", 10, "2026-01-05T09:00:00Z")),
      change("MODIFY", "200", image("o1", "paid", 10, "2026-01-05T10:00:00Z")),
      change("INSERT", "110", image("o2", "new", 20, "2026-01-05T09:01:00Z")),
    ]);
    await mergeBatch([
      change("MODIFY", "150", image("o1", "cancelled", 10, "2026-01-05T09:30:00Z")), // late: older than stored 200
      change("MODIFY", "300", image("o2", "shipped", 20, "2026-01-05T11:00:00Z")),
      change("REMOVE", "310", image("o2", "shipped", 20, "2026-01-05T11:05:00Z")),
    ]);
    expect(await state()).toEqual([
      { order_id: "o1", status: "paid", total: "10.00", _cdc_sequence: "200".padStart(40, "0") },
    ]);
    await mergeBatch([
      change("INSERT", "100", image("o1", "new", 10, "2026-01-05T09:00:00Z")), // replay of an applied change
      change("INSERT", "400", image("o2", "new", 33.3, "2026-01-06T08:00:00Z")), // re-insert after delete
      change("INSERT", "999", image("o4", "new", 1, "2026-01-06T08:01:00Z")),
      change("MODIFY", "1000", image("o4", "paid", 1, "2026-01-06T08:02:00Z")), // longer number is later
    ]);
    expect(await state()).toEqual([
      { order_id: "o1", status: "paid", total: "10.00", _cdc_sequence: "200".padStart(40, "0") },
      { order_id: "o2", status: "new", total: "33.30", _cdc_sequence: "400".padStart(40, "0") },
      { order_id: "o4", status: "paid", total: "1.00", _cdc_sequence: "1000".padStart(40, "0") },
    ]);
  });

  it("keys items by the table's key schema: an order's line items are rows of their own", async () => {
    await mergeBatch([
      change("INSERT", "100", image("o1", "new", 10, "2026-01-05T09:00:00Z")),
      change("INSERT", "101", image("o1", "line", 4, "2026-01-05T09:00:01Z"), "LINE#1"),
      change("INSERT", "102", image("o1", "line", 6, "2026-01-05T09:00:02Z"), "LINE#2"),
    ]);
    await mergeBatch([change("REMOVE", "103", image("o1", "line", 4, "2026-01-05T09:00:03Z"), "LINE#1")]);
    expect(
      await duck.rows(
        `SELECT order_id, item_key, status FROM orders WHERE NOT ${CDC_DELETED_COLUMN} ORDER BY item_key`,
      ),
    ).toEqual([
      { order_id: "o1", item_key: "LINE#2", status: "line" },
      { order_id: "o1", item_key: "ORDER", status: "new" },
    ]);
  });

  it("keeps a tombstone for a deleted key, so a late replay of its insert does not bring it back", async () => {
    await mergeBatch([
      change("INSERT", "100", image("o1", "new", 10, "2026-01-05T09:00:00Z")),
      change("REMOVE", "200", image("o1", "new", 10, "2026-01-05T09:10:00Z")),
      change("REMOVE", "210", image("o7", "new", 1, "2026-01-05T09:11:00Z")), // its insert arrives later
    ]);
    await mergeBatch([
      change("INSERT", "100", image("o1", "new", 10, "2026-01-05T09:00:00Z")), // Lambda/Firehose retry
      change("INSERT", "150", image("o7", "new", 1, "2026-01-05T09:05:00Z")), // late, before its delete
    ]);
    expect(await state()).toEqual([]);
    expect(
      await duck.rows(
        `SELECT order_id, status, ${CDC_DELETED_COLUMN} AS deleted FROM orders ORDER BY order_id`,
      ),
    ).toEqual([
      { order_id: "o1", status: null, deleted: true },
      { order_id: "o7", status: null, deleted: true },
    ]);
  });

  it("counts the changes each merge applies by operation (the change log's audit rows), replays and duplicates once", async () => {
    /** One run as cdc_merge_job.py does it: count against the table as it is, then MERGE. */
    const countThenMerge = async (records: unknown[]) => {
      await duck.jsonView("source_batch", ordersCdc.rawSchema, records);
      const [counts] = await duck.rows(renderChangeCountSql(ordersCdc, "orders"));
      await duck.run(renderMergeSql(ordersCdc, "orders"));
      return counts;
    };
    expect(
      await countThenMerge([
        change("INSERT", "100", image("o1", "new", 10, "2026-01-05T09:00:00Z")),
        change("MODIFY", "200", image("o1", "paid", 10, "2026-01-05T10:00:00Z")),
        change("INSERT", "110", image("o2", "new", 20, "2026-01-05T09:01:00Z")),
        change("INSERT", "110", image("o2", "new", 20, "2026-01-05T09:01:00Z")), // duplicate delivery
        change("REMOVE", "120", image("o2", "new", 20, "2026-01-05T09:02:00Z")),
      ]),
    ).toEqual({ entity: "orders", inserted: "2", updated: "1", deleted: "1" });
    expect(
      await countThenMerge([
        change("INSERT", "100", image("o1", "new", 10, "2026-01-05T09:00:00Z")), // replay: applied already
        change("MODIFY", "150", image("o1", "cancelled", 10, "2026-01-05T09:30:00Z")), // late: older than 200
        change("REMOVE", "300", image("o1", "paid", 10, "2026-01-05T11:00:00Z")),
        change("INSERT", "130", image("o2", "again", 1, "2026-01-05T09:03:00Z")), // re-insert after its delete
      ]),
    ).toEqual({ entity: "orders", inserted: "1", updated: "0", deleted: "1" });
    // A retried run reads the same batch again: everything in it is applied, so nothing counts twice.
    expect(
      await countThenMerge([change("REMOVE", "300", image("o1", "paid", 10, "2026-01-05T11:00:00Z"))]),
    ).toEqual({ entity: "orders", inserted: "0", updated: "0", deleted: "0" });
  });

  it("reads the key attributes the source table declares, with or without a sort key", async () => {
    const hashOnly = ordersCdcFor(["order_ref"]);
    const envelope = { ...change("INSERT", "1", image("o1", "new", 1, "2026-01-05T09:00:00Z")) };
    await duck.jsonView("source_batch", hashOnly.rawSchema, [{ ...envelope, keys: { order_ref: "o1" } }]);
    await duck.run(renderMergeSql(hashOnly, "orders"));
    expect(await duck.rows("SELECT order_id, item_key FROM orders")).toEqual([
      { order_id: "o1", item_key: "" },
    ]);
    expect(() => ordersCdcFor([])).toThrow(/\[partitionKey\] or \[partitionKey, sortKey\]/);
    expect(() => ordersCdcFor(["a", "b", "c"])).toThrow(/got \["a","b","c"\]/);
  });

  it("casts every column to the table's types", async () => {
    await mergeBatch([change("INSERT", "1", image("o1", "new", 12.345, "2026-01-05T09:00:00Z"))]);
    const [row] = await duck.rows(
      `SELECT typeof(total_amount) AS amount_type, typeof(created_at) AS created_type, CAST(updated_at AS VARCHAR) AS updated FROM orders`,
    );
    expect(row).toEqual({
      amount_type: "DECIMAL(12,2)",
      created_type: "TIMESTAMP",
      updated: "2026-01-05 09:00:00",
    });
  });
});

// The customers MERGE is tested over the files the DMS generator writes from the plan
// (packages/pipeline/test/customers-merge.test.ts and aurora.e2e.test.ts).

describe("rendered merge SQL", () => {
  it("lists every column explicitly and keeps UPDATE SET targets unqualified (the Spark/DuckDB common form)", () => {
    const sql = renderMergeSql(ordersCdc, "glue_catalog.lakehouse_dev_cdc.orders");
    expect(sql).toMatch(/^MERGE INTO glue_catalog\.lakehouse_dev_cdc\.orders AS t$/m);
    expect(sql).not.toContain("*");
    const set = /UPDATE SET (.*)$/m.exec(sql)?.[1] ?? "";
    expect(set.split(", ").map((a) => a.split(" = ")[0])).toEqual(
      cdcColumnNames(ordersCdc).filter((c) => c !== "order_id" && c !== "item_key"),
    );
    expect(sql).toContain(`INSERT (${cdcColumnNames(ordersCdc).join(", ")})`);
  });
});
