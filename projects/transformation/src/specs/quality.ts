import type { RowCountChange, TableSpec } from "./types";

/**
 * Data quality as code: each table's rules, generated from its spec, and their DQDL (the
 * language of AWS Glue Data Quality). The same text is the table's `aws.glue.DataQualityRuleset`
 * and what its job evaluates (EvaluateDataQuality) on the rows it is about to publish; locally,
 * packages/pipeline translates it to DuckDB SQL. DQDL as the Glue developer guide writes it:
 * - `Rules = [ rule, rule ]`, rule types case-sensitive (dqdl.html "DQDL syntax");
 * - `IsPrimaryKey "a" "b"`: every listed column complete and the combination unique (dqdl-rule-types-IsPrimaryKey);
 * - `IsComplete "c"` (dqdl-rule-types-IsComplete);
 * - `ColumnValues "c" in ["x", "y", NULL]`: the NULL keyword lets NULL pass (dqdl.html "Keywords
 *   for NULL, EMPTY and WHITESPACES_ONLY"; dqdl-rule-types-ColumnValues);
 * - `CustomSql "SELECT COUNT(*) FROM primary WHERE ..." > 0` (dqdl-rule-types-CustomSql: `primary`
 *   is the evaluated data): at least one row within the freshness target, i.e. the newest is. Not
 *   `DataFreshness`, which requires every row to be fresh (dqdl-rule-types-DataFreshness, "Null
 *   behavior": a compliance ratio over rows), and a batch may rightly carry late rows;
 * - `RowCount > avg(last(10)) * 0.1`: a dynamic rule against the previous runs' row counts
 *   (dqdl-rule-types-RowCount "Sample dynamic rules"; dynamic rules run only in Glue ETL, dqdl.html).
 */

export type QualityRule =
  | { kind: "primaryKey"; columns: string[] }
  | { kind: "complete"; column: string }
  | { kind: "values"; column: string; values: readonly string[]; nullable: boolean }
  | { kind: "fresh"; column: string; minutes: number }
  | { kind: "rowCount"; compare: ">" | "<"; factor: number; runs: number };

/** The rule types a run reports but does not gate on (job argument `--dq_report_only`). */
export { REPORT_ONLY_RULE_TYPES } from "@lakehouse/contracts";

/**
 * Row-count bounds when a spec states none. Refined: the rewritten partitions hold 1/10 to 10 x
 * the recent average. Current tables: at most 10 x, no lower bound, since a CDC batch's visible
 * rows follow the source's activity (a quiet hour, or a batch of deletes only, has none).
 */
export const DEFAULT_ROW_COUNT_CHANGE: Record<TableSpec["kind"], RowCountChange> = {
  refined: { min: 0.1, max: 10 },
  cdc: { min: 0, max: 10 },
};
/** Previous runs the row-count rules average over. */
export const ROW_COUNT_RUNS = 10;

/**
 * The rules of a table, from its spec and its freshness target (minutes, stack config
 * `freshnessTargetMinutes`). Current (CDC) tables: keys complete and unique. Every table:
 * required columns complete, enumerated columns within their values, the newest row within
 * the target, the row count within bounds of the previous runs'.
 */
export function qualityRules(spec: TableSpec, freshnessMinutes: number): QualityRule[] {
  if (!Number.isInteger(freshnessMinutes) || freshnessMinutes <= 0)
    throw new Error(
      `data quality ${spec.dataset}: freshness target must be whole minutes > 0, got ${freshnessMinutes}`,
    );
  const columns = new Map(spec.columns.map((c) => [c.name, c]));
  if (!columns.has(spec.freshnessColumn))
    throw new Error(`data quality ${spec.dataset}: freshnessColumn ${spec.freshnessColumn} is not a column`);
  const keys = spec.kind === "cdc" ? spec.keys : [];
  const bounds = spec.rowCountChange ?? DEFAULT_ROW_COUNT_CHANGE[spec.kind];
  if (!(bounds.min >= 0 && bounds.max > Math.max(bounds.min, 1)))
    throw new Error(`data quality ${spec.dataset}: rowCountChange needs 0 <= min and max > max(min, 1)`);
  return [
    ...(keys.length ? [{ kind: "primaryKey" as const, columns: keys }] : []),
    ...spec.columns
      .filter((c) => c.required && !keys.includes(c.name))
      .map((c) => ({ kind: "complete" as const, column: c.name })),
    ...spec.columns
      .filter((c) => c.values)
      .map((c) => ({
        kind: "values" as const,
        column: c.name,
        values: c.values as readonly string[],
        nullable: !c.required,
      })),
    { kind: "fresh", column: spec.freshnessColumn, minutes: freshnessMinutes },
    ...(bounds.min > 0
      ? [{ kind: "rowCount" as const, compare: ">" as const, factor: bounds.min, runs: ROW_COUNT_RUNS }]
      : []),
    { kind: "rowCount", compare: "<", factor: bounds.max, runs: ROW_COUNT_RUNS },
  ];
}

const name = (column: string) => {
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(column)) throw new Error(`DQDL: column ${column} is not a plain name`);
  return `"${column}"`;
};
const literal = (value: string) => {
  if (/["\\]/.test(value)) throw new Error(`DQDL: value ${value} has a quote or backslash`);
  return `"${value}"`;
};

/** One rule as DQDL. */
export function dqdlRule(rule: QualityRule): string {
  switch (rule.kind) {
    case "primaryKey":
      return `IsPrimaryKey ${rule.columns.map(name).join(" ")}`;
    case "complete":
      return `IsComplete ${name(rule.column)}`;
    case "values":
      return `ColumnValues ${name(rule.column)} in [${[...rule.values.map(literal), ...(rule.nullable ? ["NULL"] : [])].join(", ")}]`;
    case "fresh":
      return `CustomSql "SELECT COUNT(*) FROM primary WHERE CAST(${rule.column} AS TIMESTAMP) >= current_timestamp() - INTERVAL ${rule.minutes} MINUTES" > 0`;
    case "rowCount":
      return `RowCount ${rule.compare} avg(last(${rule.runs})) * ${rule.factor}`;
  }
}

/** A ruleset document: `Rules = [ ... ]`, one rule a line. */
export function renderDqdl(rules: QualityRule[]): string {
  if (rules.length === 0) throw new Error("DQDL: a ruleset needs at least one rule");
  return `Rules = [\n${rules.map((r) => `  ${dqdlRule(r)}`).join(",\n")}\n]\n`;
}

/** The ruleset name of a table in a stack: `<prefix>-<dataset>` (Glue: 1-255 characters). */
export const rulesetName = (namePrefix: string, spec: TableSpec) =>
  `${namePrefix}-${spec.dataset.replace(/_/g, "-")}`;
