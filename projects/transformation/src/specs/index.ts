import { clientEvents } from "./client-events";
import { customersCdc } from "./customers-cdc";
import { ga4Sessions } from "./ga4-sessions";
import { ordersCdc } from "./orders-cdc";
import type { CdcTableSpec, RefinedTableSpec } from "./types";

export * from "./catalog";
export * from "./sql";
export * from "./types";
export { clientEvents, customersCdc, ga4Sessions, ordersCdc };

/** Raw -> refined Parquet datasets, each with its own refine job. */
export const REFINED_SPECS: readonly RefinedTableSpec[] = [clientEvents, ga4Sessions];
/** Entities the CDC merge job keeps current in Iceberg. */
export const CDC_SPECS: readonly CdcTableSpec[] = [ordersCdc, customersCdc];
