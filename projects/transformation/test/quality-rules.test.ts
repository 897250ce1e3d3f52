import { CLIENT_EVENT_COLUMNS } from "@lakehouse/contracts";
import { describe, expect, it } from "vitest";
import {
  CDC_SPECS,
  clientEvents,
  customersCdc,
  dqdlRule,
  ga4Sessions,
  ORDER_STATUSES,
  ordersCdc,
  qualityRules,
  REFINED_SPECS,
  renderDqdl,
  type TableSpec,
} from "../src/specs";

/** The rule lines of a ruleset document, as Glue parses `Rules = [ rule, rule ]`. */
const lines = (dqdl: string) => {
  const body = /^Rules = \[\n([\s\S]*)\n\]\n$/.exec(dqdl);
  if (!body) throw new Error(`not a DQDL ruleset document:\n${dqdl}`);
  return (body[1] as string).split(",\n").map((l) => l.trim());
};

describe("data-quality rulesets generated from the table specs", () => {
  it("orders (current): keys complete and unique, required columns, statuses with NULL, freshness, row count", () => {
    expect(lines(renderDqdl(qualityRules(ordersCdc, 20)))).toEqual([
      'IsPrimaryKey "order_id" "item_key"',
      'IsComplete "created_at"',
      `ColumnValues "status" in [${ORDER_STATUSES.map((s) => `"${s}"`).join(", ")}, NULL]`,
      'CustomSql "SELECT COUNT(*) FROM primary WHERE CAST(updated_at AS TIMESTAMP) >= current_timestamp() - INTERVAL 20 MINUTES" > 0',
      // a CDC batch may rightly make nothing visible (deletes only): no lower bound
      "RowCount < avg(last(10)) * 10",
    ]);
  });

  it("client events (refined): the producer contract's required and enumerated fields, no key rule", () => {
    const rules = lines(renderDqdl(qualityRules(clientEvents, 75)));
    const required = CLIENT_EVENT_COLUMNS.filter((f) => f.required).map((f) => `IsComplete "${f.name}"`);
    expect(rules).toEqual(
      expect.arrayContaining([
        'IsComplete "event_type"',
        ...required,
        'ColumnValues "platform" in ["web", "ios", "android"]',
      ]),
    );
    // A required column's values admit no NULL; an optional column is never IsComplete.
    expect(rules.some((r) => r.startsWith("IsPrimaryKey"))).toBe(false);
    expect(rules).not.toContain('IsComplete "user_id"');
    expect(rules.find((r) => r.includes("INTERVAL"))).toContain("CAST(event_time AS TIMESTAMP)");
    expect(rules.filter((r) => r.startsWith("RowCount"))).toEqual([
      "RowCount > avg(last(10)) * 0.1",
      "RowCount < avg(last(10)) * 10",
    ]);
  });

  it("every refined and current table gets a ruleset whose freshness is its own target", () => {
    const specs: TableSpec[] = [...REFINED_SPECS, ...CDC_SPECS];
    for (const spec of specs) {
      const dqdl = renderDqdl(qualityRules(spec, 123));
      expect(dqdl).toContain(
        `CAST(${spec.freshnessColumn} AS TIMESTAMP) >= current_timestamp() - INTERVAL 123 MINUTES`,
      );
      for (const c of spec.columns.filter(
        (col) => col.required && !(spec.kind === "cdc" && spec.keys.includes(col.name)),
      ))
        expect(dqdl).toContain(`IsComplete "${c.name}"`);
    }
    expect(lines(renderDqdl(qualityRules(customersCdc, 20)))[0]).toBe('IsPrimaryKey "customer_id"');
    expect(renderDqdl(qualityRules(ga4Sessions, 1800))).toContain(
      'ColumnValues "device_category" in ["desktop", "mobile", "tablet", "smart tv", NULL]',
    );
  });

  it("row-count bounds come from the spec; no lower bound when min is 0", () => {
    const rules = qualityRules({ ...clientEvents, rowCountChange: { min: 0, max: 4 } }, 20).map(dqdlRule);
    expect(rules.filter((r) => r.startsWith("RowCount"))).toEqual(["RowCount < avg(last(10)) * 4"]);
    const orders = qualityRules({ ...ordersCdc, rowCountChange: { min: 0.5, max: 3 } }, 20).map(dqdlRule);
    expect(orders.filter((r) => r.startsWith("RowCount"))).toEqual([
      "RowCount > avg(last(10)) * 0.5",
      "RowCount < avg(last(10)) * 3",
    ]);
  });

  it("bad specs fail loudly, naming the table", () => {
    expect(() => qualityRules({ ...ordersCdc, freshnessColumn: "nope" }, 20)).toThrow(
      /orders: freshnessColumn nope/,
    );
    expect(() => qualityRules(ordersCdc, 0)).toThrow(/orders: freshness target/);
    expect(() => qualityRules({ ...ordersCdc, rowCountChange: { min: 2, max: 1.5 } }, 20)).toThrow(
      /orders: rowCountChange/,
    );
    const quoted = {
      ...ga4Sessions,
      columns: [...ga4Sessions.columns, { ...ga4Sessions.columns[0], name: "x", values: ['a"b'] }],
    };
    expect(() => renderDqdl(qualityRules(quoted as TableSpec, 60))).toThrow(/quote/);
  });
});
