import {
  dmsSettingsFromPlan,
  type Row,
  type SourceHistory,
  type SourceTable,
  writeDmsFiles,
} from "./dms-s3-target";
import type { LocalGlue } from "./glue-runner";
import type { StackPlan } from "./plan";

/** Aurora `public.customers` as its DDL declares it. */
export const customersTable: SourceTable = {
  schema: "public",
  table: "customers",
  key: ["customer_id"],
  columns: [
    { name: "customer_id", type: "bigint" },
    { name: "email", type: "text" },
    { name: "full_name", type: "text" },
    { name: "country", type: "text" },
    { name: "created_at", type: "timestamp" },
    { name: "updated_at", type: "timestamp" },
  ],
};

/** A `public.customers` row last updated at `updatedAt`. */
export const customerRow = (
  id: number,
  country: string,
  updatedAt: Date,
  email = `customer${id}@example.com`,
): Row => ({
  customer_id: id,
  email,
  full_name: `Customer ${id}`,
  country,
  created_at: "2026-02-28T00:00:00.000Z",
  updated_at: updatedAt.toISOString(),
});

/** Aurora `public.customers` as the sample source: a day of changes around the full load. */
export function customersHistory(taskStart = new Date("2026-03-01T00:00:00Z")): SourceHistory {
  const at = (seconds: number) => new Date(taskStart.getTime() + seconds * 1000);
  const customer = (id: number, country: string, seconds = -86_400) => customerRow(id, country, at(seconds));
  return {
    table: customersTable,
    initialRows: [customer(1, "DE"), customer(2, "DE"), customer(3, "FR"), customer(4, "IT")],
    taskStart,
    loadSeconds: 10,
    transactions: [
      // Committed while the table loads: customer 3 is transferred later (at 7.5 s), 4 at 10 s.
      { commitTime: at(2), changes: [{ op: "U", row: customer(3, "ES", 2) }] },
      { commitTime: at(3), changes: [{ op: "D", row: { customer_id: 4 } }] },
      // One transaction, two changes of one row: only the change sequence orders them.
      {
        commitTime: at(90),
        changes: [
          { op: "U", row: customer(1, "AT", 90) },
          { op: "U", row: customer(1, "CH", 90) },
        ],
      },
      { commitTime: at(120), changes: [{ op: "I", row: customer(5, "DE", 120) }] },
      { commitTime: at(3_600), changes: [{ op: "D", row: { customer_id: 2 } }] },
    ],
  };
}

/** Aurora -> DMS (files generated from the plan's endpoint and mappings) -> raw zone; returns the keys written. */
export async function replicateAurora(
  glue: LocalGlue,
  plan: StackPlan,
  history: SourceHistory,
  endpointOverrides = {},
) {
  const endpoint = {
    ...plan.inputs("ingestion", "aws:dms/s3Endpoint:S3Endpoint", "aurora-cdc-target"),
    ...endpointOverrides,
  };
  // A Serverless replication config or a replication task on an instance: the same mappings.
  const replication = plan.has("ingestion", "aws:dms/replicationTask:ReplicationTask", "aurora-cdc")
    ? plan.inputs("ingestion", "aws:dms/replicationTask:ReplicationTask", "aurora-cdc")
    : plan.inputs("ingestion", "aws:dms/replicationConfig:ReplicationConfig", "aurora-cdc");
  const mappings = replication.tableMappings;
  const { settings, addColumns } = dmsSettingsFromPlan(endpoint, mappings);
  return writeDmsFiles(glue.lake, settings, addColumns, history);
}
