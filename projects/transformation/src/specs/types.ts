import type { RawSource } from "@lakehouse/contracts";

/**
 * Typed table specs: one per dataset. Each spec is the single source of both the catalog
 * definition (Glue Parquet table or Iceberg table) and the Spark SQL its job runs, so the two
 * cannot drift apart. The SQL uses a portable subset that DuckDB also runs (see sql.ts).
 */

/** Column types, spelled as Spark SQL and Hive/Glue spell them. */
export type SqlType =
  | "string"
  | "int"
  | "bigint"
  | "double"
  | "boolean"
  | "date"
  | "timestamp"
  | `decimal(${number},${number})`;

/** How sensitive a column's values are; becomes the column's `sensitivity` LF-tag value. */
export type Sensitivity = "public" | "internal" | "confidential";

/** A field of the raw files as the job reads them (raw JSON keeps times as strings). */
export interface RawField {
  name: string;
  type: SqlType | { struct: RawField[] };
  /**
   * The field identifies a row (a key, or a key struct): the jobs refuse a batch where it is
   * missing, changed type or, for a struct, changed attributes (README "Schema changes"). @default false
   */
  key?: boolean;
}

export interface ColumnSpec {
  name: string;
  type: SqlType;
  comment: string;
  sensitivity: Sensitivity;
  /** Expression over the source view (alias `src`) whose value is cast to `type`. @default `src.<name>` */
  from?: string;
  /** Every published row has a value (a data-quality rule: IsComplete). @default false */
  required?: boolean;
  /** The only values the column may hold (NULL too unless `required`): a ColumnValues rule. */
  values?: readonly string[];
}

/** Bounds of a batch's row count relative to the average of the previous runs (RowCount dynamic rule). */
export interface RowCountChange {
  /** The batch has more than `min` x the average (0: no lower bound). */
  min: number;
  /** The batch has fewer than `max` x the average. */
  max: number;
}

interface TableSpecBase {
  /** Dataset id: the key of this table in the layer's outputs. */
  dataset: string;
  /** Table name in its database. */
  table: string;
  description: string;
  /** Raw-zone source; its prefix comes from the ingestion layer's contract. */
  source: RawSource;
  /** Path below the source prefix the job reads. @default "" (the whole prefix) */
  sourceSubpath?: string;
  sourceFormat: "json" | "parquet";
  /** Schema the job reads the raw files with; absent fields become typed nulls. */
  rawSchema: RawField[];
  /** Output columns, in order (partition columns excluded). */
  columns: ColumnSpec[];
  /** `domain` LF-tag value of the table. */
  domain: string;
  /** Column whose newest value must be within the table's freshness target (a date or timestamp). */
  freshnessColumn: string;
  /** Row-count change against the previous runs. @default DEFAULT_ROW_COUNT_CHANGE of the table's kind (quality.ts) */
  rowCountChange?: RowCountChange;
}

/** Raw -> refined Parquet: typed, deduplicated, partitioned by event time. */
export interface RefinedTableSpec extends TableSpecBase {
  kind: "refined";
  /** Output column (type timestamp or date) the partition column derives from. */
  eventTimeColumn: string;
  /** Output columns that identify one event: duplicates keep the latest by event time. */
  dedupeKeys: string[];
  /** Partition column derived from the event time (a `date`). */
  partitionColumn: string;
}

/** An ordering column of a change: later changes compare greater. */
export interface SequenceColumn {
  name: string;
  type: SqlType;
  /** Expression over `src`; must never be null (coalesce in it). */
  from: string;
  comment: string;
}

/** How a CDC source's full loads show among its changes. */
export interface FullLoadSpec {
  /** Predicate over `src`: the row belongs to a full load. Every row of one load has the same sequence. */
  rows: string;
  /**
   * The sequence of a tombstone for a key a load lacks, one expression per sequence column over the
   * load's own sequence (`f.<name>`): later than every change before the load, earlier than its rows.
   */
  missingSequence: string[];
}

/** CDC changes -> Iceberg table kept current by MERGE INTO. */
export interface CdcTableSpec extends TableSpecBase {
  kind: "cdc";
  /** Primary key columns (output names). */
  keys: string[];
  /** Expression over `src` yielding 'I', 'U' or 'D'. */
  operation: string;
  /** Ordering of changes of one key, most significant first; stored in the table to reject late changes. */
  sequence: SequenceColumn[];
  /**
   * Rows that are a full load (a snapshot of the whole source table, e.g. DMS `LOAD` files after a
   * `reload-target`): a key the snapshot lacks whose latest change is older than it was deleted
   * meanwhile and becomes a tombstone (sql.ts). @default none (no source snapshot, as DynamoDB's)
   */
  fullLoad?: FullLoadSpec;
  /** Iceberg partition transform over an output column, e.g. `{ column: "created_at", transform: "month" }`. */
  partition?: { column: string; transform: "identity" | "year" | "month" | "day" };
}

export type TableSpec = RefinedTableSpec | CdcTableSpec;
