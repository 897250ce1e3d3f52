import type { CdcTableSpec } from "./types";

/**
 * Aurora PostgreSQL `public.customers`, from DMS (full load + CDC) Parquet files: an `Op`
 * column (I/U/D; I on full-load rows), the commit timestamp column `_dms_commit_ts`
 * (DMS `timestampColumnName`; the task start time on full-load rows) and `change_seq`
 * (`$AR_H_CHANGE_SEQ`, added by the ingestion table mapping) that orders changes committed in
 * the same instant.
 */
export const customersCdc: CdcTableSpec = {
  kind: "cdc",
  dataset: "customers",
  table: "customers",
  description: "Current state of the Aurora customers table, merged from DMS changes.",
  source: "auroraCdc",
  sourceSubpath: "public/customers/",
  sourceFormat: "parquet",
  domain: "sales",
  rawSchema: [
    { name: "Op", type: "string" },
    { name: "_dms_commit_ts", type: "string" },
    { name: "change_seq", type: "string" },
    { name: "customer_id", type: "bigint" },
    { name: "email", type: "string" },
    { name: "full_name", type: "string" },
    { name: "country", type: "string" },
    { name: "created_at", type: "timestamp" },
    { name: "updated_at", type: "timestamp" },
  ],
  columns: [
    {
      name: "customer_id",
      type: "bigint",
      sensitivity: "public",
      comment: "Customer id (primary key).",
      required: true,
    },
    {
      name: "email",
      type: "string",
      sensitivity: "confidential",
      comment: "Email address (PII).",
      required: true,
    },
    { name: "full_name", type: "string", sensitivity: "confidential", comment: "Full name (PII)." },
    { name: "country", type: "string", sensitivity: "internal", comment: "ISO 3166 country." },
    {
      name: "created_at",
      type: "timestamp",
      sensitivity: "public",
      comment: "Creation time (UTC).",
      required: true,
    },
    { name: "updated_at", type: "timestamp", sensitivity: "public", comment: "Last change time (UTC)." },
  ],
  keys: ["customer_id"],
  freshnessColumn: "updated_at",
  // Full-load rows carry no Op unless includeOpForFullLoad is set: they are inserts.
  operation: "COALESCE(UPPER(src.Op), 'I')",
  sequence: [
    {
      name: "_cdc_commit_ts",
      type: "timestamp",
      from: "COALESCE(TRY_CAST(src._dms_commit_ts AS TIMESTAMP), CAST('1970-01-01 00:00:00' AS TIMESTAMP))",
      comment: "Source commit time of the last applied change.",
    },
    {
      name: "_cdc_change_seq",
      type: "string",
      from: "LPAD(COALESCE(src.change_seq, ''), 40, '0')",
      comment: "DMS change sequence within a commit instant (zero-padded).",
    },
  ],
};
