import type { ColumnSpec } from "./types";

/**
 * The change log's audit table: one row per CDC entity and merge commit, counting the changes
 * that commit applied by operation. The merge job writes it (cdc_merge_job.py), so change volume
 * is read from here rather than from each entity's Iceberg `$snapshots`, which Lake Formation
 * serves only to principals holding every column of the entity (customers has confidential
 * columns readers never get). Every column is public: counts carry no entity's values.
 */
export const changeCounts = {
  dataset: "cdc_changes",
  table: "cdc_changes",
  description:
    "Changes applied per CDC entity and merge commit, by operation (written by the CDC merge job).",
  domain: "sales",
  columns: [
    {
      name: "entity",
      type: "string",
      sensitivity: "public",
      comment: "CDC entity (its table's dataset key).",
    },
    {
      name: "committed_at",
      type: "timestamp",
      sensitivity: "public",
      comment: "Time of the merge commit (UTC).",
    },
    {
      name: "inserted",
      type: "bigint",
      sensitivity: "public",
      comment: "Inserts applied (key new or deleted before).",
    },
    { name: "updated", type: "bigint", sensitivity: "public", comment: "Updates applied." },
    { name: "deleted", type: "bigint", sensitivity: "public", comment: "Deletes applied." },
  ] satisfies ColumnSpec[],
} as const;

export type ChangeCountsTable = typeof changeCounts;
