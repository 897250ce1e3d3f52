import { readFileSync } from "node:fs";
import { join } from "node:path";
import { isGlueIdentifier, type QuickSightColumnType } from "@lakehouse/components";

/** Where the report SQL lives: shipped as Athena named queries, executed on DuckDB in tests. */
export const SQL_DIR = join(__dirname, "..", "sql");

export function readReportSql(file: string): string {
  return readFileSync(join(SQL_DIR, file), "utf8");
}

/** Which catalog database a report reads. */
export type ReportDatabase = "refined" | "cdc";

export interface ReportDefinition {
  /** Report name: key of the named query id in the outputs, QuickSight dataset suffix. */
  name: string;
  file: string;
  description: string;
  database: ReportDatabase;
  /** Number of `?` date parameters (first day, last day), 0 for current-state reports. */
  dateParameters: 0 | 2;
  /** Reads Iceberg snapshot metadata: history ends where snapshot retention expired it. @default false */
  readsSnapshots?: boolean;
  /** Columns the query returns, with their QuickSight types. */
  columns: { name: string; type: QuickSightColumnType }[];
}

export const DAILY_EVENTS_BY_TYPE: ReportDefinition = {
  name: "daily_events_by_type",
  file: "daily_events_by_type.sql",
  description:
    "Client events and distinct users per day and event type; parameters: first day, last day (YYYY-MM-DD).",
  database: "refined",
  dateParameters: 2,
  columns: [
    { name: "event_date", type: "DATETIME" },
    { name: "event_type", type: "STRING" },
    { name: "events", type: "INTEGER" },
    { name: "users", type: "INTEGER" },
  ],
};

export const GA4_SESSIONS_PER_DAY: ReportDefinition = {
  name: "ga4_sessions_per_day",
  file: "ga4_sessions_per_day.sql",
  description:
    "Google Analytics 4 sessions per day, and the bounds of the day's distinct users (largest segment, sum of segments); parameters: first day, last day (YYYY-MM-DD).",
  database: "refined",
  dateParameters: 2,
  columns: [
    { name: "session_date", type: "DATETIME" },
    { name: "sessions", type: "INTEGER" },
    { name: "users_at_least", type: "INTEGER" },
    { name: "users_at_most", type: "INTEGER" },
    { name: "engaged_sessions", type: "INTEGER" },
  ],
};

export const CDC_CHANGE_VOLUME: ReportDefinition = {
  name: "cdc_change_volume",
  file: "cdc_change_volume.sql",
  description:
    "CDC merge commits and the inserts, updates and deletes they applied, per source (entity) and day, from the change log's audit table the merge job writes; parameters: first day, last day (YYYY-MM-DD).",
  database: "cdc",
  dateParameters: 2,
  columns: [
    { name: "change_date", type: "DATETIME" },
    { name: "source", type: "STRING" },
    { name: "commits", type: "INTEGER" },
    { name: "inserted_records", type: "INTEGER" },
    { name: "updated_records", type: "INTEGER" },
    { name: "deleted_records", type: "INTEGER" },
  ],
};

/** Current state of one CDC entity, counted by one of its columns (one report per entity). */
export function cdcCurrentState(entity: string, column: string): ReportDefinition {
  return {
    name: `cdc_current_state_${entity}`,
    file: "cdc_entity_current_state.sql",
    description: `Live ${entity} per ${column}, from the ${entity} Iceberg table; no parameters.`,
    database: "cdc",
    dateParameters: 0,
    columns: [
      { name: column, type: "STRING" },
      { name: "entities", type: "INTEGER" },
    ],
  };
}

/**
 * The `{{entities}}` fragment of the change-volume report: the reported entities as SQL string
 * literals for `entity IN (...)`, each checked to be a Glue identifier (no quote can get in).
 */
export function entityList(entities: string[]): string {
  if (entities.length === 0) throw new Error("the change-volume report needs at least one CDC entity");
  for (const name of entities) {
    if (!isGlueIdentifier(name)) throw new Error(`not a Glue identifier: ${JSON.stringify(name)}`);
  }
  return entities.map((e) => `'${e}'`).join(", ");
}

/**
 * Days a dashboard dataset of `report` looks back: the configured window, except that a report
 * over snapshot metadata cannot see past snapshot retention (older snapshots are expired), so
 * its window is the retention: a 30-day chart over 3 days of snapshots would show 27 empty days
 * as if nothing had changed.
 */
export function reportWindowDays(
  report: ReportDefinition,
  windowDays: number,
  snapshotRetentionDays: number,
) {
  return report.readsSnapshots === true ? Math.min(windowDays, snapshotRetentionDays) : windowDays;
}

const DATE_PARAMETER = /CAST\(\s*\?\s+AS\s+DATE\s*\)/gi;

/**
 * A dated report as a rolling window for QuickSight, which cannot bind `?`: the first-day
 * parameter becomes `current_date - N days` and the last-day one `current_date`. Both are
 * constants to Athena's planner, so the partition filter still prunes.
 */
export function withRollingWindow(sql: string, days: number): string {
  const found = sql.match(DATE_PARAMETER)?.length ?? 0;
  if (found !== 2) throw new Error(`expected 2 date parameters CAST(? AS DATE), found ${found}`);
  if (!Number.isInteger(days) || days < 1)
    throw new Error(`window must be a positive number of days, got ${days}`);
  const bounds = [`CAST(current_date - INTERVAL '${days}' DAY AS DATE)`, "current_date"];
  let i = 0;
  return sql.replace(DATE_PARAMETER, () => bounds[i++] as string);
}
