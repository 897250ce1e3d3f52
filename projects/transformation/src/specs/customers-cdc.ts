import { SOURCE_FILE_COLUMN } from "./sql";
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
    { name: "customer_id", type: "bigint", key: true },
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
  // A full load (the first, or a `reload-target` after a gap) is a snapshot: keys it lacks were deleted.
  // - Its files are named LOAD + 8 hex digits (CHAP_Target.S3 [DMS-S3]); CDC files by timestamp, so
  //   the name tells them apart (Op cannot: IncludeOpForFullLoad gives its rows `I`). The extension is
  //   matched loosely (the GZIP one is not documented, aws-data-paths.md §1.1).
  // - All rows of one load carry the task start time in `_dms_commit_ts`
  //   (UseTaskStartTimeForFullLoadTimestamp, API_S3Settings [DMS-API-S3]; the ingestion endpoint sets
  //   it): that is the load's sequence. Which start time a `reload-target` run stamps is not
  //   documented; if it were the first run's, the reload would delete nothing (never wrongly).
  // - Whether a reload removes the earlier LOAD files (TargetTablePrepMode DO_NOTHING, which the
  //   replication sets: "data and metadata of the existing target table aren't affected", full-load
  //   task settings) or writes over them under the same names is not documented for S3: the SQL takes
  //   the latest load among the rows read either way.
  // A missing key's tombstone: the load's start time, change_seq '' (below every padded change_seq).
  fullLoad: {
    rows: `src.${SOURCE_FILE_COLUMN} LIKE '%/LOAD________.%'`,
    missingSequence: ["f._cdc_commit_ts", "''"],
  },
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
