import { clientEvents } from "./client-events";
import { customersCdc } from "./customers-cdc";
import { ga4Sessions } from "./ga4-sessions";
import { ORDER_STATUSES, ordersCdc, ordersCdcFor } from "./orders-cdc";
import type { CdcTableSpec, RefinedTableSpec } from "./types";

export * from "./catalog";
export * from "./change-counts";
export * from "./quality";
export * from "./sql";
export * from "./types";
export { clientEvents, customersCdc, ga4Sessions, ORDER_STATUSES, ordersCdc, ordersCdcFor };

/** Raw -> refined Parquet datasets, each with its own refine job. */
export const REFINED_SPECS: readonly RefinedTableSpec[] = [clientEvents, ga4Sessions];
/** Entities the CDC merge job keeps current in Iceberg, as the catalog declares them. */
export const CDC_SPECS: readonly CdcTableSpec[] = [ordersCdc, customersCdc];

/**
 * The same entities as the merge job reads them from a DynamoDB source table whose key schema
 * is `sourceKeys` (ingestion's `sourceTableKeys`): same tables and columns, SQL reading those keys.
 */
export function cdcSpecsFor(sourceKeys: readonly string[]): readonly CdcTableSpec[] {
  return [ordersCdcFor(sourceKeys), customersCdc];
}
