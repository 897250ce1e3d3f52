import { changeCounts } from "./change-counts";
import { CDC_DELETED_COLUMN } from "./sql";
import type { CdcTableSpec, ColumnSpec, RefinedTableSpec, SqlType } from "./types";

/** Glue column definitions of a refined table (partition column excluded). */
export function glueColumns(spec: RefinedTableSpec) {
  return spec.columns.map((c) => ({
    name: c.name,
    type: c.type,
    comment: c.comment,
    parameters: { sensitivity: c.sensitivity },
  }));
}

export function gluePartitionKeys(spec: RefinedTableSpec) {
  return [
    {
      name: spec.partitionColumn,
      type: "date",
      comment: `UTC date of ${spec.eventTimeColumn}`,
    },
  ];
}

/** Iceberg's name for a Spark type: Spark TIMESTAMP is zone-aware (timestamptz), BIGINT is long. */
export function icebergType(type: SqlType): string {
  switch (type) {
    case "bigint":
      return "long";
    case "timestamp":
      return "timestamptz";
    default:
      return type;
  }
}

export interface IcebergField {
  id: number;
  name: string;
  type: string;
  required: boolean;
  doc: string;
}

/**
 * Iceberg schema of a CDC table: spec columns, sequence columns, then the tombstone flag. No field is `required`:
 * Spark's Iceberg writes refuse a nullable source column into a required field, and every
 * column of the MERGE source is nullable to Spark's analyzer (TRY_CAST); the MERGE itself
 * guarantees non-null, unique keys (it drops null keys and keeps one change per key).
 */
export function icebergSchema(spec: CdcTableSpec): { fields: IcebergField[] } {
  return icebergFields(cdcTableColumns(spec));
}

/** The columns of a CDC table in Spark SQL types, in order: what the merge job's manifest declares. */
export function cdcTableColumns(spec: CdcTableSpec): { name: string; type: SqlType; doc: string }[] {
  return [
    ...spec.columns.map((c) => ({ name: c.name, type: c.type, doc: c.comment })),
    ...spec.sequence.map((s) => ({ name: s.name, type: s.type, doc: s.comment })),
    {
      name: CDC_DELETED_COLUMN,
      type: "boolean" as const,
      doc: "true: the key was deleted at this sequence (a tombstone); current state is NOT _cdc_deleted.",
    },
  ];
}

function icebergFields(columns: { name: string; type: SqlType; doc: string }[]): { fields: IcebergField[] } {
  const fields = columns.map((c, i) => ({
    id: i + 1,
    name: c.name,
    // The Glue API parses each field type as a JSON document.
    type: JSON.stringify(icebergType(c.type)),
    required: false,
    doc: c.doc,
  }));
  return { fields };
}

/** Iceberg schema of the change log's audit table (unpartitioned: one small row per entity and commit). */
export function changeCountsSchema(): { fields: IcebergField[] } {
  return icebergFields(
    (changeCounts.columns as readonly ColumnSpec[]).map((c) => ({
      name: c.name,
      type: c.type,
      doc: c.comment,
    })),
  );
}

/** Iceberg partition spec of a CDC table, if it declares one. */
export function icebergPartitionSpec(spec: CdcTableSpec) {
  if (!spec.partition) return undefined;
  const { column, transform } = spec.partition;
  const source = icebergSchema(spec).fields.find((f) => f.name === column);
  if (!source) throw new Error(`table spec ${spec.dataset}: partition column ${column} is not a column`);
  return {
    specId: 0,
    fields: [
      {
        name: transform === "identity" ? column : `${column}_${transform}`,
        sourceId: source.id,
        transform,
        fieldId: 1000,
      },
    ],
  };
}

/** Sensitivity per column, for LF-tags on columns. */
export function columnSensitivities(spec: {
  columns: readonly Pick<ColumnSpec, "name" | "sensitivity">[];
}): Record<string, string> {
  return Object.fromEntries(spec.columns.map((c) => [c.name, c.sensitivity]));
}
