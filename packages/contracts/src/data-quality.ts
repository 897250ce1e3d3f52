/**
 * Which DQDL rule types a Glue job run reports instead of gating on (job argument
 * `--dq_report_only`, a JSON list). Shared by the transformation jobs' defaults and the
 * `lakehouse data backfill` override, so the two cannot drift apart.
 */

/**
 * A scheduled run: the freshness rule (CustomSql) only reports, because a late batch only gets
 * later by waiting, and a quarantined one would stay out for good.
 */
export const REPORT_ONLY_RULE_TYPES = ["CustomSql"] as const;

/**
 * A backfill adds RowCount: it rewrites many days at once, so its row count is meant to exceed
 * the recent batches' average. Completeness, keys and allowed values still gate the rewritten days.
 */
export const BACKFILL_REPORT_ONLY_RULE_TYPES = [...REPORT_ONLY_RULE_TYPES, "RowCount"] as const;
